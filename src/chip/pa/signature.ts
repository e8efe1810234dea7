// Signature verification with the algorithm that a SignerInfo or certificate names. Supported:
// RSA PKCS#1 v1.5, RSASSA-PSS with the hash, MGF and salt length from its parameters (RFC 4055
// section 3.1), and ECDSA with DER (RFC 5758) or plain (BSI TR-03111 section 5.2.1) signatures.
import { constants as cryptoConstants, verify, type KeyObject } from 'node:crypto';

import { ChipError } from '../errors.js';
import { parseTlv } from '../codec/tlv.js';
import { readOid, readSmallInteger, TAG_SEQUENCE } from '../lds/der.js';
import type { AlgorithmIdentifierValue } from '../lds/cms.js';
import {
  DIGEST_OIDS, ECDSA_SIGNATURE_OIDS, OID_EC_PUBLIC_KEY, OID_MGF1, OID_RSA_ENCRYPTION, OID_RSASSA_PSS, RSA_PKCS1_SIGNATURE_OIDS,
  type DigestName,
} from './algorithms.js';

/** ecdsa-plain-SHA* of BSI TR-03111 (bsi-de 1.1.4.1.x): r || s instead of DER. */
const ECDSA_PLAIN_OIDS: Readonly<Record<string, DigestName>> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
};

/** A signature algorithm resolved to what node:crypto needs. */
export type ResolvedSignatureAlgorithm =
  | { scheme: 'rsa-pkcs1'; digest: DigestName }
  | { scheme: 'rsa-pss'; digest: DigestName; saltLength: number }
  | { scheme: 'ecdsa'; digest: DigestName; encoding: 'der' | 'ieee-p1363' };

/**
 * Resolves a signature AlgorithmIdentifier. `fallbackDigest` is the SignerInfo's digest, used
 * when the identifier names only the key type (rsaEncryption or id-ecPublicKey), as some SODs do.
 */
export function resolveSignatureAlgorithm(algorithm: AlgorithmIdentifierValue, fallbackDigest?: DigestName): ResolvedSignatureAlgorithm {
  const pkcs1 = RSA_PKCS1_SIGNATURE_OIDS[algorithm.oid];
  if (pkcs1 !== undefined) return { scheme: 'rsa-pkcs1', digest: pkcs1 };

  const ecdsa = ECDSA_SIGNATURE_OIDS[algorithm.oid];
  if (ecdsa !== undefined) return { scheme: 'ecdsa', digest: ecdsa, encoding: 'der' };

  const plain = ECDSA_PLAIN_OIDS[algorithm.oid];
  if (plain !== undefined) return { scheme: 'ecdsa', digest: plain, encoding: 'ieee-p1363' };

  if (algorithm.oid === OID_RSASSA_PSS) return resolvePss(algorithm.parameters);

  if ((algorithm.oid === OID_RSA_ENCRYPTION || algorithm.oid === OID_EC_PUBLIC_KEY) && fallbackDigest !== undefined) {
    return algorithm.oid === OID_RSA_ENCRYPTION ? { scheme: 'rsa-pkcs1', digest: fallbackDigest } : { scheme: 'ecdsa', digest: fallbackDigest, encoding: 'der' };
  }

  throw new ChipError('BAD_INPUT', `signature algorithm ${algorithm.oid} is not supported; expected RSA PKCS#1 v1.5, RSASSA-PSS or ECDSA with SHA-1 or SHA-2`);
}

/** RSASSA-PSS-params: [0] hashAlgorithm (default SHA-1), [1] maskGenAlgorithm (default MGF1 with SHA-1), [2] saltLength (default 20), [3] trailerField (must be 1). */
function resolvePss(parameters: Uint8Array | undefined): ResolvedSignatureAlgorithm {
  let digest: DigestName = 'sha1';
  let mgfDigest: DigestName = 'sha1';
  let saltLength = 20;

  const root = parameters === undefined ? null : parseTlv(parameters, { pathPrefix: 'RSASSA-PSS-params' });

  if (root !== null && root.tag !== TAG_SEQUENCE) {
    throw new ChipError('ASN1_INVALID', 'RSASSA-PSS parameters are not a SEQUENCE');
  }

  for (const field of root?.children ?? []) {
    const inner = field.children[0];

    if (inner === undefined) {
      throw new ChipError('ASN1_INVALID', `RSASSA-PSS parameter ${field.path} is empty`, { path: field.path });
    }

    if (field.tag === 0xa0) {
      digest = digestOf(readOid(inner.children[0] ?? inner, 'PSS hashAlgorithm'));
    } else if (field.tag === 0xa1) {
      const mgf = readOid(inner.children[0] ?? inner, 'PSS maskGenAlgorithm');
      const mgfHash = inner.children[1];

      if (mgf !== OID_MGF1 || mgfHash === undefined) {
        throw new ChipError('BAD_INPUT', `RSASSA-PSS mask generation ${mgf} is not supported; expected MGF1 (${OID_MGF1}) with a hash`);
      }

      mgfDigest = digestOf(readOid(mgfHash.children[0] ?? mgfHash, 'MGF1 hash'));
    } else if (field.tag === 0xa2) {
      saltLength = readSmallInteger(inner, 'PSS saltLength');
    } else if (field.tag === 0xa3) {
      if (readSmallInteger(inner, 'PSS trailerField') !== 1) {
        throw new ChipError('BAD_INPUT', 'RSASSA-PSS trailerField is not 1 (BC); no other trailer is defined');
      }
    }
  }

  if (mgfDigest !== digest) {
    // NOTE: node:crypto ties the MGF1 hash to the message hash, so mixed hashes cannot be verified here.
    throw new ChipError('BAD_INPUT', `RSASSA-PSS with hash ${digest} and MGF1 hash ${mgfDigest} is not supported; both must be the same`);
  }

  if (saltLength < 0) {
    throw new ChipError('ASN1_INVALID', `RSASSA-PSS saltLength ${saltLength} is negative`);
  }

  return { scheme: 'rsa-pss', digest, saltLength };
}

function digestOf(oid: string): DigestName {
  const digest = DIGEST_OIDS[oid];

  if (digest === undefined) {
    throw new ChipError('BAD_INPUT', `digest algorithm ${oid} is not supported; expected SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512`);
  }

  return digest;
}

/** True when `signature` over `data` verifies under `key` with `algorithm`; a key of the wrong type gives false. */
export function verifySignature(data: Uint8Array, signature: Uint8Array, key: KeyObject, algorithm: ResolvedSignatureAlgorithm): boolean {
  const keyType = key.asymmetricKeyType;

  if (algorithm.scheme === 'ecdsa') {
    if (keyType !== 'ec') return false;
    return verify(algorithm.digest, data, { key, dsaEncoding: algorithm.encoding }, signature);
  }

  if (keyType !== 'rsa' && keyType !== 'rsa-pss') return false;

  if (algorithm.scheme === 'rsa-pss') {
    return verify(algorithm.digest, data, { key, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength }, signature);
  }

  return verify(algorithm.digest, data, { key, padding: cryptoConstants.RSA_PKCS1_PADDING }, signature);
}

/** Name of a resolved algorithm for reports, e.g. `ECDSA with SHA-256`. */
export function describeSignatureAlgorithm(algorithm: ResolvedSignatureAlgorithm): string {
  const digest = algorithm.digest.toUpperCase().replace('SHA', 'SHA-');

  if (algorithm.scheme === 'rsa-pss') return `RSASSA-PSS with ${digest}, salt ${algorithm.saltLength}`;
  if (algorithm.scheme === 'rsa-pkcs1') return `RSA PKCS#1 v1.5 with ${digest}`;
  return `ECDSA with ${digest}${algorithm.encoding === 'ieee-p1363' ? ' (plain)' : ''}`;
}
