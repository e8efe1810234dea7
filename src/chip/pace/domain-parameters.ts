// Elliptic curves of the PACE standardised domain parameters, as @noble/curves points, which
// PACE generic mapping needs because it computes on a new generator G' = s*G + H.
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';

import { ChipError } from '../errors.js';
import { bytesToBigInt, uintToBytes } from '../codec/bytes.js';
import type { RandomSource } from '../crypto/random.js';

export type EcPoint = WeierstrassPoint<bigint>;

export interface EcDomain {
  name: string;
  parameterId: number;
  Point: WeierstrassPointCons<bigint>;
  /** Order n of the base point. */
  order: bigint;
  /** Byte length of a field element (and of each coordinate). */
  fieldLength: number;
}

const CURVES: [string, number, { Point: WeierstrassPointCons<bigint> }][] = [
  ['NIST P-256', 12, p256],
  ['brainpoolP256r1', 13, brainpoolP256r1],
  ['NIST P-384', 15, p384],
  ['brainpoolP384r1', 16, brainpoolP384r1],
  ['brainpoolP512r1', 17, brainpoolP512r1],
  ['NIST P-521', 18, p521],
];

const DOMAINS: ReadonlyMap<number, EcDomain> = new Map(
  CURVES.map(([name, parameterId, curve]) => [parameterId, { name, parameterId, Point: curve.Point, order: curve.Point.Fn.ORDER, fieldLength: curve.Point.Fp.BYTES }]),
);

/** Returns the curve of a standardised domain parameter id; throws PACE_UNSUPPORTED for others. */
export function ecDomainForParameterId(parameterId: number): EcDomain {
  const domain = DOMAINS.get(parameterId);

  if (domain === undefined) {
    throw new ChipError('PACE_UNSUPPORTED', `domain parameter id ${parameterId} is not an elliptic curve this library supports (12, 13, 15, 16, 17, 18)`, { step: 'PACE: domain parameters' });
  }

  return domain;
}

// OpenSSL (node:crypto) names of the same curves.
const OPENSSL_NAMES: Record<string, string> = { prime256v1: 'NIST P-256', secp384r1: 'NIST P-384', secp521r1: 'NIST P-521' };

/** Returns the curve with the given name (`brainpoolP256r1`, `NIST P-256` or OpenSSL's `prime256v1`), or undefined. */
export function ecDomainByName(name: string): EcDomain | undefined {
  const canonical = OPENSSL_NAMES[name] ?? name;
  return [...DOMAINS.values()].find((domain) => domain.name === canonical);
}

/** Draws a private key in 1..n-1 from `random` (rejection sampling, at most 64 draws). */
export function randomPrivateKey(domain: EcDomain, random: RandomSource): bigint {
  const length = Math.ceil(domain.order.toString(2).length / 8);

  for (let attempt = 0; attempt < 64; attempt++) {
    const candidate = bytesToBigInt(random(length));

    if (candidate > 0n && candidate < domain.order) return candidate;
  }

  throw new ChipError('BAD_INPUT', `the random source returned no private key below the order of ${domain.name} in 64 draws`);
}

/** Decodes an uncompressed or compressed point and checks that it lies on the curve and is not infinity. */
export function decodePoint(domain: EcDomain, bytes: Uint8Array, what: string): EcPoint {
  try {
    const point = domain.Point.fromBytes(bytes);
    point.assertValidity();

    if (point.is0()) throw new Error('point at infinity');

    return point;
  } catch (error) {
    throw new ChipError('PACE_FAILED', `${what} is not a valid point on ${domain.name}: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
  }
}

/** Uncompressed encoding 04 || X || Y. */
export function encodePoint(point: EcPoint): Uint8Array {
  return point.toBytes(false);
}

/** X coordinate of a point as a field-length byte string (the ECDH shared secret). */
export function xCoordinate(domain: EcDomain, point: EcPoint): Uint8Array {
  return uintToBytes(point.toAffine().x, domain.fieldLength);
}
