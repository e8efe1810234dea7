// The card reading procedure, an ordered list of named steps. It opens the chip (PACE with the
// CAN when EF.CardAccess offers it, else BAC) and reads the files. It can run chip and active
// authentication, and returns a CardDump with per-step timings.
import { ChipError, isChipError } from '../errors.js';
import type { CardDump, DumpFileName } from '../dump.js';
import { PlainChannel, type ApduChannel, type ApduObserver } from '../iso7816/channel.js';
import type { CardTransport } from '../iso7816/transport.js';
import { activeAuthentication, chipAuthentication } from './authentication-steps.js';
import { FILE_IDS } from './file-ids.js';
import { openSecureMessaging } from './open-session.js';
import { DEFAULT_FILES, EXTENDED_READ_LENGTH, type ReadCardOptions, type ReadContext, type ReadStepStatus, type StepOutcome } from './read-context.js';
import { DEFAULT_READ_LENGTH, readFile } from './read-file.js';

export interface ReadStepReport {
  name: string;
  status: ReadStepStatus;
  durationMs: number;
  apduCount: number;
  detail?: string;
}

export interface ReadCardResult {
  dump: CardDump;
  /**
   * The channel the read ended on (the secure messaging session after the last step). A caller
   * may send further commands through it while the card stays connected.
   */
  channel: ApduChannel;
  steps: ReadStepReport[];
  apduCount: number;
  bytesSent: number;
  bytesReceived: number;
  durationMs: number;
}

/** Thrown when a step fails; `partial` contains what was read and the steps that ran. */
export class ReadCardError extends ChipError {
  constructor(cause: ChipError, readonly partial: ReadCardResult) {
    super(cause.code, cause.message, cause.context, { cause });
    this.name = 'ReadCardError';
  }
}

/** One named step of a card read. */
export interface ReadStep {
  name: string;
  run(context: ReadContext): Promise<StepOutcome>;
}

/** Builds the ordered steps for `options`; exported so callers can show the plan. */
export function planCardRead(options: ReadCardOptions): ReadStep[] {
  const steps: ReadStep[] = [
    { name: 'read EF.CardAccess', run: (context) => readIntoDump(context, 'EF.CardAccess') },
    { name: 'open secure messaging', run: openSecureMessaging },
  ];

  for (const file of options.files ?? DEFAULT_FILES) {
    steps.push({ name: `read ${file}`, run: (context) => readIntoDump(context, file) });
  }

  if (options.chipAuthentication === true) {
    steps.push({ name: 'chip authentication', run: chipAuthentication });
  }

  if (options.activeAuthenticationNonce !== undefined) {
    steps.push({ name: 'active authentication', run: activeAuthentication });
  }

  return steps;
}

/** Reads a card through `transport`. Silent unless given a logger. */
export async function readCard(transport: CardTransport, options: ReadCardOptions): Promise<ReadCardResult> {
  if (options.can === undefined && options.mrz === undefined) {
    throw new ChipError('BAD_INPUT', 'read card: give a CAN (for PACE) or MRZ data (for BAC)');
  }

  const started = performance.now();
  const totals = { apduCount: 0, bytesSent: 0, bytesReceived: 0 };
  const trace = options.trace;
  const observer: ApduObserver = (command, response, elapsedMs) => {
    totals.apduCount++;
    totals.bytesSent += command.length;
    totals.bytesReceived += response.length;
    trace?.observe(command, response, elapsedMs);
  };
  const context: ReadContext = { transport, options, observer, channel: new PlainChannel(transport, observer), files: {}, accessControl: 'none' };
  const reports: ReadStepReport[] = [];

  const result = (): ReadCardResult => {
    const dump: CardDump = { files: context.files, accessControl: context.accessControl, readAt: (options.now?.() ?? new Date()).toISOString() };

    if (context.activeAuthentication !== undefined) dump.activeAuthentication = context.activeAuthentication;

    return { dump, channel: context.channel, steps: reports, ...totals, durationMs: performance.now() - started };
  };

  for (const step of planCardRead(options)) {
    const stepStarted = performance.now();
    const apdusBefore = totals.apduCount;

    if (trace !== undefined) trace.step = step.name;

    try {
      const outcome = await step.run(context);
      const report: ReadStepReport = { name: step.name, status: outcome.status, durationMs: performance.now() - stepStarted, apduCount: totals.apduCount - apdusBefore };

      if (outcome.detail !== undefined) report.detail = outcome.detail;

      reports.push(report);
      options.logger?.debug({ step: step.name, status: outcome.status, durationMs: report.durationMs, apduCount: report.apduCount }, 'card read step finished');
    } catch (error) {
      if (!isChipError(error)) throw error;

      error.context.step ??= step.name;
      options.logger?.warn({ step: step.name, code: error.code, statusWord: error.context.statusWord }, 'card read step failed');
      throw new ReadCardError(error, result());
    }
  }

  return result();
}

async function readIntoDump(context: ReadContext, file: DumpFileName): Promise<StepOutcome> {
  const fileId = FILE_IDS[file];

  if (fileId === undefined) {
    throw new ChipError('BAD_INPUT', `read card: ${file} has no file identifier`);
  }

  const maxReadLength = context.options.maxReadLength ?? (context.options.extendedLength ? EXTENDED_READ_LENGTH : DEFAULT_READ_LENGTH);
  const outcome = await readFile(context.channel, fileId, { maxReadLength, fileName: file });

  if (outcome.status === 'read') {
    context.files[file] = outcome.bytes;
    return { status: 'done', detail: `${outcome.bytes.length} bytes` };
  }

  return { status: outcome.status };
}

