// Options and shared state of one card read, used by the reading steps.
import type { CardDump, CardFiles, DumpFileName } from '../dump.js';
import type { RandomSource } from '../crypto/random.js';
import type { ApduChannel, ApduObserver } from '../iso7816/channel.js';
import type { CardTransport } from '../iso7816/transport.js';
import type { ChipLogger } from '../logger.js';
import type { MrzInformationInput } from '../mrz/mrz-information.js';
import type { ApduTrace } from '../trace.js';

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

/** Result of one step. */
export interface StepOutcome {
  status: ReadStepStatus;
  detail?: string;
}

/** State the steps share: the transport, the current channel (plain, then secure) and what was read. */
export interface ReadContext {
  transport: CardTransport;
  options: ReadCardOptions;
  observer: ApduObserver;
  channel: ApduChannel;
  files: CardFiles;
  accessControl: CardDump['accessControl'];
  activeAuthentication?: CardDump['activeAuthentication'];
}

