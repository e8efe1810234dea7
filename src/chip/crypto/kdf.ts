// Key derivation function of ICAO Doc 9303 Part 11 section 9.7.1: keydata = H(K || c) with a
// 32-bit big-endian counter c (1 = encryption, 2 = MAC, 3 = PACE password); SHA-1 for 3DES and
// AES-128, SHA-256 for AES-192 and AES-256. 3DES keys get odd parity bits as the spec shows.
import { createHash } from 'node:crypto';

import { ChipError } from '../errors.js';

export type KeyAlgorithm = 'DESede' | 'AES-128' | 'AES-192' | 'AES-256';

export const KDF_COUNTER = { ENC: 1, MAC: 2, PACE: 3 } as const;

/** Sets the low bit of each byte so that every byte has odd parity (DES key parity). */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const adjusted = new Uint8Array(key.length);

  for (let index = 0; index < key.length; index++) {
    const byte = (key[index] as number) & 0xfe;
    let ones = 0;

    for (let bit = 1; bit < 8; bit++) ones += (byte >> bit) & 1;

    adjusted[index] = ones % 2 === 0 ? byte | 1 : byte;
  }

  return adjusted;
}

/** Derives a key of `algorithm` from the shared secret or seed `secret` with counter `counter`. */
export function deriveKey(secret: Uint8Array, counter: number, algorithm: KeyAlgorithm): Uint8Array {
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) {
    throw new ChipError('BAD_INPUT', `KDF counter ${counter} is outside 0..4294967295`);
  }

  const counterBytes = Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff);
  const hash = algorithm === 'DESede' || algorithm === 'AES-128' ? 'sha1' : 'sha256';
  const digest = new Uint8Array(createHash(hash).update(secret).update(counterBytes).digest());

  switch (algorithm) {
    case 'DESede':
      return adjustDesParity(digest.subarray(0, 16));
    case 'AES-128':
      return digest.slice(0, 16);
    case 'AES-192':
      return digest.slice(0, 24);
    case 'AES-256':
      return digest.slice(0, 32);
  }
}
