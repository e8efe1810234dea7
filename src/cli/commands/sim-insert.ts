import type { Command } from 'commander';

import { readCardImage, virtualCardFromImage } from '../../sim/card-image.js';
import { insertIntoVpcd, VPCD_DEFAULT_PORT } from '../../sim/vpcd.js';
import { CliExit } from '../exit.js';
import { describeFileError } from '../file-errors.js';
import { commandGroup } from './command-group.js';

interface SimInsertOptions {
  vpcdPort: string;
}

/** Adds `examgate sim insert CARD.json [--vpcd-port N]`. */
export function register(program: Command): void {
  commandGroup(program, 'sim', 'Thẻ CCCD giả lập để thử nghiệm / Simulated CCCD cards for tests and training')
    .command('insert')
    .description('Đặt thẻ giả lập vào đầu đọc ảo / Put a virtual card into the vpcd reader of pcscd until stopped (Ctrl+C removes it)')
    .argument('<card>', 'card image JSON file written by `examgate sim card`')
    .option('--vpcd-port <port>', `TCP port of the vpcd reader slot (${VPCD_DEFAULT_PORT} is "Virtual PCD 00 00", ${VPCD_DEFAULT_PORT + 1} is "Virtual PCD 00 01")`, String(VPCD_DEFAULT_PORT))
    .action(async (cardPath: string, options: SimInsertOptions) => {
      await runSimInsert(cardPath, options);
    });
}

async function runSimInsert(cardPath: string, options: SimInsertOptions): Promise<void> {
  const port = Number(options.vpcdPort);

  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail(`--vpcd-port "${options.vpcdPort}" is not a TCP port number`);
  }

  let insertion;

  try {
    const card = virtualCardFromImage(await readCardImage(cardPath));
    insertion = await insertIntoVpcd(card, { port });
  } catch (error) {
    return fail(describeFileError(error) ?? (error as Error).message);
  }

  process.stdout.write(`Đã đặt thẻ vào đầu đọc / Card inserted into the vpcd reader on port ${port}; Ctrl+C removes it.\n`);

  const stop = (): void => {
    void insertion.remove();
  };

  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await insertion.closed;

  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  process.stdout.write('Đã rút thẻ / Card removed.\n');
}

function fail(message: string): never {
  process.stderr.write(`examgate sim insert: ${message}\n`);
  throw new CliExit(2);
}
