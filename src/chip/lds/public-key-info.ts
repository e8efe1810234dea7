// Key type, RSA modulus size and EC curve of a SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7,
// RFC 3279 section 2.3), read from the DER without importing the key. Importing costs more than
// the rest of a DG15 parse, and active authentication imports the key again anyway.
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';

import { ChipError } from '../errors.js';
import { bytesToBigInt } from '../codec/bytes.js';
import { parseTlv, type TlvNode } from '../codec/tlv.js';
import { childAt, expectDerTag, readOid, TAG_BIT_STRING, TAG_INTEGER, TAG_OID, TAG_SEQUENCE } from './der.js';
import { OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION } from '../pa/algorithms.js';

export interface PublicKeyDescription {
  keyType: 'rsa' | 'ec';
  /** RSA modulus size in bits. */
  keySize?: number;
  /** EC curve as node:crypto names it; absent for a curve not listed here. */
  curve?: string;
  /** RSAPublicKey DER (PKCS #1) inside the BIT STRING of an RSA key. */
  rsaPublicKey?: Uint8Array;
}

/** Named curve OIDs (RFC 5480 section 2.1.1.1, RFC 5639 section 4.1). */
const CURVE_BY_OID: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'prime256v1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

/** Field primes of the curves above, for keys with explicit parameters. */
const CURVE_BY_PRIME: ReadonlyMap<bigint, string> = new Map([
  [p256.Point.CURVE().p, 'prime256v1'],
  [p384.Point.CURVE().p, 'secp384r1'],
  [p521.Point.CURVE().p, 'secp521r1'],
  [brainpoolP256r1.Point.CURVE().p, 'brainpoolP256r1'],
  [brainpoolP384r1.Point.CURVE().p, 'brainpoolP384r1'],
  [brainpoolP512r1.Point.CURVE().p, 'brainpoolP512r1'],
]);

/** Describes an RSA or EC SubjectPublicKeyInfo; another key type is rejected with LDS_INVALID. */
export function describePublicKeyInfo(info: TlvNode, what: string): PublicKeyDescription {
  expectDerTag(info, TAG_SEQUENCE, `${what} SubjectPublicKeyInfo`);
  const algorithm = expectDerTag(childAt(info, 0, `${what} algorithm`), TAG_SEQUENCE, `${what} algorithm`);
  const oid = readOid(childAt(algorithm, 0, `${what} algorithm OID`), `${what} algorithm`);
  const key = expectDerTag(childAt(info, 1, `${what} subjectPublicKey`), TAG_BIT_STRING, `${what} subjectPublicKey`);

  if (oid === OID_RSA_ENCRYPTION) {
    if (key.value[0] !== 0) {
      throw new ChipError('LDS_INVALID', `${what} RSA subjectPublicKey BIT STRING has unused bits; expected 00`, { path: key.path });
    }

    const rsaKey = expectDerTag(parseTlv(key.value.subarray(1), { pathPrefix: `${what} RSAPublicKey` }), TAG_SEQUENCE, `${what} RSAPublicKey`);
    const modulus = expectDerTag(childAt(rsaKey, 0, `${what} modulus`), TAG_INTEGER, `${what} modulus`);
    return { keyType: 'rsa', keySize: bitLength(modulus.value), rsaPublicKey: rsaKey.encoded };
  }

  if (oid !== OID_EC_PUBLIC_KEY) {
    throw new ChipError('LDS_INVALID', `${what} key algorithm ${oid} is neither rsaEncryption nor id-ecPublicKey`, { path: info.path });
  }

  const parameters = childAt(algorithm, 1, `${what} EC parameters`);
  const curve = parameters.tag === TAG_OID ? CURVE_BY_OID[readOid(parameters, `${what} namedCurve`)] : curveOfDomain(parameters, what);

  return curve === undefined ? { keyType: 'ec' } : { keyType: 'ec', curve };
}

/** Bit length of a big-endian unsigned integer, without building a bigint. */
function bitLength(bytes: Uint8Array): number {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;

  if (start === bytes.length) {
    return 0;
  }

  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start] as number));
}

/** Curve of SpecifiedECDomain { version, fieldID { fieldType, prime }, ... } by its prime. */
function curveOfDomain(domain: TlvNode, what: string): string | undefined {
  expectDerTag(domain, TAG_SEQUENCE, `${what} SpecifiedECDomain`);
  const field = expectDerTag(childAt(domain, 1, `${what} fieldID`), TAG_SEQUENCE, `${what} fieldID`);
  const prime = expectDerTag(childAt(field, 1, `${what} prime`), TAG_INTEGER, `${what} prime`);

  return CURVE_BY_PRIME.get(bytesToBigInt(prime.value));
}
