// The computations of PACE with ECDH generic mapping (ICAO Doc 9303 Part 11 sections 4.4.3.3
// and 4.4.3.3.1), the same for terminal and chip: nonce encryption, the mapped generator
// G' = s*G + H with H = SKmap * PKmap(peer), the ECDH shared secret, session keys and tokens.
import { ChipError } from '../errors.js';
import { bytesToBigInt } from '../codec/bytes.js';
import { encodeTlv } from '../codec/tlv.js';
import { blockSize, decryptCbc, encryptCbc } from '../crypto/block-cipher.js';
import { deriveKey, KDF_COUNTER, type KeyAlgorithm } from '../crypto/kdf.js';
import { aesCmac, retailMac } from '../crypto/mac.js';
import { pad } from '../crypto/padding.js';
import { xCoordinate, type EcDomain, type EcPoint } from './domain-parameters.js';
import { encodeOidContent } from './oids.js';

const cipherOf = (algorithm: KeyAlgorithm) => (algorithm === 'DESede' ? 'DESede' : 'AES') as 'DESede' | 'AES';

/** Length of the nonce s: one cipher block (8 bytes for 3DES, 16 for AES). */
export function nonceLength(algorithm: KeyAlgorithm): number {
  return blockSize(cipherOf(algorithm));
}

/** Chip: z = E(Kπ, s) in CBC mode with a zero IV. */
export function encryptNonce(passwordKey: Uint8Array, nonce: Uint8Array, algorithm: KeyAlgorithm): Uint8Array {
  return encryptCbc(cipherOf(algorithm), passwordKey, nonce);
}

/** Terminal: s = D(Kπ, z). */
export function decryptNonce(passwordKey: Uint8Array, encryptedNonce: Uint8Array, algorithm: KeyAlgorithm): Uint8Array {
  if (encryptedNonce.length !== nonceLength(algorithm)) {
    throw new ChipError('PACE_FAILED', `PACE: encrypted nonce has ${encryptedNonce.length} bytes, expected ${nonceLength(algorithm)}`, { step: 'PACE: encrypted nonce' });
  }

  return decryptCbc(cipherOf(algorithm), passwordKey, encryptedNonce);
}

/** Generic mapping: G' = s*G + SKmap * PKmap(peer). Throws PACE_FAILED when H or G' is infinity. */
export function mapGenerator(domain: EcDomain, nonce: Uint8Array, mappingPrivateKey: bigint, peerMappingKey: EcPoint): EcPoint {
  const h = peerMappingKey.multiply(mappingPrivateKey);
  const s = bytesToBigInt(nonce) % domain.order;

  if (h.is0() || s === 0n) {
    throw new ChipError('PACE_FAILED', 'PACE: the mapping produced the point at infinity or a zero nonce', { step: 'PACE: map nonce' });
  }

  const mapped = domain.Point.BASE.multiply(s).add(h);

  if (mapped.is0()) {
    throw new ChipError('PACE_FAILED', 'PACE: the mapped generator is the point at infinity', { step: 'PACE: map nonce' });
  }

  return mapped;
}

/** ECDH on the mapped generator: the x coordinate of SK * PK(peer). */
export function computeSharedSecret(domain: EcDomain, privateKey: bigint, peerPublicKey: EcPoint): Uint8Array {
  const point = peerPublicKey.multiply(privateKey);

  if (point.is0()) {
    throw new ChipError('PACE_FAILED', 'PACE: the shared secret is the point at infinity', { step: 'PACE: key agreement' });
  }

  return xCoordinate(domain, point);
}

/** KSenc and KSmac from the shared secret. */
export function derivePaceSessionKeys(sharedSecret: Uint8Array, algorithm: KeyAlgorithm): { ksEnc: Uint8Array; ksMac: Uint8Array } {
  return { ksEnc: deriveKey(sharedSecret, KDF_COUNTER.ENC, algorithm), ksMac: deriveKey(sharedSecret, KDF_COUNTER.MAC, algorithm) };
}

/** Public key data object 7F49 { 06 protocol OID, 86 point } that the tokens authenticate. */
export function ecPublicKeyDataObject(protocolOid: string, encodedPoint: Uint8Array): Uint8Array {
  return encodeTlv(0x7f49, [encodeTlv(0x06, encodeOidContent(protocolOid)), encodeTlv(0x86, encodedPoint)]);
}

/** Authentication token of an ECDH run: the 8-byte MAC under KSmac of the peer's public key data object. */
export function computeAuthenticationToken(ksMac: Uint8Array, algorithm: KeyAlgorithm, protocolOid: string, peerEncodedPoint: Uint8Array): Uint8Array {
  return macPublicKeyDataObject(ksMac, algorithm, ecPublicKeyDataObject(protocolOid, peerEncodedPoint));
}

/** The 8-byte MAC under KSmac of a public key data object (7F49), for ECDH and DH tokens alike. */
export function macPublicKeyDataObject(ksMac: Uint8Array, algorithm: KeyAlgorithm, dataObject: Uint8Array): Uint8Array {
  return algorithm === 'DESede' ? retailMac(ksMac, pad(dataObject, 8)) : aesCmac(ksMac, dataObject).slice(0, 8);
}
