// Message authentication codes of ICAO Doc 9303 Part 11 secure messaging. BAC and 3DES sessions
// use ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC": DES with a 3DES final block). AES sessions
// use AES-CMAC (NIST SP 800-38B, RFC 4493). Callers truncate both to 8 bytes.
import { ChipError } from '../errors.js';
import { encryptCbc, encryptEcb } from './block-cipher.js';

/**
 * ISO/IEC 9797-1 MAC algorithm 3 over data already padded to 8-byte blocks: DES-CBC with K1
 * over every block, then decrypt with K2 and encrypt with K1 on the last (3DES EDE of K1, K2).
 */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Uint8Array {
  if (key.length !== 16 || paddedData.length === 0 || paddedData.length % 8 !== 0) {
    throw new ChipError('BAD_INPUT', `retail MAC needs a 16-byte key and padded data in 8-byte blocks, got a ${key.length}-byte key and ${paddedData.length} bytes`);
  }

  const k1 = key.subarray(0, 8);
  const head = paddedData.subarray(0, paddedData.length - 8);
  const chained = head.length === 0 ? new Uint8Array(8) : encryptCbc('DESede', k1, head).subarray(head.length - 8);
  const last = new Uint8Array(8);

  for (let index = 0; index < 8; index++) {
    last[index] = (chained[index] as number) ^ (paddedData[head.length + index] as number);
  }

  return encryptEcb('DESede', key, last);
}

function shiftLeftOne(block: Uint8Array): Uint8Array {
  const shifted = new Uint8Array(16);
  let carry = 0;

  for (let index = 15; index >= 0; index--) {
    const byte = block[index] as number;
    shifted[index] = ((byte << 1) | carry) & 0xff;
    carry = byte >> 7;
  }

  if (((block[0] as number) & 0x80) !== 0) {
    shifted[15] = (shifted[15] as number) ^ 0x87;
  }

  return shifted;
}

/** AES-CMAC (RFC 4493) over `data` of any length; returns the full 16-byte tag. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const subkey1 = shiftLeftOne(encryptEcb('AES', key, new Uint8Array(16)));
  const complete = data.length > 0 && data.length % 16 === 0;
  const blocks = complete ? data.length / 16 : Math.floor(data.length / 16) + 1;
  const message = new Uint8Array(blocks * 16);
  message.set(data, 0);

  if (!complete) {
    message[data.length] = 0x80;
  }

  const subkey = complete ? subkey1 : shiftLeftOne(subkey1);
  const lastOffset = (blocks - 1) * 16;

  for (let index = 0; index < 16; index++) {
    message[lastOffset + index] = (message[lastOffset + index] as number) ^ (subkey[index] as number);
  }

  const cipherText = encryptCbc('AES', key, message);
  return cipherText.slice(lastOffset);
}
