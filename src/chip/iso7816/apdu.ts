// Command and response APDUs (ISO/IEC 7816-4 section 5.1): the four cases in short and extended
// length. `ne` is the maximum number of response bytes expected: 1..256 in a short APDU (Le 00
// means 256) and 1..65536 in an extended one (Le 0000 means 65536).
import { ChipError } from '../errors.js';
import { toHex } from '../codec/bytes.js';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data field; absent or empty means no Lc. */
  data?: Uint8Array;
  /** Expected response length Ne; absent means no Le. */
  ne?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  /** SW1 SW2 as one number, e.g. 0x9000. */
  sw: number;
}

export interface EncodeApduOptions {
  /** Use extended length even when short length would do. */
  extended?: boolean;
}

const SHORT_MAX_DATA = 255;
const SHORT_MAX_NE = 256;
const EXTENDED_MAX_DATA = 65535;
const EXTENDED_MAX_NE = 65536;

/** CLA INS P1 P2 of a command as hex, for error messages and traces (never the data). */
export function commandHeaderHex(command: CommandApdu): string {
  return toHex(Uint8Array.of(command.cla, command.ins, command.p1, command.p2));
}

/** Returns true when `command` needs extended length (more than 255 data bytes or Ne above 256). */
export function needsExtendedLength(command: CommandApdu): boolean {
  return (command.data?.length ?? 0) > SHORT_MAX_DATA || (command.ne ?? 0) > SHORT_MAX_NE;
}

/** Encodes a command APDU, in short length unless it needs or `options` requests extended length. */
export function encodeCommandApdu(command: CommandApdu, options: EncodeApduOptions = {}): Uint8Array {
  const header = [command.cla, command.ins, command.p1, command.p2];
  const data = command.data ?? new Uint8Array(0);
  const ne = command.ne;

  if (header.some((byte) => !Number.isInteger(byte) || byte < 0 || byte > 0xff)) {
    throw new ChipError('APDU_INVALID', `command header ${header.join(',')} has a byte outside 00..FF`);
  }

  if (data.length > EXTENDED_MAX_DATA || (ne !== undefined && (!Number.isInteger(ne) || ne < 1 || ne > EXTENDED_MAX_NE))) {
    throw new ChipError('APDU_INVALID', `command ${commandHeaderHex(command)}: ${data.length} data bytes and Ne ${ne} exceed the extended-length limits (65535, 1..65536)`);
  }

  const extended = options.extended === true || needsExtendedLength(command);
  const bytes: number[] = [...header];

  if (data.length > 0) {
    if (extended) bytes.push(0x00, data.length >> 8, data.length & 0xff);
    else bytes.push(data.length);
  }

  const body = Uint8Array.from(bytes);
  let le: number[] = [];

  // Ne 256 (short) and 65536 (extended) are encoded as zero bytes.
  if (ne !== undefined && !extended) {
    le = [ne % SHORT_MAX_NE];
  } else if (ne !== undefined) {
    const value = ne % EXTENDED_MAX_NE;
    le = [value >> 8, value & 0xff];

    // Without Lc, an extended Le starts with its own 00 marker byte.
    if (data.length === 0) le.unshift(0x00);
  }

  const result = new Uint8Array(body.length + data.length + le.length);
  result.set(body, 0);
  result.set(data, body.length);
  result.set(le, body.length + data.length);
  return result;
}

/** Decodes a command APDU (card side); throws APDU_INVALID when the length bytes do not fit. */
export function decodeCommandApdu(bytes: Uint8Array): CommandApdu & { extended: boolean } {
  if (bytes.length < 4) {
    throw new ChipError('APDU_INVALID', `command APDU has ${bytes.length} bytes, at least 4 (CLA INS P1 P2) are required`);
  }

  const command = { cla: bytes[0] as number, ins: bytes[1] as number, p1: bytes[2] as number, p2: bytes[3] as number };
  const body = bytes.length - 4;
  const first = bytes[4] as number;

  if (body === 0) return { ...command, extended: false };
  if (body === 1) return { ...command, ne: first === 0 ? SHORT_MAX_NE : first, extended: false };

  if (first !== 0) {
    if (body === 1 + first) return { ...command, data: bytes.subarray(5, 5 + first), extended: false };

    if (body === 2 + first) {
      const le = bytes[5 + first] as number;
      return { ...command, data: bytes.subarray(5, 5 + first), ne: le === 0 ? SHORT_MAX_NE : le, extended: false };
    }

    throw new ChipError('APDU_INVALID', `command ${toHex(bytes.subarray(0, 4))}: Lc ${first} does not match the ${body - 1} bytes that follow it`, { command: toHex(bytes.subarray(0, 4)) });
  }

  const word = (offset: number): number => ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);

  if (body === 3) {
    const le = word(5);
    return { ...command, ne: le === 0 ? EXTENDED_MAX_NE : le, extended: true };
  }

  const lc = body >= 3 ? word(5) : 0;

  if (lc > 0 && body === 3 + lc) return { ...command, data: bytes.subarray(7, 7 + lc), extended: true };

  if (lc > 0 && body === 5 + lc) {
    const le = word(7 + lc);
    return { ...command, data: bytes.subarray(7, 7 + lc), ne: le === 0 ? EXTENDED_MAX_NE : le, extended: true };
  }

  throw new ChipError('APDU_INVALID', `command ${toHex(bytes.subarray(0, 4))}: extended length bytes do not match the ${body} bytes after the header`, { command: toHex(bytes.subarray(0, 4)) });
}

/** Splits a response into data and status word; throws APDU_INVALID when it has fewer than 2 bytes. */
export function decodeResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) {
    throw new ChipError('APDU_INVALID', `response APDU has ${bytes.length} bytes, at least 2 (SW1 SW2) are required`);
  }

  const end = bytes.length - 2;
  return { data: bytes.subarray(0, end), sw: ((bytes[end] as number) << 8) | (bytes[end + 1] as number) };
}

/** Encodes a response: data followed by SW1 SW2 (card side). */
export function encodeResponseApdu(response: ResponseApdu): Uint8Array {
  const result = new Uint8Array(response.data.length + 2);
  result.set(response.data, 0);
  result[response.data.length] = response.sw >> 8;
  result[response.data.length + 1] = response.sw & 0xff;
  return result;
}
