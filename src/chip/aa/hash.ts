// Hash algorithms of active authentication: ISO/IEC 10118-3 identifiers in the ISO/IEC 9796-2
// trailer (xx CC), and the ECDSA signature algorithm OIDs of ActiveAuthenticationInfo
// (BSI TR-03111 section 5.2.1, ecdsa-plain-signatures 0.4.0.127.0.7.1.1.4.1.x).

export type AaHash = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const HASH_LENGTH: Record<AaHash, number> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** node:crypto names of the hashes. */
export const NODE_HASH: Record<AaHash, string> = { 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** ISO/IEC 10118-3 hash identifier that precedes CC in a two-byte ISO/IEC 9796-2 trailer. */
export const TRAILER_HASH_IDS: ReadonlyMap<number, AaHash> = new Map([
  [0x33, 'SHA-1'],
  [0x34, 'SHA-256'],
  [0x35, 'SHA-512'],
  [0x36, 'SHA-384'],
  [0x38, 'SHA-224'],
]);

/** Signature algorithm OIDs that ActiveAuthenticationInfo in DG14 may name, and their hash. */
export const ECDSA_PLAIN_OIDS: ReadonlyMap<string, AaHash> = new Map([
  ['0.4.0.127.0.7.1.1.4.1.1', 'SHA-1'],
  ['0.4.0.127.0.7.1.1.4.1.2', 'SHA-224'],
  ['0.4.0.127.0.7.1.1.4.1.3', 'SHA-256'],
  ['0.4.0.127.0.7.1.1.4.1.4', 'SHA-384'],
  ['0.4.0.127.0.7.1.1.4.1.5', 'SHA-512'],
]);

/** Hash whose length matches an EC field of `fieldBits`: the default when DG14 names none. */
export function hashForCurveBits(fieldBits: number): AaHash {
  if (fieldBits <= 224) return 'SHA-224';
  if (fieldBits <= 256) return 'SHA-256';
  if (fieldBits <= 384) return 'SHA-384';
  return 'SHA-512';
}
