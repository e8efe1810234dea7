// DH chip authentication keys of DG14. The SubjectPublicKeyInfo carries X9.42 domain parameters
// (dhpublicnumber, 1.2.840.10046.2.1: p, g, q) or PKCS #3 ones (dhKeyAgreement,
// 1.2.840.113549.1.3.1: p, g). The public value y is an INTEGER inside the BIT STRING.
import { ChipError } from '../errors.js';
import { bytesToBigInt, uintToBytes } from '../codec/bytes.js';
import { parseTlv, type TlvNode } from '../codec/tlv.js';
import type { RandomSource } from '../crypto/random.js';
import { modPow } from '../pace/dh-groups.js';
import { decodeOidContent } from '../pace/oids.js';

const OID_X942_DH = '1.2.840.10046.2.1';
const OID_PKCS3_DH = '1.2.840.113549.1.3.1';

/** Exponent length when the key names no subgroup order (PKCS #3 parameters). */
const EXPONENT_BYTES_WITHOUT_ORDER = 32;

export interface DhDomain {
  p: bigint;
  g: bigint;
  /** Subgroup order; null for PKCS #3 parameters, which do not carry it. */
  q: bigint | null;
  /** Byte length of p, and of every encoded public value and shared secret. */
  length: number;
}

export interface DhStaticKey {
  domain: DhDomain;
  publicValue: bigint;
}

function integer(node: TlvNode | undefined, what: string): bigint {
  if (node?.tag !== 0x02 || node.value.length === 0) {
    throw new ChipError('CA_UNSUPPORTED', `chip authentication: ${what} of the DG14 DH key is not an INTEGER`, { step: 'chip authentication', file: 'DG14' });
  }

  return bytesToBigInt(node.value);
}

/** Reads a DH SubjectPublicKeyInfo; returns null when the key is not a DH key. */
export function readDhChipAuthenticationKey(publicKeyInfo: Uint8Array): DhStaticKey | null {
  const root = parseTlv(publicKeyInfo, { pathPrefix: 'DG14 public key' });
  const [algorithm, subjectPublicKey] = root.children;
  const [oidNode, parameters] = algorithm?.children ?? [];

  if (oidNode?.tag !== 0x06) return null;

  const oid = decodeOidContent(oidNode.value);

  if (oid !== OID_X942_DH && oid !== OID_PKCS3_DH) return null;

  if (parameters?.tag !== 0x30 || subjectPublicKey?.tag !== 0x03 || subjectPublicKey.value[0] !== 0x00) {
    throw new ChipError('CA_UNSUPPORTED', 'chip authentication: the DG14 DH key has no domain parameters or no public value', { step: 'chip authentication', file: 'DG14' });
  }

  const p = integer(parameters.children[0], 'p');
  const g = integer(parameters.children[1], 'g');
  const q = oid === OID_X942_DH ? integer(parameters.children[2], 'q') : null;
  const publicValue = integer(parseTlv(subjectPublicKey.value.subarray(1)), 'the public value');
  const domain: DhDomain = { p, g, q, length: Math.ceil(p.toString(2).length / 8) };

  return { domain, publicValue: validateDhPublicValue(domain, publicValue, 'the DG14 DH public value') };
}

/** Checks 1 < y < p - 1 and, when q is known, y^q = 1 mod p (no small-subgroup element). */
export function validateDhPublicValue(domain: DhDomain, value: bigint, what: string): bigint {
  const inSubgroup = domain.q === null || modPow(value, domain.q, domain.p) === 1n;

  if (value <= 1n || value >= domain.p - 1n || !inSubgroup) {
    throw new ChipError('CA_FAILED', `chip authentication: ${what} is not an element of the DH group`, { step: 'chip authentication' });
  }

  return value;
}

/** Draws a private exponent: below q when known, else a 256-bit exponent. */
export function randomDhPrivateKey(domain: DhDomain, random: RandomSource): bigint {
  const limit = domain.q ?? 1n << BigInt(EXPONENT_BYTES_WITHOUT_ORDER * 8);
  const length = Math.ceil(limit.toString(2).length / 8);

  for (let attempt = 0; attempt < 64; attempt++) {
    const candidate = bytesToBigInt(random(length));

    if (candidate > 1n && candidate < limit) return candidate;
  }

  throw new ChipError('BAD_INPUT', 'the random source returned no DH private key in range in 64 draws');
}

/** Encodes a group element padded to the length of p. */
export function encodeDhValue(domain: DhDomain, value: bigint): Uint8Array {
  return uintToBytes(value, domain.length);
}
