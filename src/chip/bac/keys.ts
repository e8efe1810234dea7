// BAC document basic access keys (ICAO Doc 9303 Part 11 section 4.3.2 and Appendix D.2):
// Kseed = first 16 bytes of SHA-1(MRZ_information), then Kenc and Kmac through the KDF.
import { createHash } from 'node:crypto';

import { deriveKey, KDF_COUNTER } from '../crypto/kdf.js';

export interface BacKeys {
  kSeed: Uint8Array;
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

/** Derives Kseed, Kenc and Kmac from MRZ_information (document number, birth, expiry with check digits). */
export function deriveBacKeys(mrzInformation: string): BacKeys {
  const kSeed = new Uint8Array(createHash('sha1').update(mrzInformation, 'latin1').digest()).slice(0, 16);

  return {
    kSeed,
    kEnc: deriveKey(kSeed, KDF_COUNTER.ENC, 'DESede'),
    kMac: deriveKey(kSeed, KDF_COUNTER.MAC, 'DESede'),
  };
}
