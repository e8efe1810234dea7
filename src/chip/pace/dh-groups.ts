// MODP groups of the PACE standardised domain parameters 0..2 (ICAO Doc 9303 Part 11 section
// 9.5.1): the groups of RFC 5114 section 2. Only group 0 (1024-bit MODP with a 160-bit
// prime-order subgroup, RFC 5114 section 2.1) is listed, because it is the one the Doc 9303
// Appendix G.2 worked example checks.
// NOTE: parameter ids 1 and 2 (RFC 5114 sections 2.2 and 2.3, 2048-bit groups) are not included.
import { ChipError } from '../errors.js';

export interface DhGroup {
  parameterId: number;
  name: string;
  p: bigint;
  g: bigint;
  /** Order of the subgroup that g generates. */
  q: bigint;
  /** Byte length of p, and of every encoded public value and shared secret. */
  length: number;
}

const RFC5114_1024_160: DhGroup = {
  parameterId: 0,
  name: '1024-bit MODP group with 160-bit prime order subgroup (RFC 5114 section 2.1)',
  p: BigInt(`0x${[
    'B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C6',
    '9A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C0',
    '13ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD70',
    '98488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0',
    'A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708',
    'DF1FB2BC2E4A4371',
  ].join('')}`),
  g: BigInt(`0x${[
    'A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507F',
    'D6406CFF14266D31266FEA1E5C41564B777E690F5504F213',
    '160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1',
    '909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28A',
    'D662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24',
    '855E6EEB22B3B2E5',
  ].join('')}`),
  q: 0xf518aa8781a8df278aba4e7d64b7cb9d49462353n,
  length: 128,
};

const GROUPS: ReadonlyMap<number, DhGroup> = new Map([[0, RFC5114_1024_160]]);

/** Returns the MODP group of a standardised domain parameter id; throws PACE_UNSUPPORTED for others. */
export function dhGroupForParameterId(parameterId: number): DhGroup {
  const group = GROUPS.get(parameterId);

  if (group === undefined) {
    throw new ChipError('PACE_UNSUPPORTED', `domain parameter id ${parameterId} is not a MODP group this library supports (0)`, { step: 'PACE: domain parameters' });
  }

  return group;
}

/** base^exponent mod modulus by square-and-multiply. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = base % modulus;
  let remaining = exponent;

  while (remaining > 0n) {
    if ((remaining & 1n) === 1n) result = (result * square) % modulus;

    square = (square * square) % modulus;
    remaining >>= 1n;
  }

  return result;
}
