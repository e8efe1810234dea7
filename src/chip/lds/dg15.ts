// DG15 (ICAO Doc 9303 Part 10 section 4.7.15): the active authentication public key as a
// SubjectPublicKeyInfo, RSA or EC.
import { createPublicKey, type KeyObject } from 'node:crypto';

import { ChipError } from '../errors.js';
import { encodeTlv } from '../codec/tlv.js';
import { childAt, expectDerTag, readOid, TAG_SEQUENCE } from './der.js';
import { parseFile } from './file-tags.js';
import { OID_EC_PUBLIC_KEY, OID_RSA_ENCRYPTION } from '../pa/algorithms.js';

export interface Dg15 {
  keyType: 'rsa' | 'ec';
  /** SubjectPublicKeyInfo DER as stored. */
  publicKeyInfo: Uint8Array;
  publicKey: KeyObject;
  /** RSA modulus size, or the EC curve's name as node:crypto gives it. */
  keySize?: number;
  curve?: string;
}

/** Parses DG15 and loads its key with node:crypto (explicit EC parameters included). */
export function parseDg15(bytes: Uint8Array): Dg15 {
  const root = parseFile(bytes, 'DG15');
  const info = expectDerTag(childAt(root, 0, 'SubjectPublicKeyInfo'), TAG_SEQUENCE, 'DG15 SubjectPublicKeyInfo');

  if (root.children.length !== 1) {
    throw new ChipError('LDS_INVALID', `DG15 contains ${root.children.length} objects, expected one SubjectPublicKeyInfo`, { file: 'DG15' });
  }

  const algorithm = expectDerTag(childAt(info, 0, 'algorithm'), TAG_SEQUENCE, 'DG15 algorithm');
  const oid = readOid(childAt(algorithm, 0, 'algorithm OID'), 'DG15 algorithm');

  if (oid !== OID_RSA_ENCRYPTION && oid !== OID_EC_PUBLIC_KEY) {
    throw new ChipError('LDS_INVALID', `DG15 key algorithm ${oid} is neither rsaEncryption nor id-ecPublicKey`, { file: 'DG15' });
  }

  let publicKey: KeyObject;

  try {
    publicKey = createPublicKey({ key: Buffer.from(info.encoded), format: 'der', type: 'spki' });
  } catch (error) {
    throw new ChipError('LDS_INVALID', `DG15 public key cannot be loaded: ${(error as Error).message}`, { file: 'DG15' }, { cause: error });
  }

  const details = publicKey.asymmetricKeyDetails ?? {};
  const result: Dg15 = { keyType: oid === OID_RSA_ENCRYPTION ? 'rsa' : 'ec', publicKeyInfo: info.encoded, publicKey };

  if (details.modulusLength !== undefined) result.keySize = details.modulusLength;
  if (details.namedCurve !== undefined) result.curve = details.namedCurve;

  return result;
}

/** Encodes DG15 around a SubjectPublicKeyInfo. */
export function encodeDg15(publicKeyInfo: Uint8Array): Uint8Array {
  return encodeTlv(0x6f, publicKeyInfo);
}
