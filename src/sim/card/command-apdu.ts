// Card-side decoding of command APDUs (ISO/IEC 7816-3 cases 1-4, short and extended length).
// The card decides for itself what is malformed, so it answers `6700` instead of throwing.

/** A decoded command APDU. `ne` is the expected response length (256 or 65536 when Le is 00/0000). */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Expected response length; 0 when the command has no Le field. */
  ne: number;
  extended: boolean;
}

/** Decodes `bytes`, or returns null when the length fields do not match the APDU's size. */
export function decodeCommandApdu(bytes: Uint8Array): CommandApdu | null {
  if (bytes.length < 4) {
    return null;
  }

  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  const header = { cla, ins, p1, p2 };

  if (body.length === 0) {
    return { ...header, data: new Uint8Array(0), ne: 0, extended: false };
  }

  if (body.length === 1) {
    return { ...header, data: new Uint8Array(0), ne: body[0] === 0 ? 256 : body[0]!, extended: false };
  }

  if (body[0] !== 0) {
    return decodeShortBody(header, body);
  }

  return decodeExtendedBody(header, body);
}

function decodeShortBody(header: Pick<CommandApdu, 'cla' | 'ins' | 'p1' | 'p2'>, body: Uint8Array): CommandApdu | null {
  const lc = body[0]!;

  if (body.length === 1 + lc) {
    return { ...header, data: body.slice(1), ne: 0, extended: false };
  }

  if (body.length === 2 + lc) {
    const le = body[1 + lc]!;
    return { ...header, data: body.slice(1, 1 + lc), ne: le === 0 ? 256 : le, extended: false };
  }

  return null;
}

function decodeExtendedBody(header: Pick<CommandApdu, 'cla' | 'ins' | 'p1' | 'p2'>, body: Uint8Array): CommandApdu | null {
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { ...header, data: new Uint8Array(0), ne: le === 0 ? 65536 : le, extended: true };
  }

  const lc = (body[1]! << 8) | body[2]!;

  if (lc === 0) {
    return null;
  }

  if (body.length === 3 + lc) {
    return { ...header, data: body.slice(3), ne: 0, extended: true };
  }

  if (body.length === 5 + lc) {
    const le = (body[3 + lc]! << 8) | body[4 + lc]!;
    return { ...header, data: body.slice(3, 3 + lc), ne: le === 0 ? 65536 : le, extended: true };
  }

  return null;
}
