// Key material of the virtual card in the forms the chip-side protocol functions take.
import type { KeyObject } from 'node:crypto';

import { bytesToBigInt } from '../../chip/codec/bytes.js';
import { parseTlv } from '../../chip/codec/tlv.js';

/**
 * Returns the private scalar d of an EC private key. Node exports JWK only for NIST curves, so
 * the scalar is read from the PKCS #8 DER: PrivateKeyInfo { version, algorithm, OCTET STRING
 * ECPrivateKey { version, OCTET STRING d, ... } } (RFC 5208, RFC 5915).
 */
export function ecPrivateScalar(privateKey: KeyObject): bigint {
  if (privateKey.asymmetricKeyType !== 'ec') {
    throw new Error(`chip authentication needs an EC private key, got ${privateKey.asymmetricKeyType ?? 'an unknown key type'}`);
  }

  const der = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
  const privateKeyInfo = parseTlv(der);
  const octets = privateKeyInfo.children[2];

  if (octets === undefined || octets.tag !== 0x04) {
    throw new Error('EC private key: PKCS #8 PrivateKeyInfo has no privateKey OCTET STRING');
  }

  const ecPrivateKey = parseTlv(octets.value);
  const scalar = ecPrivateKey.children[1];

  if (scalar === undefined || scalar.tag !== 0x04) {
    throw new Error('EC private key: ECPrivateKey has no privateKey OCTET STRING');
  }

  return bytesToBigInt(scalar.value);
}

/** Curve name of an EC key as the chip library names it (e.g. `brainpoolP256r1`). */
export function ecCurveName(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;

  if (curve === undefined) {
    throw new Error('EC key without a named curve');
  }

  return curve;
}
