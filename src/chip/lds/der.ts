// DER primitives that the LDS parsers and encoders share (ITU-T X.690 sections 8.3, 8.19
// and 8.23): OBJECT IDENTIFIER, INTEGER and character strings, read from TLV nodes.
import { ChipError } from '../errors.js';
import { encodeTlv, tagToHex, type TlvNode } from '../codec/tlv.js';

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_UTF8_STRING = 0x0c;
export const TAG_PRINTABLE_STRING = 0x13;
export const TAG_IA5_STRING = 0x16;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;

/** Dotted text of an OBJECT IDENTIFIER node. */
export function readOid(node: TlvNode, what: string): string {
  expectDerTag(node, TAG_OID, what);
  const bytes = node.value;

  if (bytes.length === 0 || (bytes[bytes.length - 1] as number) & 0x80) {
    throw new ChipError('ASN1_INVALID', `${what} at ${node.path}: OBJECT IDENTIFIER is empty or cut off`, { path: node.path });
  }

  // Arcs of up to 7 bytes (49 bits) are exact as numbers, which covers the OIDs of Doc 9303
  // and X.509. An OID with a longer arc is decoded again with bigint, which is slower.
  const arcs: number[] = [];
  let value = 0;
  let arcBytes = 0;

  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number;

    if (value === 0 && byte === 0x80) {
      throw new ChipError('ASN1_INVALID', `${what} at ${node.path}: OBJECT IDENTIFIER arc has a leading 80 byte`, { path: node.path });
    }

    if (++arcBytes > 7) {
      return readLongOid(node, what);
    }

    value = value * 128 + (byte & 0x7f);

    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
      arcBytes = 0;
    }
  }

  const first = arcs[0] as number;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Dotted text of an OBJECT IDENTIFIER whose arcs may exceed 2^53. */
function readLongOid(node: TlvNode, what: string): string {
  const arcs: bigint[] = [];
  let value = 0n;

  for (const byte of node.value) {
    if (value === 0n && byte === 0x80) {
      throw new ChipError('ASN1_INVALID', `${what} at ${node.path}: OBJECT IDENTIFIER arc has a leading 80 byte`, { path: node.path });
    }

    value = (value << 7n) | BigInt(byte & 0x7f);

    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }

  const first = arcs[0] as bigint;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** DER bytes of an OBJECT IDENTIFIER given as dotted text. */
export function encodeOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map((arc) => BigInt(arc));

  if (arcs.length < 2 || (arcs[0] as bigint) > 2n) {
    throw new ChipError('BAD_INPUT', `invalid OBJECT IDENTIFIER "${oid}": expected at least two dotted arcs starting 0, 1 or 2`);
  }

  const values = [(arcs[0] as bigint) * 40n + (arcs[1] as bigint), ...arcs.slice(2)];
  const bytes: number[] = [];

  for (const value of values) {
    const group: number[] = [Number(value & 0x7fn)];
    let rest = value >> 7n;

    while (rest > 0n) {
      group.unshift(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }

    bytes.push(...group);
  }

  return encodeTlv(TAG_OID, Uint8Array.from(bytes));
}

/** Value of an INTEGER node that must fit in a safe JavaScript number. */
export function readSmallInteger(node: TlvNode, what: string): number {
  expectDerTag(node, TAG_INTEGER, what);
  const bytes = node.value;

  if (bytes.length === 0 || bytes.length > 6) {
    throw new ChipError('ASN1_INVALID', `${what} at ${node.path}: INTEGER of ${bytes.length} bytes, expected 1 to 6`, { path: node.path });
  }

  let value = 0;

  for (const byte of bytes) {
    value = value * 256 + byte;
  }

  // Two's complement: a set top bit makes the value negative.
  return (bytes[0] as number) & 0x80 ? value - 256 ** bytes.length : value;
}

/** DER bytes of a non-negative INTEGER. */
export function encodeSmallInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ChipError('BAD_INPUT', `INTEGER ${value} is not a non-negative safe integer`);
  }

  const bytes: number[] = [];
  let rest = value;

  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);

  if ((bytes[0] as number) & 0x80) {
    bytes.unshift(0);
  }

  return encodeTlv(TAG_INTEGER, Uint8Array.from(bytes));
}

const STRING_TAGS = new Set([TAG_UTF8_STRING, TAG_PRINTABLE_STRING, TAG_IA5_STRING, 0x1a, 0x14]);

/** One decoder for every string: without the stream option each decode call stands alone. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a UTF8String, PrintableString, IA5String, VisibleString or T61String node; invalid UTF-8 is rejected. */
export function readString(node: TlvNode, what: string): string {
  if (!STRING_TAGS.has(node.tag)) {
    throw new ChipError('ASN1_INVALID', `${what} at ${node.path}: expected a character string, found tag ${tagToHex(node.tag)}`, { path: node.path });
  }

  try {
    return UTF8.decode(node.value);
  } catch {
    throw new ChipError('ASN1_INVALID', `${what} at ${node.path}: text is not valid UTF-8`, { path: node.path });
  }
}

/** Throws ASN1_INVALID unless `node` has `tag`. */
export function expectDerTag(node: TlvNode, tag: number, what: string): TlvNode {
  if (node.tag !== tag) {
    throw new ChipError('ASN1_INVALID', `${what} at ${node.path}: expected tag ${tagToHex(tag)}, found ${tagToHex(node.tag)}`, { path: node.path });
  }

  return node;
}

/** Returns the child at `index`, or throws ASN1_INVALID naming what is missing. */
export function childAt(node: TlvNode, index: number, what: string): TlvNode {
  const child = node.children[index];

  if (child === undefined) {
    throw new ChipError('ASN1_INVALID', `${what} is missing: ${node.path} has ${node.children.length} elements, expected at least ${index + 1}`, { path: node.path });
  }

  return child;
}
