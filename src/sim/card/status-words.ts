// Status words the virtual card returns (ISO/IEC 7816-4 section 5.6, ICAO Doc 9303 Part 11).

export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_FAILED: 0x6300,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  NO_CURRENT_EF: 0x6986,
  SM_DATA_OBJECTS_INCORRECT: 0x6988,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  OFFSET_OUTSIDE_EF: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

/** A response APDU before secure messaging: data and status word. */
export interface CardResponse {
  data: Uint8Array;
  sw: number;
}

export function respond(sw: number, data: Uint8Array = new Uint8Array(0)): CardResponse {
  return { data, sw };
}

/** Bytes of a response APDU: data followed by SW1 SW2. */
export function encodeResponse(response: CardResponse): Uint8Array {
  const bytes = new Uint8Array(response.data.length + 2);
  bytes.set(response.data, 0);
  bytes[response.data.length] = response.sw >> 8;
  bytes[response.data.length + 1] = response.sw & 0xff;
  return bytes;
}
