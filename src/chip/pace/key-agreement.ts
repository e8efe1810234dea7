// The group operations PACE generic mapping needs, behind one interface for elliptic curves
// (ECDH-GM) and MODP groups (DH-GM), so the protocol steps of both sides are written once.
// Generic mapping (Doc 9303 Part 11 section 4.4.3.3.1): the new generator is G' = s*G + H on a
// curve and g' = g^s * h mod p in a MODP group, with H or h the mapping shared secret.
import { ChipError } from '../errors.js';
import { bytesToBigInt, uintToBytes } from '../codec/bytes.js';
import { encodeTlv } from '../codec/tlv.js';
import type { RandomSource } from '../crypto/random.js';
import { dhGroupForParameterId, modPow, type DhGroup } from './dh-groups.js';
import { decodePoint, ecDomainForParameterId, encodePoint, randomPrivateKey, type EcDomain, type EcPoint } from './domain-parameters.js';
import { computeSharedSecret, mapGenerator } from './ecdh-generic-mapping.js';
import { encodeOidContent, type PaceMapping } from './oids.js';

/** Group operations of one PACE run. `G` is a generator: a curve point or a MODP group element. */
export interface PaceKeyAgreement<G> {
  /** The domain's standard generator. */
  readonly generator: G;
  randomPrivateKey(random: RandomSource): bigint;
  /** Encoded public key SK * G (curve: 04 || X || Y; MODP: g^SK padded to the length of p). */
  publicKey(privateKey: bigint, generator: G): Uint8Array;
  /** Decodes and validates a peer public key; throws PACE_FAILED when it is not a group element. */
  decodePublicKey(bytes: Uint8Array, what: string): G;
  /** Generic mapping: the new generator from the nonce and the mapping key pair. */
  mapGenerator(nonce: Uint8Array, mappingPrivateKey: bigint, peerMappingKey: G): G;
  /** Shared secret for the KDF: the x coordinate, or the MODP value padded to the length of p. */
  sharedSecret(privateKey: bigint, peerPublicKey: G): Uint8Array;
  /** Public key data object 7F49 that the authentication tokens are computed over. */
  publicKeyDataObject(protocolOid: string, encodedPublicKey: Uint8Array): Uint8Array;
}

/** Key agreement for the mapping of a PACE suite and a standardised domain parameter id. */
export function paceKeyAgreement(mapping: PaceMapping, parameterId: number): PaceKeyAgreement<unknown> {
  if (mapping === 'ECDH-GM') return ecdhKeyAgreement(ecDomainForParameterId(parameterId)) as PaceKeyAgreement<unknown>;
  if (mapping === 'DH-GM') return dhKeyAgreement(dhGroupForParameterId(parameterId)) as PaceKeyAgreement<unknown>;

  // NOTE: integrated mapping (IM) and chip authentication mapping (CAM) are not implemented.
  throw new ChipError('PACE_UNSUPPORTED', `PACE: mapping ${mapping} is not implemented; use a PACEInfo with generic mapping or BAC`, { step: 'PACE: select protocol' });
}

export function ecdhKeyAgreement(domain: EcDomain): PaceKeyAgreement<EcPoint> {
  return {
    generator: domain.Point.BASE,
    randomPrivateKey: (random) => randomPrivateKey(domain, random),
    publicKey: (privateKey, generator) => encodePoint(generator.multiply(privateKey)),
    decodePublicKey: (bytes, what) => decodePoint(domain, bytes, what),
    mapGenerator: (nonce, mappingPrivateKey, peerMappingKey) => mapGenerator(domain, nonce, mappingPrivateKey, peerMappingKey),
    sharedSecret: (privateKey, peerPublicKey) => computeSharedSecret(domain, privateKey, peerPublicKey),
    publicKeyDataObject: (protocolOid, encoded) => encodeTlv(0x7f49, [encodeTlv(0x06, encodeOidContent(protocolOid)), encodeTlv(0x86, encoded)]),
  };
}

export function dhKeyAgreement(group: DhGroup): PaceKeyAgreement<bigint> {
  const encode = (value: bigint): Uint8Array => uintToBytes(value, group.length);

  return {
    generator: group.g,
    randomPrivateKey(random) {
      const length = Math.ceil(group.q.toString(2).length / 8);

      for (let attempt = 0; attempt < 64; attempt++) {
        const candidate = bytesToBigInt(random(length));

        if (candidate > 1n && candidate < group.q) return candidate;
      }

      throw new ChipError('BAD_INPUT', 'the random source returned no private key below the subgroup order in 64 draws');
    },
    publicKey: (privateKey, generator) => encode(modPow(generator, privateKey, group.p)),
    decodePublicKey(bytes, what) {
      const value = bytesToBigInt(bytes);

      // A public value must lie in the subgroup of order q, or a small-subgroup attack can leak the key.
      if (bytes.length > group.length || value <= 1n || value >= group.p - 1n || modPow(value, group.q, group.p) !== 1n) {
        throw new ChipError('PACE_FAILED', `${what} is not an element of the prime-order subgroup of the MODP group`, { step: what });
      }

      return value;
    },
    mapGenerator(nonce, mappingPrivateKey, peerMappingKey) {
      const h = modPow(peerMappingKey, mappingPrivateKey, group.p);
      const mapped = (modPow(group.g, bytesToBigInt(nonce), group.p) * h) % group.p;

      if (h === 1n || mapped === 1n) {
        throw new ChipError('PACE_FAILED', 'PACE: the DH mapping produced the identity element', { step: 'PACE: map nonce' });
      }

      return mapped;
    },
    sharedSecret: (privateKey, peerPublicKey) => encode(modPow(peerPublicKey, privateKey, group.p)),
    publicKeyDataObject: (protocolOid, encoded) => encodeTlv(0x7f49, [encodeTlv(0x06, encodeOidContent(protocolOid)), encodeTlv(0x84, encoded)]),
  };
}
