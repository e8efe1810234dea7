// The chip library's error catalogue. Every error the library throws is a ChipError with a
// stable code from CHIP_ERROR_CODES; the message names the value, the step and what to do.
// Codes are grouped by layer; add new codes to the group of the module that throws them.

export const CHIP_ERROR_CODES = {
  // Codecs (BER-TLV, ASN.1, APDU)
  TLV_TRUNCATED: 'a TLV object runs past the end of its buffer',
  TLV_BAD_LENGTH: 'a TLV length is malformed, indefinite or impossible',
  TLV_BAD_TAG: 'a TLV tag is malformed',
  TLV_TOO_DEEP: 'TLV nesting is deeper than the allowed maximum',
  TLV_TRAILING_DATA: 'bytes remain after the last TLV object',
  TLV_UNEXPECTED_TAG: 'a TLV object has another tag than the structure requires',
  TLV_MISSING_CHILD: 'a required TLV object is missing',
  ASN1_INVALID: 'an ASN.1 structure does not match its definition',
  APDU_INVALID: 'an APDU is malformed',
  BAD_INPUT: 'an argument is outside its allowed range',

  // LDS files (src/chip/lds)
  LDS_WRONG_FILE_TAG: 'a file does not start with the tag its name requires',
  LDS_INVALID: 'an LDS file does not match its structure in ICAO Doc 9303 Part 10',
  LDS_IMAGE_INVALID: 'a DG2 biometric record or face image is malformed or cannot be decoded',
  SOD_INVALID: 'EF.SOD is not a CMS SignedData over an LDSSecurityObject as Doc 9303 Part 10 requires',

  // Passive authentication (src/chip/pa)
  TRUST_STORE_INVALID: 'a trust store file (certificate, master list or CRL) cannot be loaded',

  // Personal identification number (src/chip/idnumber)
  ID_NUMBER_FORMAT: 'a personal identification number is not 12 digits',
  ID_NUMBER_PROVINCE: 'the province code of a personal identification number is not a known code',
  ID_NUMBER_CENTURY: 'the century digit of a personal identification number does not match the birth date',
  ID_NUMBER_SEX: 'the sex digit of a personal identification number does not match the sex',
  ID_NUMBER_BIRTH_YEAR: 'the year-of-birth digits of a personal identification number do not match the birth date',

  // Machine readable zone (src/chip/mrz)
  MRZ_FORMAT: 'an MRZ does not have the line count, line length or characters of TD1 or TD3',
  MRZ_CHECK_DIGIT: 'an MRZ check digit does not match its field',
  MRZ_DATE: 'an MRZ date is not a valid YYMMDD date',
  MRZ_FIELD: 'an MRZ field holds a value its definition does not allow',
  MRZ_ID_NUMBER: 'the 12-digit ID in a CCCD MRZ does not match its document number',

  // Card communication (src/chip/iso7816)
  CARD_STATUS: 'the card returned a status word the step does not accept',
  CARD_TRANSPORT: 'the transport failed to exchange an APDU with the card',

  // Secure messaging (src/chip/sm, src/chip/crypto)
  SM_PADDING: 'decrypted secure messaging data has no valid ISO/IEC 9797-1 padding',
  SM_MAC: 'a secure messaging MAC does not verify',
  SM_MISSING_OBJECT: 'a secure messaging data object is missing or unexpected',
  SM_RESPONSE_UNPROTECTED: 'the card answered a protected command without secure messaging',

  // BAC (src/chip/bac)
  BAC_FAILED: 'basic access control failed: the MRZ keys do not match the card or the card answer is wrong',

  // PACE (src/chip/pace)
  PACE_UNSUPPORTED: 'the PACE protocol or domain parameters are not supported',
  PACE_FAILED: 'PACE failed: wrong password, a malformed chip answer or a token that does not verify',

  // Active authentication (src/chip/aa)
  AA_KEY_INVALID: 'the DG15 active authentication public key is unreadable or of an unsupported type',
  AA_SIGNATURE_INVALID: 'the active authentication signature does not verify over the nonce',

  // Chip authentication (src/chip/ca)
  CA_UNSUPPORTED: 'the chip authentication protocol or key type is not supported',
  CA_FAILED: 'chip authentication failed: a malformed command or answer, or the chip did not continue under the new keys',
} as const;

export type ChipErrorCode = keyof typeof CHIP_ERROR_CODES;

/** Where an error happened: the protocol step, the path inside a structure, the APDU. */
export interface ChipErrorContext {
  /** Protocol or parsing step, e.g. `PACE: map nonce` or `read DG13`. */
  step?: string;
  /** Path through a TLV or ASN.1 structure, e.g. `6D/30/31[3]`. */
  path?: string;
  /** Status word of the response, as four hex digits. */
  statusWord?: string;
  /** Command header of the APDU (CLA INS P1 P2) as hex, never its data. */
  command?: string;
  /** File that was being read or verified, e.g. `DG2` or `EF.SOD`. */
  file?: string;
}

/** The only error type the chip library throws on bad input or a failed protocol step. */
export class ChipError extends Error {
  readonly code: ChipErrorCode;
  readonly context: ChipErrorContext;

  constructor(code: ChipErrorCode, message: string, context: ChipErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChipError';
    this.code = code;
    this.context = context;
  }
}

/** Returns true when `error` is a ChipError, optionally with the given code. */
export function isChipError(error: unknown, code?: ChipErrorCode): error is ChipError {
  return error instanceof ChipError && (code === undefined || error.code === code);
}
