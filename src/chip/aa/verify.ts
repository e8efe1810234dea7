// Verification of an active authentication signature over a nonce the verifier chose (ICAO
// Doc 9303 Part 11 section 6.1), as a pure function a server can call on a relayed response.
// RSA keys: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery, trailer
// BC (SHA-1) or hash id || CC. EC keys: ECDSA with r || s (plain) or DER signatures.
import { createHash, createPublicKey, publicDecrypt, verify, constants, type KeyObject } from 'node:crypto';

import type { ChipErrorCode } from '../errors.js';
import { equalBytes } from '../codec/bytes.js';
import { parseTlv } from '../codec/tlv.js';
import { describePublicKeyInfo, type PublicKeyDescription } from '../lds/public-key-info.js';
import { ECDSA_PLAIN_OIDS, HASH_LENGTH, hashForCurveBits, NODE_HASH, TRAILER_HASH_IDS, type AaHash } from './hash.js';

export interface ActiveAuthenticationInput {
  /** SubjectPublicKeyInfo DER from DG15. */
  publicKeyInfo: Uint8Array;
  /** The challenge sent in INTERNAL AUTHENTICATE. */
  nonce: Uint8Array;
  /** The chip's response to INTERNAL AUTHENTICATE. */
  signature: Uint8Array;
  /** Signature algorithm OID of ActiveAuthenticationInfo in DG14 (names the ECDSA hash). */
  signatureAlgorithmOid?: string;
}

export interface ActiveAuthenticationCheck {
  name: 'public key' | 'signature representative' | 'trailer' | 'message digest' | 'hash algorithm' | 'signature';
  passed: boolean;
  detail: string;
  code?: ChipErrorCode;
}

export interface ActiveAuthenticationReport {
  valid: boolean;
  keyType: 'RSA' | 'EC' | null;
  scheme: 'ISO/IEC 9796-2 scheme 1' | 'ECDSA' | null;
  hash: AaHash | null;
  signatureFormat?: 'plain' | 'DER';
  checks: ActiveAuthenticationCheck[];
  /** Threat a failure points to, e.g. a cloned chip or a replayed response. */
  threat?: string;
}

const THREAT = 'the chip did not prove possession of the DG15 private key for this nonce: a cloned chip, a replayed response or a wrong nonce';

/** Verifies an active authentication response and reports every check. Bad keys or signatures give a failed report, not an exception. */
export function verifyActiveAuthentication(input: ActiveAuthenticationInput): ActiveAuthenticationReport {
  let description: PublicKeyDescription;
  let key: KeyObject;

  // The key type, size and curve come from the DER, and an RSA key is imported from its
  // PKCS #1 form. node:crypto imports a SubjectPublicKeyInfo about 25 times slower (OpenSSL 3
  // decoder lookup, measured on Node.js 20.20), and a server imports a new key for every card.
  try {
    description = describePublicKeyInfo(parseTlv(input.publicKeyInfo, { pathPrefix: 'DG15 SubjectPublicKeyInfo' }), 'DG15');
    key = description.rsaPublicKey === undefined
      ? createPublicKey({ key: Buffer.from(input.publicKeyInfo.buffer, input.publicKeyInfo.byteOffset, input.publicKeyInfo.byteLength), format: 'der', type: 'spki' })
      : createPublicKey({ key: Buffer.from(description.rsaPublicKey.buffer, description.rsaPublicKey.byteOffset, description.rsaPublicKey.byteLength), format: 'der', type: 'pkcs1' });
  } catch (error) {
    return failed(null, null, [{ name: 'public key', passed: false, code: 'AA_KEY_INVALID', detail: `DG15 public key is not a readable RSA or EC SubjectPublicKeyInfo: ${error instanceof Error ? error.message : String(error)}` }]);
  }

  if (description.keyType === 'rsa' && key.asymmetricKeyType === 'rsa') return verifyRsa(key, description.keySize ?? 0, input);
  if (description.keyType === 'ec' && key.asymmetricKeyType === 'ec') return verifyEcdsa(key, description.curve, input);

  return failed(null, null, [{ name: 'public key', passed: false, code: 'AA_KEY_INVALID', detail: `DG15 key type ${key.asymmetricKeyType} is not RSA or EC` }]);
}

function failed(keyType: ActiveAuthenticationReport['keyType'], scheme: ActiveAuthenticationReport['scheme'], checks: ActiveAuthenticationCheck[], hash: AaHash | null = null): ActiveAuthenticationReport {
  return { valid: false, keyType, scheme, hash, checks, threat: THREAT };
}

function verifyRsa(key: KeyObject, modulusBits: number, input: ActiveAuthenticationInput): ActiveAuthenticationReport {
  const scheme = 'ISO/IEC 9796-2 scheme 1' as const;
  const k = Math.ceil(modulusBits / 8);
  const checks: ActiveAuthenticationCheck[] = [{ name: 'public key', passed: true, detail: `RSA ${modulusBits} bits` }];

  if (input.signature.length !== k) {
    checks.push({ name: 'signature', passed: false, code: 'AA_SIGNATURE_INVALID', detail: `signature has ${input.signature.length} bytes, the ${modulusBits}-bit modulus needs ${k}` });
    return failed('RSA', scheme, checks);
  }

  let representative: Uint8Array;

  try {
    representative = recoverRepresentative(key, input.signature, k);
  } catch (error) {
    checks.push({ name: 'signature representative', passed: false, code: 'AA_SIGNATURE_INVALID', detail: `RSA public operation failed: ${error instanceof Error ? error.message : String(error)}` });
    return failed('RSA', scheme, checks);
  }

  const header = representative[0] as number;
  const last = representative[k - 1] as number;
  let hash: AaHash | undefined;
  let trailerLength = 1;

  if (last === 0xbc) {
    hash = 'SHA-1';
  } else if (last === 0xcc) {
    hash = TRAILER_HASH_IDS.get(representative[k - 2] as number);
    trailerLength = 2;
  }

  if (header !== 0x6a || hash === undefined) {
    checks.push({
      name: 'trailer',
      passed: false,
      code: 'AA_SIGNATURE_INVALID',
      detail: `recovered message starts ${header.toString(16).toUpperCase()} and ends ${last.toString(16).toUpperCase()}; expected header 6A and trailer BC or a known hash id followed by CC`,
    });
    return failed('RSA', scheme, checks);
  }

  checks.push({ name: 'trailer', passed: true, detail: `header 6A (partial recovery), trailer for ${hash}` });

  const digestLength = HASH_LENGTH[hash];
  const digestStart = k - trailerLength - digestLength;

  if (digestStart < 1) {
    checks.push({ name: 'message digest', passed: false, code: 'AA_SIGNATURE_INVALID', detail: `a ${modulusBits}-bit modulus is too short for ${hash}` });
    return failed('RSA', scheme, checks, hash);
  }

  const recoveredPart = representative.subarray(1, digestStart);
  const digest = createHash(NODE_HASH[hash]).update(recoveredPart).update(input.nonce).digest();
  const matches = equalBytes(new Uint8Array(digest), representative.subarray(digestStart, digestStart + digestLength));

  checks.push(
    matches
      ? { name: 'message digest', passed: true, detail: `${hash}(M1 || nonce) matches the recovered digest` }
      : { name: 'message digest', passed: false, code: 'AA_SIGNATURE_INVALID', detail: `${hash}(M1 || nonce) does not match the recovered digest: the signature is not over this nonce` },
  );

  return matches ? { valid: true, keyType: 'RSA', scheme, hash, checks } : failed('RSA', scheme, checks, hash);
}

/** J = S^e mod n; ISO/IEC 9796-2 also allows S = n - J^d, whose representative is n - (S^e mod n). */
function recoverRepresentative(key: KeyObject, signature: Uint8Array, k: number): Uint8Array {
  const raw = new Uint8Array(publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature));

  if (((raw[k - 1] as number) & 0x0f) === 0x0c) {
    return raw;
  }

  const jwk = key.export({ format: 'jwk' });
  const modulus = BigInt(`0x${Buffer.from(jwk.n as string, 'base64url').toString('hex')}`);
  const value = modulus - BigInt(`0x${Buffer.from(raw).toString('hex') || '0'}`);
  return new Uint8Array(Buffer.from(value.toString(16).padStart(k * 2, '0'), 'hex'));
}

function verifyEcdsa(key: KeyObject, describedCurve: string | undefined, input: ActiveAuthenticationInput): ActiveAuthenticationReport {
  const scheme = 'ECDSA' as const;
  const curve = describedCurve ?? key.asymmetricKeyDetails?.namedCurve ?? 'unknown curve';
  const fieldBits = curveBits(curve);
  const checks: ActiveAuthenticationCheck[] = [{ name: 'public key', passed: true, detail: `EC ${curve}` }];
  let hash: AaHash;

  if (input.signatureAlgorithmOid !== undefined) {
    const named = ECDSA_PLAIN_OIDS.get(input.signatureAlgorithmOid);

    if (named === undefined) {
      checks.push({ name: 'hash algorithm', passed: false, code: 'AA_SIGNATURE_INVALID', detail: `ActiveAuthenticationInfo names ${input.signatureAlgorithmOid}, which is not an ecdsa-plain signature algorithm` });
      return failed('EC', scheme, checks);
    }

    hash = named;
    checks.push({ name: 'hash algorithm', passed: true, detail: `${hash} from ActiveAuthenticationInfo` });
  } else {
    hash = hashForCurveBits(fieldBits);
    checks.push({ name: 'hash algorithm', passed: true, detail: `${hash} assumed from the ${fieldBits}-bit curve: DG14 has no ActiveAuthenticationInfo` });
  }

  const fieldBytes = Math.ceil(fieldBits / 8);
  let format: 'plain' | 'DER' = input.signature[0] === 0x30 ? 'DER' : 'plain';
  let valid = verifyEcdsaEncoding(key, hash, input, format);

  // A plain r || s whose r starts with byte 30 looks like DER: try plain before failing.
  if (!valid && format === 'DER' && input.signature.length === fieldBytes * 2) {
    valid = verifyEcdsaEncoding(key, hash, input, 'plain');
    if (valid) format = 'plain';
  }

  checks.push(
    valid
      ? { name: 'signature', passed: true, detail: `ECDSA-${hash} signature (${format}) over the nonce verifies` }
      : { name: 'signature', passed: false, code: 'AA_SIGNATURE_INVALID', detail: `ECDSA-${hash} signature (${format}, ${input.signature.length} bytes) over the nonce does not verify` },
  );

  return valid ? { valid: true, keyType: 'EC', scheme, hash, signatureFormat: format, checks } : { ...failed('EC', scheme, checks, hash), signatureFormat: format };
}

function verifyEcdsaEncoding(key: KeyObject, hash: AaHash, input: ActiveAuthenticationInput, format: 'plain' | 'DER'): boolean {
  try {
    return verify(NODE_HASH[hash], input.nonce, { key, dsaEncoding: format === 'plain' ? 'ieee-p1363' : 'der' }, input.signature);
  } catch {
    return false;
  }
}

function curveBits(curve: string): number {
  const match = /(\d{3})/.exec(curve);
  return match ? Number(match[1]) : 256;
}
