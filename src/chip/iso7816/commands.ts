// Builders of the commands eMRTD access and reading use (ISO/IEC 7816-4, ICAO Doc 9303 Part 10
// and Part 11). Secure messaging sets bits in CLA itself; these build the plain form with CLA 00.
import { ChipError } from '../errors.js';
import { encodeTlv } from '../codec/tlv.js';
import type { CommandApdu } from './apdu.js';

export const INS = {
  SELECT: 0xa4,
  READ_BINARY: 0xb0,
  READ_BINARY_ODD: 0xb1,
  GET_CHALLENGE: 0x84,
  EXTERNAL_AUTHENTICATE: 0x82,
  INTERNAL_AUTHENTICATE: 0x88,
  MANAGE_SECURITY_ENVIRONMENT: 0x22,
  GENERAL_AUTHENTICATE: 0x86,
} as const;

/** Highest offset that READ BINARY with even INS can address in P1-P2 (15 bits). */
export const MAX_EVEN_READ_OFFSET = 0x7fff;

/** SELECT of an EF by its file identifier under the current DF, no response data (P2 0C). */
export function selectFileCommand(fileId: number): CommandApdu {
  return { cla: 0x00, ins: INS.SELECT, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fileId >> 8, fileId & 0xff) };
}

/** SELECT of an application by its AID (e.g. the eMRTD application A0000002471001). */
export function selectApplicationCommand(aid: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: INS.SELECT, p1: 0x04, p2: 0x0c, data: aid };
}

/** READ BINARY of the current EF: even INS (offset in P1-P2, up to 32 767) or odd INS with offset DO 54. */
export function readBinaryCommand(offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0xffffff) {
    throw new ChipError('BAD_INPUT', `READ BINARY offset ${offset} is outside 0..16777215`);
  }

  if (offset <= MAX_EVEN_READ_OFFSET) {
    return { cla: 0x00, ins: INS.READ_BINARY, p1: offset >> 8, p2: offset & 0xff, ne };
  }

  const offsetBytes = offset > 0xffff ? Uint8Array.of(offset >> 16, (offset >> 8) & 0xff, offset & 0xff) : Uint8Array.of(offset >> 8, offset & 0xff);
  return { cla: 0x00, ins: INS.READ_BINARY_ODD, p1: 0x00, p2: 0x00, data: encodeTlv(0x54, offsetBytes), ne };
}

/**
 * READ BINARY with a short EF identifier (P1 = 80 | SFI, P2 = offset up to 255): it selects the
 * EF and reads it in one command. Doc 9303 Part 10 assigns a short EF identifier to each LDS file.
 */
export function readBinaryShortFileCommand(shortFileId: number, offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(shortFileId) || shortFileId < 1 || shortFileId > 30) {
    throw new ChipError('BAD_INPUT', `short EF identifier ${shortFileId} is outside 1..30`);
  }

  if (!Number.isInteger(offset) || offset < 0 || offset > 0xff) {
    throw new ChipError('BAD_INPUT', `READ BINARY offset ${offset} with a short EF identifier is outside 0..255`);
  }

  return { cla: 0x00, ins: INS.READ_BINARY, p1: 0x80 | shortFileId, p2: offset, ne };
}

export function getChallengeCommand(): CommandApdu {
  return { cla: 0x00, ins: INS.GET_CHALLENGE, p1: 0x00, p2: 0x00, ne: 8 };
}

export function externalAuthenticateCommand(data: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: INS.EXTERNAL_AUTHENTICATE, p1: 0x00, p2: 0x00, data, ne: 40 };
}

/** INTERNAL AUTHENTICATE for active authentication; Ne 256 accepts any signature length (short APDU). */
export function internalAuthenticateCommand(nonce: Uint8Array, ne = 256): CommandApdu {
  return { cla: 0x00, ins: INS.INTERNAL_AUTHENTICATE, p1: 0x00, p2: 0x00, data: nonce, ne };
}

/** MSE:Set AT (P1 C1 = mutual authentication, P2 A4 = AT template) with the given data objects. */
export function mseSetAtCommand(data: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: INS.MANAGE_SECURITY_ENVIRONMENT, p1: 0xc1, p2: 0xa4, data };
}

/** MSE:Set KAT (P1 41, P2 A6) for chip authentication with the 3DES protocol. */
export function mseSetKatCommand(data: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: INS.MANAGE_SECURITY_ENVIRONMENT, p1: 0x41, p2: 0xa6, data };
}

/** GENERAL AUTHENTICATE with a 7C dynamic authentication data object; `last` clears command chaining. */
export function generalAuthenticateCommand(dynamicData: Uint8Array, last: boolean): CommandApdu {
  return { cla: last ? 0x00 : 0x10, ins: INS.GENERAL_AUTHENTICATE, p1: 0x00, p2: 0x00, data: encodeTlv(0x7c, dynamicData), ne: 256 };
}
