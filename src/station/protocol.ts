// Messages between a check-in station and the server, sent as JSON text frames over the
// station WebSocket (`/api/checkin/station`). The station authenticates with
// `Authorization: Bearer <station token>` on the upgrade request. This file holds types only,
// so both sides import it without pulling code of the other.
import type { CardDumpJson, DumpFileName } from '../chip/dump.js';

/** Version of this protocol; the server rejects a station that speaks another one. */
export const STATION_PROTOCOL_VERSION = 1;

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

export type StationToServerMessage = HelloMessage | ReadersMessage | CardPresentMessage | CardRemovedMessage | ReadResultMessage | ReadFailedMessage;

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

export type ServerToStationMessage = WelcomeMessage | ReadRequestMessage | CancelReadMessage | StationErrorMessage | DecisionMessage;
