// The adapter interface to the registry verification service: the paid check of a person's
// identity against the national population database (CSDL quốc gia về dân cư).

/** Fields of a request that the service compares with its record and may report as different. */
export type RegistryField = 'fullName' | 'birthDate' | 'sex' | 'document';

/** Sex as the CCCD prints it: `M` for Nam, `F` for Nữ. */
export type RegistrySex = 'M' | 'F';

/** Evidence from the chip that lets the service tie the check to one issued card. */
export interface RegistryDocumentEvidence {
  /** SHA-256 of the raw EF.SOD bytes, 64 lowercase hex digits. */
  sodHash?: string;
  /** Document number from DG1 (the last 9 digits of the ID on a CCCD). */
  documentNumber?: string;
  /** Date of expiry from DG1 or DG13 as YYYY-MM-DD, or `none` for a card without expiry. */
  expiryDate?: string;
}

/**
 * Names one billable check: one exam event and one candidate. Repeated taps and retries of
 * the same check carry the same key, so the service and the metering bill it once.
 */
export interface IdempotencyKey {
  examEventId: string;
  candidateId: string;
}

/** One verification request. Every field is personal data: never log it. */
export interface RegistryRequest {
  key: IdempotencyKey;
  /** 12-digit personal identification number (số định danh cá nhân). */
  idNumber: string;
  /** Full name with diacritics, normalised to Unicode NFC. */
  fullName: string;
  /** Date of birth as YYYY-MM-DD. */
  birthDate: string;
  sex?: RegistrySex;
  document?: RegistryDocumentEvidence;
}

/** Reason the service gave no answer. */
export type UnavailableReason =
  | 'circuit_open'
  | 'connect_timeout'
  | 'response_timeout'
  | 'connection_failed'
  | 'tls_failure'
  | 'server_error'
  | 'rate_limited'
  | 'malformed_response'
  | 'request_rejected'
  | 'idempotency_conflict';

/** Fields every answer carries. */
interface RegistryResultBase {
  /** Reference id the service gave this check, or null when no answer arrived. */
  referenceId: string | null;
  /** Time from the first attempt to the answer, in milliseconds, retries included. */
  latencyMs: number;
  /** True for the one call that caused the bill of its key; false for replays, cached answers and failures. */
  billable: boolean;
}

export interface RegistryMatch extends RegistryResultBase {
  outcome: 'match';
}

export interface RegistryMismatch extends RegistryResultBase {
  outcome: 'mismatch';
  /** The request fields that differ from the record; never the record's values. */
  mismatchedFields: RegistryField[];
}

export interface RegistryNotFound extends RegistryResultBase {
  outcome: 'not_found';
}

/** The record exists but the card or the identity is no longer valid (revoked, replaced). */
export interface RegistryRevoked extends RegistryResultBase {
  outcome: 'revoked';
}

export interface RegistryUnavailable extends RegistryResultBase {
  outcome: 'unavailable';
  reason: UnavailableReason;
  /** True when the same request may succeed later (the retry queue keeps it); false when it never will. */
  retryable: boolean;
  /** Technical detail for the operator (status code, error code); never personal data. */
  detail: string;
}

export type RegistryResult = RegistryMatch | RegistryMismatch | RegistryNotFound | RegistryRevoked | RegistryUnavailable;

/** A result that the service gave for the person: everything but `unavailable`. */
export type RegistryAnswer = Exclude<RegistryResult, RegistryUnavailable>;

/** The adapter every registry client implements: the HTTP client, the metered wrapper. */
export interface IdentityRegistry {
  verify(request: RegistryRequest): Promise<RegistryResult>;
}

/** Milliseconds since the Unix epoch; injected so that tests control time. */
export type Clock = () => number;

/** Uniform random number in [0, 1); injected so that tests control jitter and outages. */
export type RandomSource = () => number;

/** A pino-compatible logger. The registry code logs ids and reasons, never personal data. */
export interface RegistryLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Returns true for a result the service gave for the person (not `unavailable`). */
export function isAnswer(result: RegistryResult): result is RegistryAnswer {
  return result.outcome !== 'unavailable';
}

/**
 * Formats an idempotency key as the one string the wire format and the storage use. Each part
 * is percent-encoded, so a colon inside an id cannot make two keys collide.
 */
export function formatIdempotencyKey(key: IdempotencyKey): string {
  return `${encodeURIComponent(key.examEventId)}:${encodeURIComponent(key.candidateId)}`;
}
