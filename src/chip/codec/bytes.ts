// Byte helpers shared by every layer of the chip library.
import { timingSafeEqual } from 'node:crypto';

import { ChipError } from '../errors.js';

/** Hex digits of `bytes`, upper case, no separators (the form used in ICAO Doc 9303). */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** Bytes of a hex string; spaces and line breaks are ignored, so vectors can be laid out as printed. */
export function fromHex(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, '');

  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new ChipError('BAD_INPUT', `invalid hex string "${hex.slice(0, 40)}": expected an even number of hex digits`);
  }

  return new Uint8Array(Buffer.from(digits, 'hex'));
}

/** Concatenation of the given byte arrays in a new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;

  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }

  return result;
}

/** Byte-wise equality that takes the same time for equal-length inputs (for MACs and tokens). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Base64 text of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Bytes of standard base64 text; rejects any other character. */
export function fromBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');

  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new ChipError('BAD_INPUT', `invalid base64 text starting "${compact.slice(0, 20)}"`);
  }

  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** Big-endian bytes of a non-negative integer, padded to `length` bytes. */
export function uintToBytes(value: number | bigint, length: number): Uint8Array {
  let remaining = BigInt(value);

  if (remaining < 0n || remaining >= 1n << BigInt(8 * length)) {
    throw new ChipError('BAD_INPUT', `integer ${value} does not fit in ${length} bytes`);
  }

  const result = new Uint8Array(length);

  for (let index = length - 1; index >= 0; index--) {
    result[index] = Number(remaining & 0xffn);
    remaining >>= 8n;
  }

  return result;
}

/** Non-negative integer of big-endian bytes. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;

  for (const byte of bytes) {
    value = (value << 8n) | BigInt(byte);
  }

  return value;
}
