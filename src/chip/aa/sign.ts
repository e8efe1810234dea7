// Chip side of active authentication, for the virtual card: the INTERNAL AUTHENTICATE response,
// a signature over the terminal nonce with the DG15 private key.
import { createHash, privateDecrypt, sign, constants, type KeyObject } from 'node:crypto';

import { ChipError } from '../errors.js';
import { concatBytes } from '../codec/bytes.js';
import type { RandomSource } from '../crypto/random.js';
import { HASH_LENGTH, NODE_HASH, TRAILER_HASH_IDS, type AaHash } from './hash.js';

/**
 * ISO/IEC 9796-2 scheme 1 signature with partial recovery: F = 6A || M1 || H(M1 || nonce) ||
 * trailer, with a random M1 filling the modulus, then the raw RSA private operation on F.
 */
export function signActiveAuthenticationRsa(privateKey: KeyObject, nonce: Uint8Array, hash: AaHash, random: RandomSource): Uint8Array {
  const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;

  if (privateKey.asymmetricKeyType !== 'rsa' || modulusBits % 8 !== 0) {
    throw new ChipError('BAD_INPUT', `active authentication: RSA key with a whole-byte modulus expected, got ${privateKey.asymmetricKeyType} ${modulusBits} bits`);
  }

  const k = modulusBits / 8;
  const trailer = hash === 'SHA-1' ? Uint8Array.of(0xbc) : Uint8Array.of(hashIdentifier(hash), 0xcc);
  const recoverable = random(k - 1 - HASH_LENGTH[hash] - trailer.length);
  const digest = new Uint8Array(createHash(NODE_HASH[hash]).update(recoverable).update(nonce).digest());
  const representative = concatBytes(Uint8Array.of(0x6a), recoverable, digest, trailer);

  return new Uint8Array(privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, representative));
}

/** ECDSA signature over the nonce, plain r || s (the Doc 9303 format) or DER. */
export function signActiveAuthenticationEcdsa(privateKey: KeyObject, nonce: Uint8Array, hash: AaHash, format: 'plain' | 'DER' = 'plain'): Uint8Array {
  if (privateKey.asymmetricKeyType !== 'ec') {
    throw new ChipError('BAD_INPUT', `active authentication: EC key expected, got ${privateKey.asymmetricKeyType}`);
  }

  return new Uint8Array(sign(NODE_HASH[hash], nonce, { key: privateKey, dsaEncoding: format === 'plain' ? 'ieee-p1363' : 'der' }));
}

function hashIdentifier(hash: AaHash): number {
  for (const [identifier, name] of TRAILER_HASH_IDS) {
    if (name === hash) return identifier;
  }

  throw new ChipError('BAD_INPUT', `active authentication: no ISO/IEC 10118-3 identifier for ${hash}`);
}
