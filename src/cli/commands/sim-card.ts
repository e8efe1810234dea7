import type { Command } from 'commander';

import { buildCardImage, writeCardImage } from '../../sim/card-image.js';
import type { KeySpec } from '../../sim/x509-builder.js';
import { CARD_FAULTS, parseCardFault, type CardFault } from '../../sim/card/faults.js';
import { readPersonRecord } from '../../sim/person.js';
import { readTestPki } from '../../sim/pki.js';
import { CliExit } from '../exit.js';
import { describeFileError } from '../file-errors.js';
import { commandGroup } from './command-group.js';

interface SimCardOptions {
  person: string;
  pki: string;
  out: string;
  jpeg2000?: boolean;
  fault: string[];
  signer?: string;
  aaKey: string;
  extendedLength?: boolean;
  latency?: string;
}

/** Active authentication keys by `--aa-key` value; none issues the card without DG15. */
const ACTIVE_AUTHENTICATION_KEYS: Record<string, KeySpec | null> = {
  ec: { type: 'ec', curve: 'brainpoolP256r1' },
  rsa: { type: 'rsa', modulusBits: 2048 },
  none: null,
};

/** Adds `examgate sim card --person PERSON.json --pki DIR --out CARD.json [--jpeg2000] [--fault NAME[=VALUE]]...`. */
export function register(program: Command): void {
  const faultList = Object.entries(CARD_FAULTS).map(([name, meaning]) => `  ${name}: ${meaning}`).join('\n');

  commandGroup(program, 'sim', 'Thẻ CCCD giả lập để thử nghiệm / Simulated CCCD cards for tests and training')
    .command('card')
    .description('Tạo ảnh thẻ CCCD giả lập / Write a virtual CCCD card image from a person record and a test PKI')
    .requiredOption('--person <file>', 'person record JSON (format examgate-person/1), e.g. samples/people/tran-thi-bich-ngoc.json')
    .requiredOption('--pki <dir>', 'test PKI folder written by `examgate sim pki`')
    .requiredOption('--out <file>', 'card image JSON file to write (CARD.json)')
    .option('--jpeg2000', 'store the face in DG2 as JPEG 2000 instead of JPEG')
    .option('--fault <name>', 'inject a named fault; repeat for several (see below)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--signer <id>', 'document signer id of the test PKI (default ds-brainpoolP256r1)')
    .option('--aa-key <type>', 'active authentication key: ec (brainpoolP256r1), rsa (2048 bits), or none (no DG15: the chip proves itself by chip authentication only)', 'ec')
    .option('--extended-length', 'let the card accept extended-length READ BINARY')
    .option('--latency <ms>', 'delay before every answer, in milliseconds')
    .addHelpText('after', `\nFaults (--fault NAME or NAME=VALUE):\n${faultList}\n`)
    .action(async (options: SimCardOptions) => {
      await runSimCard(options);
    });
}

async function runSimCard(options: SimCardOptions): Promise<void> {
  let faults: CardFault[];

  try {
    faults = options.fault.map(parseCardFault);
  } catch (error) {
    return fail((error as Error).message);
  }

  const activeAuthenticationKey = Object.hasOwn(ACTIVE_AUTHENTICATION_KEYS, options.aaKey) ? ACTIVE_AUTHENTICATION_KEYS[options.aaKey] : undefined;

  if (activeAuthenticationKey === undefined) {
    return fail(`--aa-key "${options.aaKey}" is not a key type; use ec, rsa or none`);
  }

  const latencyMs = options.latency === undefined ? undefined : Number(options.latency);

  if (latencyMs !== undefined && (!Number.isInteger(latencyMs) || latencyMs < 0)) {
    return fail(`--latency "${options.latency}" is not a whole number of milliseconds`);
  }

  try {
    const person = await readPersonRecord(options.person);
    const pki = await readTestPki(options.pki);
    const image = await buildCardImage({
      person,
      pki,
      faceFormat: options.jpeg2000 === true ? 'jpeg2000' : 'jpeg',
      activeAuthenticationKey,
      faults,
      ...(options.signer === undefined ? {} : { signerId: options.signer }),
      behaviour: { extendedLength: options.extendedLength === true, ...(latencyMs === undefined ? {} : { latencyMs }) },
    });

    await writeCardImage(image, options.out);

    const sizes = Object.entries(image.files).map(([name, bytes]) => `${name} ${bytes.length} B`).join(', ');
    process.stdout.write([
      `Đã ghi ảnh thẻ / Card image written: ${options.out}`,
      `  Tệp / Files: ${sizes}`,
      `  Ký bởi / Signed by: ${image.signerId}`,
      `  Lỗi giả lập / Faults: ${image.faults.length === 0 ? 'không / none' : options.fault.join(', ')}`,
      'Chỉ dùng để thử nghiệm / For tests only: the file holds the chip\'s private keys and its CAN.',
      '',
    ].join('\n'));
  } catch (error) {
    return fail(describeFileError(error) ?? (error as Error).message);
  }
}

function fail(message: string): never {
  process.stderr.write(`examgate sim card: ${message}\n`);
  throw new CliExit(2);
}
