// Chip authentication protocol OIDs (ICAO Doc 9303 Part 11 section 9.2.5): id-CA-DH =
// 0.4.0.127.0.7.2.2.3.1 and id-CA-ECDH = 0.4.0.127.0.7.2.2.3.2, then the cipher:
// 1 = 3DES-CBC-CBC, 2/3/4 = AES-CBC-CMAC-128/192/256.
import { ChipError } from '../errors.js';
import type { KeyAlgorithm } from '../crypto/kdf.js';

const ID_CA = '0.4.0.127.0.7.2.2.3';
const KEY_ALGORITHMS: Record<string, KeyAlgorithm> = { '1': 'DESede', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

export interface ChipAuthenticationSuite {
  oid: string;
  agreement: 'DH' | 'ECDH';
  keyAlgorithm: KeyAlgorithm;
}

/** Returns the suite of a chip authentication OID; throws CA_UNSUPPORTED for others. */
export function chipAuthenticationSuite(oid: string): ChipAuthenticationSuite {
  const prefix = `${ID_CA}.`;
  const [agreementArc, cipherArc, ...rest] = oid.startsWith(prefix) ? oid.slice(prefix.length).split('.') : [];
  const keyAlgorithm = cipherArc === undefined ? undefined : KEY_ALGORITHMS[cipherArc];

  if ((agreementArc !== '1' && agreementArc !== '2') || keyAlgorithm === undefined || rest.length > 0) {
    throw new ChipError('CA_UNSUPPORTED', `${oid} is not a chip authentication protocol OID (id-CA-DH or id-CA-ECDH with a cipher)`, { step: 'chip authentication' });
  }

  return { oid, agreement: agreementArc === '1' ? 'DH' : 'ECDH', keyAlgorithm };
}
