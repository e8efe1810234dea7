// The chip's static chip authentication key from DG14 (a SubjectPublicKeyInfo) as a point on a
// curve @noble/curves implements, and the key agreement both sides run (Doc 9303 Part 11 6.2).
import { createPublicKey } from 'node:crypto';

import { ChipError } from '../errors.js';
import { parseTlv } from '../codec/tlv.js';
import type { KeyAlgorithm } from '../crypto/kdf.js';
import { computeSharedSecret, derivePaceSessionKeys } from '../pace/ecdh-generic-mapping.js';
import { decodePoint, ecDomainByName, type EcDomain, type EcPoint } from '../pace/domain-parameters.js';

export interface ChipStaticKey {
  domain: EcDomain;
  point: EcPoint;
}

/** Reads an EC SubjectPublicKeyInfo (named or explicit parameters) into a curve and a point. */
export function readChipAuthenticationKey(publicKeyInfo: Uint8Array): ChipStaticKey {
  let curve: string | undefined;

  try {
    // node:crypto resolves explicit brainpool and NIST parameters to the named curve.
    const key = createPublicKey({ key: Buffer.from(publicKeyInfo), format: 'der', type: 'spki' });
    curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  } catch (error) {
    throw new ChipError('CA_UNSUPPORTED', `chip authentication: the DG14 public key is not a readable SubjectPublicKeyInfo: ${error instanceof Error ? error.message : String(error)}`, { step: 'chip authentication', file: 'DG14' });
  }

  const domain = curve === undefined ? undefined : ecDomainByName(curve);

  if (domain === undefined) {
    throw new ChipError('CA_UNSUPPORTED', `chip authentication: the ECDH key is on ${curve ?? 'no named curve'}; P-256/384/521 and brainpoolP256/384/512r1 are supported`, { step: 'chip authentication', file: 'DG14' });
  }

  // subjectPublicKey is a BIT STRING with no unused bits around the encoded point.
  const bitString = parseTlv(publicKeyInfo, { pathPrefix: 'DG14 public key' }).children[1];

  if (bitString?.tag !== 0x03 || bitString.value[0] !== 0x00) {
    throw new ChipError('CA_UNSUPPORTED', 'chip authentication: the DG14 public key has no subjectPublicKey BIT STRING', { step: 'chip authentication', file: 'DG14' });
  }

  return { domain, point: decodePoint(domain, bitString.value.subarray(1), 'chip authentication public key') };
}

/** Shared secret of ECDH chip authentication: the x coordinate of SK * PK(peer). */
export function computeChipAuthenticationSecret(domain: EcDomain, privateKey: bigint, peerPublicKey: Uint8Array): Uint8Array {
  const peer = decodePoint(domain, peerPublicKey, 'chip authentication peer public key');
  return computeSharedSecret(domain, privateKey, peer);
}

/** Session keys of the restarted secure messaging: KDF over the x coordinate of SK * PK(peer). */
export function deriveChipAuthenticationKeys(domain: EcDomain, privateKey: bigint, peerPublicKey: Uint8Array, algorithm: KeyAlgorithm): { ksEnc: Uint8Array; ksMac: Uint8Array } {
  return derivePaceSessionKeys(computeChipAuthenticationSecret(domain, privateKey, peerPublicKey), algorithm);
}
