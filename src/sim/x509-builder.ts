// Builds X.509 certificates and CRLs for the test PKI with node:crypto keys. Certificates are
// assembled with @peculiar/asn1-x509 and signed with node:crypto, because WebCrypto has no
// brainpool curves. EC keys can be written with explicit curve parameters, as many CSCAs do.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, constants as cryptoConstants, type KeyObject } from 'node:crypto';

import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier, AuthorityKeyIdentifier, BasicConstraints, Certificate, CertificateList, Extension, Extensions,
  AttributeTypeAndValue, AttributeValue, KeyIdentifier, KeyUsage, KeyUsageFlags, Name, RelativeDistinguishedName, RevokedCertificate, SubjectPublicKeyInfo, TBSCertificate, TBSCertList,
  Time, Validity, Version, id_ce_authorityKeyIdentifier, id_ce_basicConstraints, id_ce_keyUsage, id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';

import {
  DIGEST_LENGTH_BYTES, DIGEST_OID_BY_NAME, ECDSA_OID_BY_DIGEST, OID_EC_PUBLIC_KEY, OID_MGF1, OID_RSASSA_PSS,
  RSA_PKCS1_OID_BY_DIGEST, type DigestName,
} from '../chip/pa/algorithms.js';
import { uintToBytes } from '../chip/codec/bytes.js';
import { encodeTlv } from '../chip/codec/tlv.js';

export type BrainpoolCurve = 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';

/** Key pair to generate: RSA with a modulus size, or EC on a brainpool or NIST curve. */
export type KeySpec =
  | { type: 'rsa'; modulusBits: number }
  | { type: 'ec'; curve: BrainpoolCurve | 'prime256v1' | 'secp384r1'; explicitParameters?: boolean };

/** Signature scheme with its digest (and the PSS salt length). */
export type SignatureScheme =
  | { kind: 'rsa-pkcs1'; digest: DigestName }
  | { kind: 'rsa-pss'; digest: DigestName; saltLength?: number }
  | { kind: 'ecdsa'; digest: DigestName };

export interface KeyPair {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo DER, with explicit EC parameters when the key spec asked for them. */
  publicKeyInfo: Uint8Array;
}

const NOBLE_CURVES = { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } as const;
// OBJECT IDENTIFIER prime-field, 1.2.840.10045.1.1 (X9.62).
const PRIME_FIELD_OID_DER = Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x01, 0x01);

/** Generates a key pair; explicit EC parameters replace the curve OID in the public key info. */
export function generateKeyPair(spec: KeySpec): KeyPair {
  if (spec.type === 'rsa') {
    const pair = generateKeyPairSync('rsa', { modulusLength: spec.modulusBits, publicExponent: 0x10001 });
    return { privateKey: pair.privateKey, publicKeyInfo: exportSpki(pair.publicKey) };
  }

  const pair = generateKeyPairSync('ec', { namedCurve: spec.curve });
  const named = exportSpki(pair.publicKey);

  if (spec.explicitParameters !== true) {
    return { privateKey: pair.privateKey, publicKeyInfo: named };
  }

  if (!(spec.curve in NOBLE_CURVES)) {
    throw new Error(`explicit parameters are only written for brainpool curves, not ${spec.curve}`);
  }

  return { privateKey: pair.privateKey, publicKeyInfo: withExplicitParameters(named, spec.curve as BrainpoolCurve) };
}

function exportSpki(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }));
}

/** Rewrites a named-curve EC public key info with the curve's SpecifiedECDomain (RFC 3279 section 2.3.5). */
export function withExplicitParameters(publicKeyInfo: Uint8Array, curve: BrainpoolCurve): Uint8Array {
  const parameters = NOBLE_CURVES[curve].Point.CURVE();
  const size = Math.ceil(parameters.p.toString(16).length / 2);
  const generator = new Uint8Array([0x04, ...uintToBytes(parameters.Gx, size), ...uintToBytes(parameters.Gy, size)]);

  // SpecifiedECDomain is written with the TLV encoder: asn1-ecc 2.11 declares the cofactor as
  // bytes but encodes it as a number, which loses it.
  const domain = encodeTlv(0x30, [
    encodeTlv(0x02, Uint8Array.of(1)),
    encodeTlv(0x30, [PRIME_FIELD_OID_DER, encodeTlv(0x02, unsignedInteger(parameters.p))]),
    encodeTlv(0x30, [encodeTlv(0x04, uintToBytes(parameters.a, size)), encodeTlv(0x04, uintToBytes(parameters.b, size))]),
    encodeTlv(0x04, generator),
    encodeTlv(0x02, unsignedInteger(parameters.n)),
    encodeTlv(0x02, unsignedInteger(parameters.h)),
  ]);

  const info = AsnConvert.parse(publicKeyInfo, SubjectPublicKeyInfo);
  info.algorithm = new AlgorithmIdentifier({
    algorithm: OID_EC_PUBLIC_KEY,
    parameters: toArrayBuffer(domain),
  });

  return new Uint8Array(AsnConvert.serialize(info));
}

/** Minimal two's-complement bytes of a non-negative integer (a leading zero when the top bit is set). */
function unsignedInteger(value: bigint): Uint8Array {
  let hex = value.toString(16);

  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;

  return new Uint8Array(Buffer.from(hex, 'hex'));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Returns the AlgorithmIdentifier of a signature scheme. */
export function signatureAlgorithmIdentifier(scheme: SignatureScheme): AlgorithmIdentifier {
  if (scheme.kind === 'rsa-pkcs1') {
    return new AlgorithmIdentifier({ algorithm: RSA_PKCS1_OID_BY_DIGEST[scheme.digest], parameters: null });
  }

  if (scheme.kind === 'ecdsa') {
    return new AlgorithmIdentifier({ algorithm: ECDSA_OID_BY_DIGEST[scheme.digest] });
  }

  const hash = new AlgorithmIdentifier({ algorithm: DIGEST_OID_BY_NAME[scheme.digest], parameters: null });
  const params = new RsaSaPssParams({
    hashAlgorithm: hash,
    maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: OID_MGF1, parameters: AsnConvert.serialize(hash) }),
    saltLength: scheme.saltLength ?? DIGEST_LENGTH_BYTES[scheme.digest],
  });

  return new AlgorithmIdentifier({ algorithm: OID_RSASSA_PSS, parameters: AsnConvert.serialize(params) });
}

/** Signs `data` with `key` under `scheme`; ECDSA signatures are DER, as CMS and X.509 require. */
export function signBytes(data: Uint8Array, key: KeyObject, scheme: SignatureScheme): Uint8Array {
  if (scheme.kind === 'rsa-pss') {
    return new Uint8Array(sign(scheme.digest, data, {
      key,
      padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
      saltLength: scheme.saltLength ?? DIGEST_LENGTH_BYTES[scheme.digest],
    }));
  }

  return new Uint8Array(sign(scheme.digest, data, { key, dsaEncoding: 'der' }));
}

const NAME_ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  serialNumber: '2.5.4.5',
};

/**
 * Subject or issuer of a certificate from text such as `C=VN, O=examgate test, CN=Test CSCA`.
 * Values may not contain commas; the country and serial number are PrintableString, the rest UTF8String.
 */
export function encodeName(distinguishedName: string): Name {
  const rdns = distinguishedName.split(',').map((part) => {
    const [key, ...rest] = part.split('=');
    const type = NAME_ATTRIBUTE_OIDS[(key ?? '').trim()];
    const value = rest.join('=').trim();

    if (type === undefined || value === '') {
      throw new Error(`invalid name part "${part}" in "${distinguishedName}": expected one of ${Object.keys(NAME_ATTRIBUTE_OIDS).join(', ')} with a value`);
    }

    const printable = key?.trim() === 'C' || key?.trim() === 'serialNumber';
    const attribute = new AttributeTypeAndValue({ type, value: new AttributeValue(printable ? { printableString: value } : { utf8String: value }) });
    return new RelativeDistinguishedName([attribute]);
  });

  return new Name(rdns);
}

export interface CertificateRequest {
  subject: string;
  publicKeyInfo: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  serialNumber?: Uint8Array;
  /** True for a CSCA (basicConstraints cA, keyCertSign and cRLSign). */
  certificateAuthority: boolean;
}

export interface Issuer {
  /** Issuer name; for a self-signed certificate the request's subject. */
  name: string;
  privateKey: KeyObject;
  /** Issuer's public key info, for the authority key identifier. */
  publicKeyInfo: Uint8Array;
  scheme: SignatureScheme;
}

/** Builds and signs a v3 certificate. */
export function issueCertificate(request: CertificateRequest, issuer: Issuer): Uint8Array {
  const serial = request.serialNumber ?? positiveSerial();
  const spki = AsnConvert.parse(request.publicKeyInfo, SubjectPublicKeyInfo);
  const keyUsage = request.certificateAuthority
    ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign
    : KeyUsageFlags.digitalSignature;

  const extensions = new Extensions([
    extension(id_ce_keyUsage, true, new KeyUsage(keyUsage)),
    extension(id_ce_subjectKeyIdentifier, false, new KeyIdentifier(keyIdentifier(request.publicKeyInfo))),
    extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdentifier(issuer.publicKeyInfo)) })),
  ]);

  if (request.certificateAuthority) {
    extensions.push(extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: true, pathLenConstraint: 0 })));
  }

  const algorithm = signatureAlgorithmIdentifier(issuer.scheme);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(serial),
    signature: algorithm,
    issuer: encodeName(issuer.name),
    validity: new Validity({ notBefore: request.notBefore, notAfter: request.notAfter }),
    subject: encodeName(request.subject),
    subjectPublicKeyInfo: spki,
    extensions,
  });

  const tbsBytes = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = signBytes(tbsBytes, issuer.privateKey, issuer.scheme);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: algorithm, signatureValue: toArrayBuffer(signature) });

  return new Uint8Array(AsnConvert.serialize(certificate));
}

function extension(id: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 section 4.2.1.2 method 1). */
export function keyIdentifier(publicKeyInfo: Uint8Array): Uint8Array {
  const info = AsnConvert.parse(publicKeyInfo, SubjectPublicKeyInfo);
  return new Uint8Array(createHash('sha1').update(new Uint8Array(info.subjectPublicKey)).digest());
}

function positiveSerial(): Uint8Array {
  const serial = randomBytes(12);
  serial[0] = (serial[0] as number) & 0x7f | 0x01;
  return new Uint8Array(serial);
}

export interface CrlRequest {
  thisUpdate: Date;
  nextUpdate: Date;
  revoked: { serialNumber: Uint8Array; revocationDate: Date }[];
}

/** Builds and signs a v2 CRL. */
export function issueCrl(request: CrlRequest, issuer: Issuer): Uint8Array {
  const algorithm = signatureAlgorithmIdentifier(issuer.scheme);
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: algorithm,
    issuer: encodeName(issuer.name),
    thisUpdate: new Time(request.thisUpdate),
    nextUpdate: new Time(request.nextUpdate),
    revokedCertificates: request.revoked.length === 0 ? undefined : request.revoked.map((entry) => new RevokedCertificate({
      userCertificate: toArrayBuffer(entry.serialNumber),
      revocationDate: new Time(entry.revocationDate),
    })),
  });

  const tbsBytes = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = signBytes(tbsBytes, issuer.privateKey, issuer.scheme);
  const list = new CertificateList({ tbsCertList: tbs, signatureAlgorithm: algorithm, signature: toArrayBuffer(signature) });

  return new Uint8Array(AsnConvert.serialize(list));
}

/** Serial number bytes of a certificate. */
export function certificateSerialNumber(certificate: Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.parse(certificate, Certificate).tbsCertificate.serialNumber);
}

/** SubjectPublicKeyInfo DER of a certificate. */
export function certificatePublicKeyInfo(certificate: Uint8Array): Uint8Array {
  return new Uint8Array(AsnConvert.serialize(AsnConvert.parse(certificate, Certificate).tbsCertificate.subjectPublicKeyInfo));
}

/** node:crypto public key of a public key info (explicit brainpool parameters included). */
export function publicKeyOf(publicKeyInfo: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(publicKeyInfo), format: 'der', type: 'spki' });
}
