// Error catalogue of the PC/SC host side. Every error src/pcsc throws is a PcscError with one of
// these stable codes; the message names the reader, the step and what to do.

export const PCSC_ERROR_CODES = {
  PCSC_UNAVAILABLE: 'the pcsc-lite binding or the pcscd daemon is not available',
  READER_NOT_FOUND: 'no reader with the requested name is connected',
  READER_REMOVED: 'the reader was unplugged during the operation',
  CARD_WAIT_TIMEOUT: 'no card was presented within the allowed time',
  CARD_CONNECT_FAILED: 'connecting to the card in the reader failed',
  CARD_REMOVED: 'the card left the reader during the operation',
  TRANSMIT_FAILED: 'sending an APDU to the card failed',
} as const;

export type PcscErrorCode = keyof typeof PCSC_ERROR_CODES;

export class PcscError extends Error {
  readonly code: PcscErrorCode;
  readonly readerName: string | undefined;

  constructor(code: PcscErrorCode, message: string, readerName?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PcscError';
    this.code = code;
    this.readerName = readerName;
  }
}

/** Returns true when `error` is a PcscError, optionally with the given code. */
export function isPcscError(error: unknown, code?: PcscErrorCode): error is PcscError {
  return error instanceof PcscError && (code === undefined || error.code === code);
}

// pcsc-lite's SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD and SCARD_W_RESET_CARD (the session
// is lost either way), and for the reader SCARD_E_READER_UNAVAILABLE and SCARD_E_UNKNOWN_READER,
// as the binding prints them in its messages.
// NOTE: vpcd readers cannot be unplugged, so the reader-removed path has not run against pcscd here.
const REMOVED_CARD_CODES = ['0x80100069', '0x8010000C', '0x80100068'];
const READER_GONE_CODES = ['0x80100017', '0x80100009'];

/** Names the cause of a binding error from the pcsc-lite code it carries in its message. */
export function classifyBindingError(error: unknown): 'card-removed' | 'reader-removed' | 'other' {
  const message = error instanceof Error ? error.message : String(error);
  const upper = message.toUpperCase();

  if (REMOVED_CARD_CODES.some((code) => upper.includes(code.toUpperCase()))) return 'card-removed';
  if (READER_GONE_CODES.some((code) => upper.includes(code.toUpperCase()))) return 'reader-removed';
  return 'other';
}
