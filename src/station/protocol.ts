// Messages between a check-in station and the server, sent as JSON text frames over the
// station WebSocket (`/api/checkin/station`). The station authenticates with
// `Authorization: Bearer <station token>` on the upgrade request. This file holds types only,
// so both sides import it without pulling code of the other.
import type { CardDumpJson, DumpFileName } from '../chip/dump.js';

/**
 * Version of this protocol; the server rejects a station that speaks another one. Version 2
 * added chip authentication through the station (`chip-authentication` and its responses).
 */
export const STATION_PROTOCOL_VERSION = 2;

// ---------------------------------------------------------------------------------------------
// Access keys the server hands to the station

/** PACE with the card access number (on a CCCD the last 6 digits of the 12-digit ID). */
export interface CanAccessKey {
  kind: 'can';
  can: string;
}

/** BAC (or PACE with the MRZ) from registration data: document number, birth and expiry dates. */
export interface BacAccessKey {
  kind: 'bac';
  /** 9-digit document number: the last 9 digits of the 12-digit ID. */
  documentNumber: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** YYYY-MM-DD, or null for a card without expiry (MRZ `991231`). */
  expiryDate: string | null;
}

export type AccessKey = CanAccessKey | BacAccessKey;

// ---------------------------------------------------------------------------------------------
// Station to server

export interface HelloMessage {
  type: 'hello';
  protocolVersion: number;
  /** Program version, for the dashboard and logs. */
  stationVersion: string;
  readers: string[];
}

export interface ReadersMessage {
  type: 'readers';
  readers: string[];
}

export interface CardPresentMessage {
  type: 'card-present';
  reader: string;
  /** Answer to reset, hex. */
  atr: string;
}

export interface CardRemovedMessage {
  type: 'card-removed';
  reader: string;
}

/** One step of the station's read, as the chip library's reader reports it. */
export interface StationReadStep {
  name: string;
  status: string;
  durationMs: number;
  apduCount: number;
}

/** Timings the station measured, in milliseconds. */
export interface StationReadTimings {
  /** From the `read` message to a card being connected in the reader. */
  waitForCardMs: number;
  /** From the connected card to the last byte read (every access key tried included). */
  readMs: number;
}

export interface ReadResultMessage {
  type: 'read-result';
  checkInId: string;
  /** Index into the `keys` of the read request of the key that opened the chip. */
  keyIndex: number;
  /** Raw files as read, with the active authentication signature over the server's nonce. */
  dump: CardDumpJson;
  steps: StationReadStep[];
  timings: StationReadTimings;
  reader: string;
}

/**
 * Why a read ended without a dump: `no-card` (no card within the timeout), `access-denied`
 * (every access key failed), `card-removed` (the card left during the read), `read-error`
 * (another error of the card or reader).
 */
export type ReadFailureKind = 'no-card' | 'access-denied' | 'card-removed' | 'read-error';

export interface ReadFailedMessage {
  type: 'read-failed';
  checkInId: string;
  failure: ReadFailureKind;
  /** Error code of the chip library or PC/SC layer, e.g. PACE_FAILED or CARD_REMOVED. */
  code: string;
  /** English detail without personal data. */
  message: string;
  /** Access keys tried before the read ended. */
  keysTried: number;
  steps: StationReadStep[];
  timings: StationReadTimings;
}

/** The chip's responses to a `chip-authentication` request. */
export interface ChipAuthenticationResultMessage {
  type: 'chip-authentication-result';
  checkInId: string;
  /**
   * Status words (hex, e.g. `9000`) of the plain `commands`, in order, as the station's secure
   * messaging session returned them. The station stops at the first one that is not 9000.
   */
  statusWords: string[];
  /** Raw response APDU to `protectedCommand`, hex, as the card returned it (empty when not sent). */
  protectedResponse: string;
  /** From the request to the last response, in milliseconds. */
  durationMs: number;
}

/**
 * Why the station could not relay chip authentication: `card-removed` (the card left the
 * reader), `no-session` (the station no longer has the card's session, e.g. the hold timed
 * out), `read-error` (another error of the card or reader).
 */
export type ChipAuthenticationFailureKind = 'card-removed' | 'no-session' | 'read-error';

export interface ChipAuthenticationFailedMessage {
  type: 'chip-authentication-failed';
  checkInId: string;
  failure: ChipAuthenticationFailureKind;
  /** Error code of the chip library or PC/SC layer. */
  code: string;
  /** English detail without personal data. */
  message: string;
}

export type StationToServerMessage =
  | HelloMessage | ReadersMessage | CardPresentMessage | CardRemovedMessage | ReadResultMessage | ReadFailedMessage
  | ChipAuthenticationResultMessage | ChipAuthenticationFailedMessage;

// ---------------------------------------------------------------------------------------------
// Server to station

export interface WelcomeMessage {
  type: 'welcome';
  stationId: string;
  stationName: string;
  roomId: string;
  roomName: string;
}

/** Read the card of one check-in: try `keys` in order, then run active authentication over `nonce`. */
export interface ReadRequestMessage {
  type: 'read';
  checkInId: string;
  keys: AccessKey[];
  /** 8-byte nonce for INTERNAL AUTHENTICATE chosen by the server for this check-in, hex. */
  activeAuthenticationNonce: string;
  files: DumpFileName[];
  /** Reader to use; null for the first reader that holds a card. */
  reader: string | null;
  /** How long to wait for a card before answering `no-card`, in milliseconds. */
  cardTimeoutMs: number;
  /**
   * How long the station keeps the card connected and its secure messaging session open after
   * a `read-result` without an active authentication signature (a chip without DG15), waiting
   * for `chip-authentication`, in milliseconds. A `decision` or `cancel` ends the wait earlier.
   */
  sessionHoldMs: number;
}

/**
 * Chip authentication through the station, for a chip without DG15. The server is the terminal:
 * only it has the keys the chip switches to after `commands`.
 */
export interface ChipAuthenticationRequestMessage {
  type: 'chip-authentication';
  checkInId: string;
  /**
   * Plain command APDUs (hex) that carry the server's ephemeral key: MSE:Set AT and GENERAL
   * AUTHENTICATE, or MSE:Set KAT. The station sends them in order inside its current secure
   * messaging session (PACE or BAC), wrapping each with its session keys as for any command.
   */
  commands: string[];
  /**
   * A command APDU (hex) already protected under the keys the chip switches to. The station
   * transmits it unchanged after the last command and returns the raw response.
   */
  protectedCommand: string;
}

export interface CancelReadMessage {
  type: 'cancel';
  checkInId: string;
}

/** The server's answer to a message it cannot use; the connection stays open unless it says so. */
export interface StationErrorMessage {
  type: 'error';
  code: string;
  message: string;
}

/** The server's decision on a check-in, so the station can show a light or a short text. */
export interface DecisionMessage {
  type: 'decision';
  checkInId: string;
  /** `verified` waits for the proctor to confirm the face. */
  status: 'verified' | 'admitted' | 'refused';
  reason: string | null;
}

export type ServerToStationMessage = WelcomeMessage | ReadRequestMessage | ChipAuthenticationRequestMessage | CancelReadMessage | StationErrorMessage | DecisionMessage;
