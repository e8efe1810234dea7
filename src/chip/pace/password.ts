// The PACE password key Kπ = KDF(f(π), 3) (ICAO Doc 9303 Part 11 section 9.7.3): for the CAN
// f(π) is the CAN's ASCII digits, for the MRZ it is SHA-1(MRZ_information), all 20 bytes.
import { createHash } from 'node:crypto';

import { ChipError } from '../errors.js';
import { deriveKey, KDF_COUNTER, type KeyAlgorithm } from '../crypto/kdf.js';

export type PacePassword = { kind: 'CAN'; can: string } | { kind: 'MRZ'; mrzInformation: string };

/** Password reference of MSE:Set AT (DO83): 01 = MRZ, 02 = CAN. */
export function passwordReference(password: PacePassword): number {
  return password.kind === 'MRZ' ? 0x01 : 0x02;
}

/** Derives Kπ for the key algorithm of the cipher suite. */
export function derivePasswordKey(password: PacePassword, algorithm: KeyAlgorithm): Uint8Array {
  if (password.kind === 'CAN') {
    if (!/^\d{6}$/.test(password.can)) {
      throw new ChipError('BAD_INPUT', 'PACE: the CAN must be 6 digits (on a CCCD, the last 6 digits of the 12-digit ID)');
    }

    return deriveKey(new TextEncoder().encode(password.can), KDF_COUNTER.PACE, algorithm);
  }

  const hash = new Uint8Array(createHash('sha1').update(password.mrzInformation, 'latin1').digest());
  return deriveKey(hash, KDF_COUNTER.PACE, algorithm);
}
