// PACE protocol object identifiers and standardised domain parameters (ICAO Doc 9303 Part 11
// sections 9.2.1 and 9.5.1; BSI TR-03110 Part 3 appendix A.2.1.1).
import { ChipError } from '../errors.js';
import type { KeyAlgorithm } from '../crypto/kdf.js';

const ID_PACE = '0.4.0.127.0.7.2.2.4';

export type PaceMapping = 'ECDH-GM' | 'DH-GM' | 'ECDH-IM' | 'DH-IM' | 'ECDH-CAM';

export interface PaceCipherSuite {
  oid: string;
  mapping: PaceMapping;
  /** Session key algorithm: 3DES (retail MAC) or AES with CMAC. */
  keyAlgorithm: KeyAlgorithm;
}

const MAPPINGS: [PaceMapping, number][] = [['DH-GM', 1], ['ECDH-GM', 2], ['DH-IM', 3], ['ECDH-IM', 4], ['ECDH-CAM', 6]];
const KEY_ALGORITHMS: [KeyAlgorithm, number][] = [['DESede', 1], ['AES-128', 2], ['AES-192', 3], ['AES-256', 4]];

/** Every PACE OID, e.g. id-PACE-ECDH-GM-AES-CBC-CMAC-128 = 0.4.0.127.0.7.2.2.4.2.2. */
export const PACE_CIPHER_SUITES: readonly PaceCipherSuite[] = MAPPINGS.flatMap(([mapping, mappingArc]) =>
  KEY_ALGORITHMS.filter(([, keyArc]) => !(mapping === 'ECDH-CAM' && keyArc === 1)).map(([keyAlgorithm, keyArc]) => ({ oid: `${ID_PACE}.${mappingArc}.${keyArc}`, mapping, keyAlgorithm })),
);

/** Returns the cipher suite of a PACE OID; throws PACE_UNSUPPORTED for an unknown one. */
export function paceCipherSuite(oid: string): PaceCipherSuite {
  const suite = PACE_CIPHER_SUITES.find((candidate) => candidate.oid === oid);

  if (suite === undefined) {
    throw new ChipError('PACE_UNSUPPORTED', `PACE protocol OID ${oid} is not a known PACE cipher suite`, { step: 'PACE: select protocol' });
  }

  return suite;
}

/** Standardised domain parameter ids of the elliptic curves this library implements. */
export const PACE_PARAMETER_IDS = {
  'NIST P-256': 12,
  brainpoolP256r1: 13,
  'NIST P-384': 15,
  brainpoolP384r1: 16,
  brainpoolP512r1: 17,
  'NIST P-521': 18,
} as const;

/** Encodes a dotted OID as the content bytes of an ASN.1 OBJECT IDENTIFIER (no tag and length). */
export function encodeOidContent(oid: string): Uint8Array {
  const arcs = oid.split('.').map((arc) => Number(arc));

  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) {
    throw new ChipError('BAD_INPUT', `"${oid}" is not a dotted object identifier`);
  }

  const bytes: number[] = [];
  const values = [(arcs[0] as number) * 40 + (arcs[1] as number), ...arcs.slice(2)];

  for (const value of values) {
    const groups: number[] = [];
    let remaining = value;

    do {
      groups.unshift(remaining & 0x7f);
      remaining = Math.floor(remaining / 128);
    } while (remaining > 0);

    bytes.push(...groups.map((group, index) => (index < groups.length - 1 ? group | 0x80 : group)));
  }

  return Uint8Array.from(bytes);
}

/** Decodes the content bytes of an ASN.1 OBJECT IDENTIFIER to dotted form. */
export function decodeOidContent(content: Uint8Array): string {
  const values: number[] = [];
  let value = 0;

  for (let index = 0; index < content.length; index++) {
    const byte = content[index] as number;
    value = value * 128 + (byte & 0x7f);

    if ((byte & 0x80) === 0) {
      values.push(value);
      value = 0;
    } else if (index === content.length - 1 || value > Number.MAX_SAFE_INTEGER / 128) {
      throw new ChipError('ASN1_INVALID', 'object identifier ends inside an arc or has an arc that is too large');
    }
  }

  if (values.length === 0) {
    throw new ChipError('ASN1_INVALID', 'object identifier is empty');
  }

  const first = values[0] as number;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...values.slice(1)].join('.');
}
