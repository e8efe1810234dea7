import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { toHex } from '../../chip/codec/bytes.js';
import { cardDumpToJson, type CardDump } from '../../chip/dump.js';
import { isChipError } from '../../chip/errors.js';
import { canFromIdNumber } from '../../chip/idnumber/index.js';
import { parseDg1 } from '../../chip/lds/dg1.js';
import { parseDg13 } from '../../chip/lds/dg13.js';
import { parseMrz } from '../../chip/mrz/index.js';
import { readCard, ReadCardError, type ReadCardResult } from '../../chip/reader/index.js';
import { PcscUnavailableError } from '../../pcsc/binding.js';
import { isPcscError, type PcscError } from '../../pcsc/errors.js';
import { PcscContext } from '../../pcsc/pcsc-context.js';
import { CliExit } from '../exit.js';
import { commandGroup } from './command-group.js';

interface CardReadOptions {
  reader?: string;
  can?: string;
  id?: string;
  mrz?: string;
  out?: string;
  json?: boolean;
  timeout: string;
  extendedLength?: boolean;
}

const MRZ_INFORMATION = /^[A-Z0-9<]{9}\d\d{6}\d\d{6}\d$/;

/** Adds `examgate card read [--reader NAME] (--can CAN | --id ID12 | --mrz MRZ) [--out DUMP.json] [--json]`. */
export function register(program: Command): void {
  commandGroup(program, 'card', 'Đọc và xác thực chip CCCD / Read and verify the CCCD chip')
    .command('read')
    .description('Đọc chip CCCD qua đầu đọc PC/SC / Read a CCCD chip through a PC/SC reader: PACE with the CAN, else BAC')
    .option('--reader <name>', 'reader to use: its name or a part of it (default: the first reader that gets a card)')
    .option('--can <digits>', 'card access number: the last 6 digits of the 12-digit ID')
    .option('--id <id12>', '12-digit ID number; its last 6 digits are the CAN')
    .option('--mrz <mrz>', 'MRZ for BAC: the three TD1 lines (joined by newlines or |) or MRZ_information')
    .option('--out <file>', 'write a card dump (examgate-card-dump/1) that `examgate card verify` takes')
    .option('--json', 'print the summary as one JSON object')
    .option('--timeout <seconds>', 'how long to wait for a card', '60')
    .option('--extended-length', 'read with extended-length APDUs')
    .action(async (options: CardReadOptions) => {
      await runCardRead(options);
    });
}

function accessData(options: CardReadOptions): { can?: string; mrz?: string } {
  const access: { can?: string; mrz?: string } = {};

  if (options.can !== undefined) {
    if (!/^\d{6}$/.test(options.can)) fail(`--can "${options.can}" is not 6 digits; the CAN is the last 6 digits of the ID`);
    access.can = options.can;
  } else if (options.id !== undefined) {
    try {
      access.can = canFromIdNumber(options.id);
    } catch (error) {
      fail(`--id: ${(error as Error).message}`);
    }
  }

  if (options.mrz !== undefined) {
    const text = options.mrz.trim().toUpperCase();

    if (MRZ_INFORMATION.test(text)) {
      access.mrz = text;
    } else {
      const parsed = parseMrz(text.split(/[|\n]/).map((line) => line.trim()).filter((line) => line !== ''));

      if (!parsed.valid) fail(`--mrz is not a valid MRZ: ${parsed.errors.map((problem) => problem.message).join('; ')}`);

      access.mrz = parsed.mrzInformation;
    }
  }

  if (access.can === undefined && access.mrz === undefined) {
    fail('give --can, --id or --mrz: the chip opens only with its CAN (PACE) or its MRZ (BAC)');
  }

  return access;
}

interface HolderSummary {
  idNumber: string | null;
  fullName: string | null;
  birthDate: string | null;
}

function holderSummary(dump: CardDump): HolderSummary {
  const summary: HolderSummary = { idNumber: null, fullName: null, birthDate: null };

  try {
    if (dump.files.DG13 !== undefined) {
      const dg13 = parseDg13(dump.files.DG13);
      summary.idNumber = dg13.idNumber ?? null;
      summary.fullName = dg13.fullName ?? null;
      summary.birthDate = dg13.birthDate?.iso ?? dg13.birthDate?.text ?? null;
    }

    if (dump.files.DG1 !== undefined && (summary.idNumber === null || summary.birthDate === null)) {
      const mrz = parseMrz(parseDg1(dump.files.DG1).lines);
      summary.idNumber ??= mrz.idNumber;
      summary.birthDate ??= mrz.birthDate;
      summary.fullName ??= `${mrz.surname} ${mrz.givenNames}`.trim();
    }
  } catch {
    // The summary shows what parses; `examgate card verify` reports malformed files.
  }

  return summary;
}

async function runCardRead(options: CardReadOptions): Promise<void> {
  const access = accessData(options);
  const timeoutSeconds = Number(options.timeout);

  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    return fail(`--timeout "${options.timeout}" is not a positive number of seconds`);
  }

  let context: PcscContext;

  try {
    context = new PcscContext();
  } catch (error) {
    if (error instanceof PcscUnavailableError) return fail(error.message, 3);
    throw error;
  }

  const pcscErrors: Error[] = [];
  context.on('error', (error) => pcscErrors.push(error));

  try {
    const result = await readFromReader(context, options, access, timeoutSeconds * 1000, pcscErrors);
    await report(result.readerName, result.read, options);
  } finally {
    await context.close();
  }
}

async function readFromReader(
  context: PcscContext,
  options: CardReadOptions,
  access: { can?: string; mrz?: string },
  timeoutMs: number,
  pcscErrors: Error[],
): Promise<{ readerName: string; read: ReadCardResult }> {
  if (options.json !== true) {
    process.stderr.write(`Đặt thẻ lên đầu đọc / Place the card on ${options.reader === undefined ? 'a reader' : `reader "${options.reader}"`}...\n`);
  }

  try {
    const card = await context.waitForCard({ ...(options.reader === undefined ? {} : { reader: options.reader }), timeoutMs });
    const read = await readCard(card.transport, { ...access, activeAuthenticationNonce: new Uint8Array(randomBytes(8)), extendedLength: options.extendedLength === true });
    await card.transport.disconnect();
    return { readerName: card.readerName, read };
  } catch (error) {
    // The chip library wraps transport failures (CARD_TRANSPORT); the PC/SC cause names them better.
    const pcscError = pcscErrorIn(error);

    if (pcscError !== undefined) {
      const hint = pcscErrors[0] === undefined ? '' : ` (${pcscErrors[0].message})`;
      return fail(`${pcscError.code}: ${pcscError.message}${hint}`, 4);
    }

    if (error instanceof ReadCardError || isChipError(error)) {
      const step = error.context.step === undefined ? '' : ` at step "${error.context.step}"`;
      return fail(`${error.code}${step}: ${error.message}`, 5);
    }

    throw error;
  }
}

function pcscErrorIn(error: unknown): PcscError | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    if (isPcscError(current)) return current;
  }

  return undefined;
}

async function report(readerName: string, read: ReadCardResult, options: CardReadOptions): Promise<void> {
  const holder = holderSummary(read.dump);
  const files = Object.entries(read.dump.files).map(([name, bytes]) => ({ name, bytes: bytes.length }));

  if (options.out !== undefined) {
    await writeFile(options.out, `${JSON.stringify(cardDumpToJson(read.dump), null, 2)}\n`, { mode: 0o600 });
  }

  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({
      reader: readerName,
      accessControl: read.dump.accessControl,
      holder,
      files,
      activeAuthentication: read.dump.activeAuthentication === undefined ? null : { nonce: toHex(read.dump.activeAuthentication.nonce) },
      steps: read.steps.map((step) => ({ ...step, durationMs: Math.round(step.durationMs * 10) / 10 })),
      apduCount: read.apduCount,
      bytesSent: read.bytesSent,
      bytesReceived: read.bytesReceived,
      durationMs: Math.round(read.durationMs),
      dump: options.out ?? null,
    })}\n`);
    return;
  }

  const lines = [
    `Đầu đọc / Reader: ${readerName}`,
    `Truy cập / Access control: ${read.dump.accessControl ?? 'none'}`,
    `Số định danh / ID: ${holder.idNumber ?? '?'}`,
    `Họ tên / Name: ${holder.fullName ?? '?'}`,
    `Ngày sinh / Birth date: ${holder.birthDate ?? '?'}`,
    `Tệp / Files: ${files.map((file) => `${file.name} (${file.bytes} B)`).join(', ')}`,
    'Các bước / Steps:',
    ...read.steps.map((step) => `  ${step.name}: ${step.status}, ${step.durationMs.toFixed(1)} ms, ${step.apduCount} APDU`),
    `Tổng / Total: ${read.apduCount} APDU, ${read.bytesSent} B sent, ${read.bytesReceived} B received, ${Math.round(read.durationMs)} ms`,
  ];

  if (options.out !== undefined) {
    // A chip without DG15 signs no nonce, so there is no --nonce to suggest.
    const nonce = read.dump.activeAuthentication === undefined ? '' : ` --nonce ${toHex(read.dump.activeAuthentication.nonce)}`;
    lines.push(`Bản sao / Dump: ${options.out} (examgate card verify ${options.out} --trust DIR${nonce})`);
  }

  process.stdout.write(`${lines.join('\n')}\n`);
}

function fail(message: string, exitCode = 2): never {
  process.stderr.write(`examgate card read: ${message}\n`);
  throw new CliExit(exitCode);
}
