// The BAC mutual authentication (ICAO Doc 9303 Part 11 section 4.3.3), as pure functions for
// both sides. The terminal sends E.IFD || M.IFD with E.IFD = 3DES(Kenc, RND.IFD || RND.IC ||
// K.IFD); the chip returns E.IC || M.IC with E.IC = 3DES(Kenc, RND.IC || RND.IFD || K.IC).
// Both then derive session keys from K.IFD xor K.IC and start the SSC at RND.IC[4..7] || RND.IFD[4..7].
import { ChipError } from '../errors.js';
import { concatBytes, equalBytes } from '../codec/bytes.js';
import { decryptCbc, encryptCbc } from '../crypto/block-cipher.js';
import { deriveKey, KDF_COUNTER } from '../crypto/kdf.js';
import { retailMac } from '../crypto/mac.js';
import { pad } from '../crypto/padding.js';

export interface BacSession {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Initial send sequence counter (8 bytes). */
  ssc: Uint8Array;
}

/** Secrets the terminal chooses for one BAC run. */
export interface BacTerminalSecrets {
  rndIfd: Uint8Array;
  kIfd: Uint8Array;
}

const BLOCK = 8;

function cryptogram(kEnc: Uint8Array, kMac: Uint8Array, plain: Uint8Array): Uint8Array {
  const encrypted = encryptCbc('DESede', kEnc, plain);
  return concatBytes(encrypted, retailMac(kMac, pad(encrypted, BLOCK)));
}

function openCryptogram(kEnc: Uint8Array, kMac: Uint8Array, data: Uint8Array, who: string): Uint8Array {
  if (data.length !== 40) {
    throw new ChipError('BAC_FAILED', `BAC: ${who} cryptogram has ${data.length} bytes, expected 40 (32 encrypted + 8 MAC)`, { step: 'BAC: EXTERNAL AUTHENTICATE' });
  }

  const encrypted = data.subarray(0, 32);

  if (!equalBytes(retailMac(kMac, pad(encrypted, BLOCK)), data.subarray(32))) {
    throw new ChipError('BAC_FAILED', `BAC: MAC of the ${who} cryptogram does not verify; the MRZ data (document number, birth or expiry date) do not match the card`, { step: 'BAC: EXTERNAL AUTHENTICATE' });
  }

  return decryptCbc('DESede', kEnc, encrypted);
}

/** Derives the session keys and SSC from the two key halves and the two challenges. */
export function deriveBacSession(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): BacSession {
  const seed = new Uint8Array(16);

  for (let index = 0; index < 16; index++) {
    seed[index] = (kIfd[index] as number) ^ (kIc[index] as number);
  }

  return {
    ksEnc: deriveKey(seed, KDF_COUNTER.ENC, 'DESede'),
    ksMac: deriveKey(seed, KDF_COUNTER.MAC, 'DESede'),
    ssc: concatBytes(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
}

/** Terminal: builds the EXTERNAL AUTHENTICATE data E.IFD || M.IFD. */
export function buildBacTerminalCryptogram(kEnc: Uint8Array, kMac: Uint8Array, rndIc: Uint8Array, secrets: BacTerminalSecrets): Uint8Array {
  if (rndIc.length !== 8 || secrets.rndIfd.length !== 8 || secrets.kIfd.length !== 16) {
    throw new ChipError('BAD_INPUT', 'BAC: RND.IC and RND.IFD must be 8 bytes and K.IFD 16 bytes');
  }

  return cryptogram(kEnc, kMac, concatBytes(secrets.rndIfd, rndIc, secrets.kIfd));
}

/** Terminal: checks the chip's E.IC || M.IC and derives the session. */
export function completeBacTerminal(kEnc: Uint8Array, kMac: Uint8Array, rndIc: Uint8Array, secrets: BacTerminalSecrets, response: Uint8Array): BacSession {
  const plain = openCryptogram(kEnc, kMac, response, 'chip');

  if (!equalBytes(plain.subarray(0, 8), rndIc) || !equalBytes(plain.subarray(8, 16), secrets.rndIfd)) {
    throw new ChipError('BAC_FAILED', 'BAC: the chip did not return the challenges RND.IC and RND.IFD of this run', { step: 'BAC: EXTERNAL AUTHENTICATE' });
  }

  return deriveBacSession(secrets.kIfd, plain.subarray(16, 32), rndIc, secrets.rndIfd);
}

/**
 * Chip: processes EXTERNAL AUTHENTICATE. Checks M.IFD and that the terminal used this chip's
 * RND.IC, then returns E.IC || M.IC and the session. Throws BAC_FAILED (the card then returns 6300).
 */
export function answerBacChip(kEnc: Uint8Array, kMac: Uint8Array, rndIc: Uint8Array, kIc: Uint8Array, command: Uint8Array): { response: Uint8Array; session: BacSession } {
  const plain = openCryptogram(kEnc, kMac, command, 'terminal');
  const rndIfd = plain.subarray(0, 8);

  if (!equalBytes(plain.subarray(8, 16), rndIc)) {
    throw new ChipError('BAC_FAILED', 'BAC: the terminal cryptogram does not contain the RND.IC this chip issued', { step: 'BAC: EXTERNAL AUTHENTICATE' });
  }

  return {
    response: cryptogram(kEnc, kMac, concatBytes(rndIc, rndIfd, kIc)),
    session: deriveBacSession(plain.subarray(16, 32), kIc, rndIc, rndIfd),
  };
}
