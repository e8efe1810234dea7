// DG15 (ICAO Doc 9303 Part 10 section 4.7.15): the active authentication public key as a
// SubjectPublicKeyInfo, RSA or EC.
import { createPublicKey, type KeyObject } from 'node:crypto';

import { ChipError } from '../errors.js';
import { encodeTlv } from '../codec/tlv.js';
import { childAt } from './der.js';
import { parseFile } from './file-tags.js';
import { describePublicKeyInfo } from './public-key-info.js';

export interface Dg15 {
  keyType: 'rsa' | 'ec';
  /** SubjectPublicKeyInfo DER as stored. */
  publicKeyInfo: Uint8Array;
  /** RSA modulus size in bits. */
  keySize?: number;
  /** EC curve as node:crypto names it (explicit parameters are matched by their prime). */
  curve?: string;
}

/**
 * Parses DG15 and describes its key from the DER. The key itself is imported only by
 * loadDg15PublicKey or by active authentication, which reports a key that cannot be loaded.
 */
export function parseDg15(bytes: Uint8Array): Dg15 {
  const root = parseFile(bytes, 'DG15');

  if (root.children.length !== 1) {
    throw new ChipError('LDS_INVALID', `DG15 contains ${root.children.length} objects, expected one SubjectPublicKeyInfo`, { file: 'DG15' });
  }

  const info = childAt(root, 0, 'SubjectPublicKeyInfo');
  const description = describePublicKeyInfo(info, 'DG15');
  const result: Dg15 = { keyType: description.keyType, publicKeyInfo: info.encoded };

  if (description.keySize !== undefined) result.keySize = description.keySize;
  if (description.curve !== undefined) result.curve = description.curve;

  return result;
}

/** Imports the DG15 key with node:crypto (explicit EC parameters load as the named curve). */
export function loadDg15PublicKey(dg15: Dg15): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(dg15.publicKeyInfo), format: 'der', type: 'spki' });
  } catch (error) {
    throw new ChipError('LDS_INVALID', `DG15 public key cannot be loaded: ${(error as Error).message}`, { file: 'DG15' }, { cause: error });
  }
}

/** Encodes DG15 around a SubjectPublicKeyInfo. */
export function encodeDg15(publicKeyInfo: Uint8Array): Uint8Array {
  return encodeTlv(0x6f, publicKeyInfo);
}
