// Status words (ISO/IEC 7816-4 section 5.6 and ICAO Doc 9303 Part 11) that eMRTD readers meet.

export const SW = {
  SUCCESS: 0x9000,
  END_OF_FILE_WARNING: 0x6282,
  VERIFICATION_FAILED: 0x6300,
  MEMORY_FAILURE: 0x6581,
  WRONG_LENGTH: 0x6700,
  LOGICAL_CHANNEL_NOT_SUPPORTED: 0x6881,
  SECURE_MESSAGING_NOT_SUPPORTED: 0x6882,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTHENTICATION_BLOCKED: 0x6983,
  REFERENCE_DATA_NOT_USABLE: 0x6984,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED: 0x6986,
  SM_DATA_OBJECTS_MISSING: 0x6987,
  SM_DATA_OBJECTS_INCORRECT: 0x6988,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  INCORRECT_P1P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  WRONG_P1P2_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

const DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [SW.SUCCESS, 'success'],
  [SW.END_OF_FILE_WARNING, 'end of file reached before Ne bytes'],
  [SW.VERIFICATION_FAILED, 'verification failed'],
  [SW.MEMORY_FAILURE, 'memory failure'],
  [SW.WRONG_LENGTH, 'wrong length'],
  [SW.LOGICAL_CHANNEL_NOT_SUPPORTED, 'logical channel not supported'],
  [SW.SECURE_MESSAGING_NOT_SUPPORTED, 'secure messaging not supported'],
  [SW.SECURITY_STATUS_NOT_SATISFIED, 'security status not satisfied (access control required)'],
  [SW.AUTHENTICATION_BLOCKED, 'authentication method blocked'],
  [SW.REFERENCE_DATA_NOT_USABLE, 'reference data not usable'],
  [SW.CONDITIONS_NOT_SATISFIED, 'conditions of use not satisfied'],
  [SW.COMMAND_NOT_ALLOWED, 'command not allowed (no current EF)'],
  [SW.SM_DATA_OBJECTS_MISSING, 'expected secure messaging data objects missing'],
  [SW.SM_DATA_OBJECTS_INCORRECT, 'incorrect secure messaging data objects (SSC or MAC mismatch)'],
  [SW.WRONG_DATA, 'incorrect parameters in the command data field'],
  [SW.FUNCTION_NOT_SUPPORTED, 'function not supported'],
  [SW.FILE_NOT_FOUND, 'file or application not found'],
  [SW.RECORD_NOT_FOUND, 'record not found'],
  [SW.INCORRECT_P1P2, 'incorrect parameters P1-P2'],
  [SW.REFERENCED_DATA_NOT_FOUND, 'referenced data not found'],
  [SW.WRONG_P1P2_OFFSET, 'wrong parameters P1-P2 (offset outside the EF)'],
  [SW.INS_NOT_SUPPORTED, 'instruction code not supported'],
  [SW.CLA_NOT_SUPPORTED, 'class not supported'],
  [SW.NO_PRECISE_DIAGNOSIS, 'no precise diagnosis'],
]);

/** Status word as four upper-case hex digits, e.g. `6A82`. */
export function statusWordHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** Meaning of a status word, including the ranges 61xx, 6Cxx and 63Cx. */
export function describeStatusWord(sw: number): string {
  const known = DESCRIPTIONS.get(sw);

  if (known !== undefined) return known;

  const sw1 = sw >> 8;
  const sw2 = sw & 0xff;

  if (sw1 === 0x61) return `${sw2 === 0 ? 256 : sw2} more response bytes available`;
  if (sw1 === 0x6c) return `wrong Le: exactly ${sw2 === 0 ? 256 : sw2} bytes available`;
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) return `verification failed, ${sw2 & 0x0f} tries left`;

  return 'unknown status word';
}

/** Returns true for 9000 and the 61xx "more data" success words. */
export function isSuccess(sw: number): boolean {
  return sw === SW.SUCCESS || sw >> 8 === 0x61;
}
