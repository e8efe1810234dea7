// The card reading procedure, an ordered list of named steps. It opens the chip (PACE with the
// CAN when EF.CardAccess offers it, else BAC) and reads the files. It can run chip and active
// authentication, and returns a CardDump with per-step timings.
import { ChipError, isChipError } from '../errors.js';
import type { CardDump, CardFiles, DumpFileName } from '../dump.js';
import { performBac } from '../bac/perform.js';
import { systemRandom, type RandomSource } from '../crypto/random.js';
import { PlainChannel, requireStatus, type ApduChannel, type ApduObserver } from '../iso7816/channel.js';
import { selectApplicationCommand, selectFileCommand } from '../iso7816/commands.js';
import { chipAuthenticationSuite } from '../ca/oids.js';
import { performChipAuthentication } from '../ca/perform.js';
import { parseDg14 } from '../lds/dg14.js';
import type { ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo } from '../lds/security-infos.js';
import { performActiveAuthentication } from '../aa/perform.js';
import type { CardTransport } from '../iso7816/transport.js';
import type { ChipLogger } from '../logger.js';
import { mrzInformation, type MrzInformationInput } from '../mrz/mrz-information.js';
import { ecDomainForParameterId } from '../pace/domain-parameters.js';
import { performPace } from '../pace/perform.js';
import type { PacePassword } from '../pace/password.js';
import { SecureChannel } from '../sm/secure-channel.js';
import type { ApduTrace } from '../trace.js';
import { EMRTD_AID, FILE_IDS } from './file-ids.js';
import { extractPaceInfos, type PaceInfoEntry } from './pace-info.js';
import { DEFAULT_READ_LENGTH, readFile } from './read-file.js';

/** Files a check-in reads by default. DG3 (fingerprints) needs terminal authentication and returns 6982, so it is left out. */
export const DEFAULT_FILES: readonly DumpFileName[] = ['EF.COM', 'EF.SOD', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15'];

/** Bytes per READ BINARY when extended length is on. NOTE: an estimate; card buffer sizes vary and none is published for CCCDs. */
export const EXTENDED_READ_LENGTH = 0x1000;

export interface ReadCardOptions {
  /** Card access number for PACE; on a CCCD the last 6 digits of the 12-digit ID. */
  can?: string;
  /** MRZ_information, or its fields, for PACE with the MRZ and for BAC. */
  mrz?: string | MrzInformationInput;
  /**
   * Try PACE with the MRZ before BAC when the card offers PACE (Doc 9303 prefers PACE). Default
   * true. CCCDs are reported to reject it with 6982, which costs one APDU before BAC.
   */
  paceWithMrz?: boolean;
  /** Files to read after access control, in order. Default DEFAULT_FILES. */
  files?: readonly DumpFileName[];
  /** Run chip authentication with the DG14 key after the files are read (needs DG14 in `files`). */
  chipAuthentication?: boolean;
  /** Nonce for INTERNAL AUTHENTICATE (8 bytes in Doc 9303); no active authentication without it. */
  activeAuthenticationNonce?: Uint8Array;
  random?: RandomSource;
  now?: () => Date;
  /** Bytes per READ BINARY. Default 0xDF, or EXTENDED_READ_LENGTH with `extendedLength`. */
  maxReadLength?: number;
  extendedLength?: boolean;
  logger?: ChipLogger;
  trace?: ApduTrace;
}

export type ReadStepStatus = 'done' | 'skipped' | 'not-found' | 'access-denied';

export interface ReadStepReport {
  name: string;
  status: ReadStepStatus;
  durationMs: number;
  apduCount: number;
  detail?: string;
}

export interface ReadCardResult {
  dump: CardDump;
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

interface ReadContext {
  transport: CardTransport;
  options: ReadCardOptions;
  observer: ApduObserver;
  channel: ApduChannel;
  files: CardFiles;
  accessControl: CardDump['accessControl'];
  chipAuthenticated?: boolean;
  activeAuthentication?: CardDump['activeAuthentication'];
}

interface ReadStep {
  name: string;
  run(context: ReadContext): Promise<{ status: ReadStepStatus; detail?: string }>;
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

    return { dump, steps: reports, ...totals, durationMs: performance.now() - started };
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

async function readIntoDump(context: ReadContext, file: DumpFileName): Promise<{ status: ReadStepStatus; detail?: string }> {
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

function choosePaceInfo(cardAccess: Uint8Array | undefined): PaceInfoEntry | undefined {
  if (cardAccess === undefined) return undefined;

  const usable = extractPaceInfos(cardAccess).filter((info) => {
    if (info.suite.mapping !== 'ECDH-GM' || info.parameterId === null) return false;

    try {
      ecDomainForParameterId(info.parameterId);
      return true;
    } catch {
      return false;
    }
  });

  return usable[0];
}

async function openSecureMessaging(context: ReadContext): Promise<{ status: ReadStepStatus; detail?: string }> {
  const { options } = context;
  const random = options.random ?? systemRandom;
  const paceInfo = choosePaceInfo(context.files['EF.CardAccess']);
  const information = options.mrz === undefined ? undefined : typeof options.mrz === 'string' ? options.mrz : mrzInformation(options.mrz);
  const attempts: { method: 'PACE-CAN' | 'PACE-MRZ'; password: PacePassword }[] = [];
  const failures: string[] = [];

  if (options.can !== undefined) attempts.push({ method: 'PACE-CAN', password: { kind: 'CAN', can: options.can } });
  if (information !== undefined && options.paceWithMrz !== false) attempts.push({ method: 'PACE-MRZ', password: { kind: 'MRZ', mrzInformation: information } });

  for (const attempt of attempts) {
    if (paceInfo === undefined || paceInfo.parameterId === null) break;

    try {
      const pace = await performPace(context.channel, { password: attempt.password, protocolOid: paceInfo.protocolOid, parameterId: paceInfo.parameterId, random });
      context.channel = new SecureChannel(context.transport, pace.secureMessaging, { extendedLength: options.extendedLength === true, observer: context.observer });
      context.accessControl = attempt.method;
      await selectApplication(context.channel);
      return { status: 'done', detail: `${failures.join('')}${attempt.method} ${paceInfo.protocolOid} parameter ${paceInfo.parameterId}` };
    } catch (error) {
      const last = attempt === attempts.at(-1) && information === undefined;

      if (!isChipError(error) || last || context.accessControl !== 'none') throw error;

      failures.push(`${attempt.method} failed (${error.code}); `);
      options.logger?.warn({ method: attempt.method, code: error.code }, 'PACE failed; trying the next access control method');
    }
  }

  if (information === undefined) {
    throw new ChipError('PACE_UNSUPPORTED', 'open secure messaging: EF.CardAccess offers no supported PACEInfo and no MRZ data was given for BAC', { step: 'open secure messaging' });
  }

  // BAC runs in the eMRTD application (Doc 9303 Part 11 section 4.3), so it is selected first.
  const plain = new PlainChannel(context.transport, context.observer);
  await selectApplication(plain);
  const session = await performBac(plain, information, random);
  context.channel = new SecureChannel(context.transport, session, { extendedLength: options.extendedLength === true, observer: context.observer });
  context.accessControl = 'BAC';
  return { status: 'done', detail: `${failures.join('')}BAC` };
}

/** Selects the eMRTD application; a card that returns 6A82 keeps its files at the MF, so reading goes on. */
async function selectApplication(channel: ApduChannel): Promise<void> {
  const command = selectApplicationCommand(EMRTD_AID);
  const response = await channel.send(command);

  if (response.sw !== 0x6a82) {
    requireStatus(response, command, 'select eMRTD application');
  }
}

async function activeAuthentication(context: ReadContext): Promise<{ status: ReadStepStatus; detail?: string }> {
  const nonce = context.options.activeAuthenticationNonce as Uint8Array;

  if (context.files.DG15 === undefined) {
    return { status: 'skipped', detail: 'DG15 was not read, so the chip has no active authentication key' };
  }

  const signature = await performActiveAuthentication(context.channel, nonce);
  context.activeAuthentication = { nonce: nonce.slice(), signature: signature.slice() };
  return { status: 'done', detail: `${signature.length}-byte signature` };
}

async function chipAuthentication(context: ReadContext): Promise<{ status: ReadStepStatus; detail?: string }> {
  const dg14 = context.files.DG14;

  if (dg14 === undefined) {
    return { status: 'skipped', detail: 'DG14 was not read, so the chip authentication key is unknown' };
  }

  const infos = parseDg14(dg14);
  const info = infos.find((entry): entry is ChipAuthenticationInfo => entry.kind === 'ChipAuthenticationInfo' && chipAuthenticationSuite(entry.protocol).agreement === 'ECDH');
  const key = infos.find((entry): entry is ChipAuthenticationPublicKeyInfo => entry.kind === 'ChipAuthenticationPublicKeyInfo' && (info?.keyId === undefined || entry.keyId === info.keyId));

  if (info === undefined || key === undefined) {
    return { status: 'skipped', detail: 'DG14 has no ECDH ChipAuthenticationInfo with a matching public key' };
  }

  const random = context.options.random ?? systemRandom;
  const options = { protocolOid: info.protocol, publicKeyInfo: key.publicKeyInfo, random, ...(info.keyId === undefined ? {} : { keyId: info.keyId }) };
  const result = await performChipAuthentication(context.channel, options);
  context.channel = new SecureChannel(context.transport, result.secureMessaging, { extendedLength: context.options.extendedLength === true, observer: context.observer });

  // The chip proves that it has the DG14 private key by responding under the new session keys.
  const probe = selectFileCommand(FILE_IDS['EF.COM'] as number);
  const response = await context.channel.send(probe);

  if (response.sw !== 0x9000 && response.sw !== 0x6a82) {
    throw new ChipError('CA_FAILED', `chip authentication: the chip returned ${response.sw.toString(16).toUpperCase()} under the new session keys, so it did not prove the DG14 key`, { step: 'chip authentication' });
  }

  return { status: 'done', detail: info.protocol };
}
