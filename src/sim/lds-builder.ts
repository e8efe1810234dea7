// Encoders for the LDS files of a test card: EF.COM, EF.CardAccess, DG1, DG2, DG13, DG14,
// DG15, a signed EF.SOD over given data group bytes, and an ICAO CSCA master list. The output
// is what a real chip would store, so the chip library's parsers and passive authentication
// read it as they read a card. Options that break a rule on purpose exist for negative tests.
import { createHash, type KeyObject } from 'node:crypto';

import { AsnConvert } from '@peculiar/asn1-schema';

import { concatBytes } from '../chip/codec/bytes.js';
import { encodeTlv } from '../chip/codec/tlv.js';
import type { DumpFileName } from '../chip/dump.js';
import { encodeOid, encodeSmallInteger, TAG_OCTET_STRING, TAG_PRINTABLE_STRING, TAG_SEQUENCE, TAG_SET, TAG_UTF8_STRING } from '../chip/lds/der.js';
import { DG13_OID } from '../chip/lds/dg13.js';
import { encodeDg1 } from '../chip/lds/dg1.js';
import { encodeEfCom } from '../chip/lds/ef-com.js';
import { detectImageFormat } from '../chip/lds/dg2.js';
import {
  OID_ACTIVE_AUTHENTICATION, OID_CONTENT_TYPE_ATTRIBUTE, OID_CSCA_MASTER_LIST, OID_LDS_SECURITY_OBJECT, OID_MESSAGE_DIGEST_ATTRIBUTE,
  OID_PACE, OID_CA, OID_SIGNED_DATA, OID_SIGNING_TIME_ATTRIBUTE, OID_TA,
} from '../chip/lds/oids.js';
import { DIGEST_OID_BY_NAME, type DigestName } from '../chip/pa/algorithms.js';
import { parseCertificate } from '../chip/pa/certificate.js';
import { signatureAlgorithmIdentifier, signBytes, type SignatureScheme } from './x509-builder.js';

export { encodeDg1 as buildDg1, encodeEfCom };

/** EF.COM listing the given data groups (LDS 1.7, Unicode 4.0.0 unless given). */
export function buildEfCom(dataGroups: number[], ldsVersion = '0107', unicodeVersion = '040000'): Uint8Array {
  return encodeEfCom({ ldsVersion, unicodeVersion, dataGroups });
}

// ---------------------------------------------------------------- SecurityInfos

export type SecurityInfoSpec =
  | { kind: 'PACEInfo'; protocol: string; version: number; parameterId?: number }
  | { kind: 'ChipAuthenticationInfo'; protocol: string; version: number; keyId?: number }
  | { kind: 'ChipAuthenticationPublicKeyInfo'; protocol: string; publicKeyInfo: Uint8Array; keyId?: number }
  | { kind: 'ActiveAuthenticationInfo'; signatureAlgorithm: string }
  | { kind: 'TerminalAuthenticationInfo'; version: number }
  /** Any other SecurityInfo, given as its DER SEQUENCE. */
  | { kind: 'raw'; encoded: Uint8Array };

/** id-PACE-ECDH-GM-AES-CBC-CMAC-128, the PACE protocol of CCCDs. */
export const PACE_ECDH_GM_AES_128 = `${OID_PACE}.2.2`;
/** id-CA-ECDH-AES-CBC-CMAC-128, the chip authentication protocol of CCCDs. */
export const CA_ECDH_AES_128 = `${OID_CA}.2.2`;

/** SecurityInfos of a CCCD's EF.CardAccess: TA v1, CA ECDH AES-128 v1, PACE ECDH-GM AES-128 v2 on brainpoolP256r1 (id 13). */
export const CCCD_CARD_ACCESS: SecurityInfoSpec[] = [
  { kind: 'TerminalAuthenticationInfo', version: 1 },
  { kind: 'ChipAuthenticationInfo', protocol: CA_ECDH_AES_128, version: 1 },
  { kind: 'PACEInfo', protocol: PACE_ECDH_GM_AES_128, version: 2, parameterId: 13 },
];

function encodeSecurityInfo(info: SecurityInfoSpec): Uint8Array {
  switch (info.kind) {
    case 'PACEInfo':
      return sequence(encodeOid(info.protocol), encodeSmallInteger(info.version), ...optionalInteger(info.parameterId));
    case 'ChipAuthenticationInfo':
      return sequence(encodeOid(info.protocol), encodeSmallInteger(info.version), ...optionalInteger(info.keyId));
    case 'ChipAuthenticationPublicKeyInfo':
      return sequence(encodeOid(info.protocol), info.publicKeyInfo, ...optionalInteger(info.keyId));
    case 'ActiveAuthenticationInfo':
      return sequence(encodeOid(OID_ACTIVE_AUTHENTICATION), encodeSmallInteger(1), encodeOid(info.signatureAlgorithm));
    case 'TerminalAuthenticationInfo':
      return sequence(encodeOid(OID_TA), encodeSmallInteger(info.version));
    case 'raw':
      return info.encoded;
  }
}

/** DER SecurityInfos: a SET whose elements are sorted as DER requires. */
export function buildSecurityInfos(infos: SecurityInfoSpec[]): Uint8Array {
  return derSet(infos.map(encodeSecurityInfo));
}

/** EF.CardAccess (a bare SecurityInfos). */
export function buildCardAccess(infos: SecurityInfoSpec[] = CCCD_CARD_ACCESS): Uint8Array {
  return buildSecurityInfos(infos);
}

/** DG14 around the given SecurityInfos. */
export function buildDg14(infos: SecurityInfoSpec[]): Uint8Array {
  return encodeTlv(0x6e, buildSecurityInfos(infos));
}

/** DG15 around a SubjectPublicKeyInfo. */
export function buildDg15(publicKeyInfo: Uint8Array): Uint8Array {
  return encodeTlv(0x6f, publicKeyInfo);
}

// ---------------------------------------------------------------- DG2

export interface FaceImageInput {
  /** JPEG, JP2 or J2K bytes. */
  image: Uint8Array;
  width: number;
  height: number;
  sex?: 'M' | 'F' | null;
  /** ISO/IEC 19794-5 eye and hair colour codes; default 0 (unspecified). */
  eyeColour?: number;
  hairColour?: number;
}

/** ISO/IEC 19794-5 gender codes. */
const GENDER_CODES = { M: 1, F: 2, unspecified: 0 } as const;

/** DG2 with one biometric template holding one ISO/IEC 19794-5 facial record. */
export function buildDg2(face: FaceImageInput): Uint8Array {
  const format = detectImageFormat(face.image);

  if (format === null) {
    throw new Error('DG2 builder: the image is neither JPEG nor JPEG 2000; pass JPEG, JP2 or J2K bytes');
  }

  const gender = GENDER_CODES[face.sex ?? 'unspecified'];
  const information = concatBytes(
    Uint8Array.of(0, 0), // no feature points
    Uint8Array.of(gender, face.eyeColour ?? 0, face.hairColour ?? 0),
    Uint8Array.of(0, 0, 0), // property mask
    Uint8Array.of(0, 1), // expression: neutral
    new Uint8Array(6), // pose angles and their uncertainty
    Uint8Array.of(1, format === 'jpeg' ? 0 : 1), // full frontal, JPEG or JPEG 2000
    uint16(face.width),
    uint16(face.height),
    Uint8Array.of(1, 2), // colour space sRGB, source type digital camera
    Uint8Array.of(0, 0, 0, 0), // device type, quality
    face.image,
  );

  const facialRecord = concatBytes(uint32(4 + information.length), information);
  const header = concatBytes(Buffer.from('FAC\x00010\x00', 'latin1'), uint32(14 + facialRecord.length), uint16(1));
  const block = concatBytes(header, facialRecord);

  const biometricHeader = encodeTlv(0xa1, [
    encodeTlv(0x80, Uint8Array.of(1, 1)), // ICAO header version 1.1
    encodeTlv(0x81, Uint8Array.of(2)), // biometric type: facial features
    encodeTlv(0x87, Uint8Array.of(1, 1)), // format owner: ISO/IEC JTC 1/SC 37
    encodeTlv(0x88, Uint8Array.of(0, 8)), // format type: face image
  ]);

  return encodeTlv(0x75, encodeTlv(0x7f61, [
    encodeTlv(0x02, Uint8Array.of(1)),
    encodeTlv(0x7f60, [biometricHeader, encodeTlv(0x5f2e, block)]),
  ]));
}

// ---------------------------------------------------------------- DG13

/** A CCCD holder's details as DG13 stores them. Dates are YYYY-MM-DD. */
export interface Dg13Person {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationality: string;
  ethnicity: string;
  religion: string;
  placeOfOrigin: string;
  placeOfResidence: string;
  identifyingMarks: string;
  issueDate: string;
  /** null: the card does not expire ("Không thời hạn"). */
  expiryDate: string | null;
  fatherName: string;
  motherName: string;
  /** undefined: field 14 absent; null: present but empty. */
  spouseName?: string | null;
  oldIdNumber?: string;
  field16?: string;
}

export interface Dg13BuildOptions {
  /** Field 13: each parent in its own SEQUENCE (default) or both in one. */
  parentsNesting?: 'separate' | 'combined';
  /** Dates as DD/MM/YYYY (default) or DDMMYYYY. */
  dateFormat?: 'slashes' | 'digits';
  /** Field numbers to leave out. */
  omitFields?: number[];
  /** Extra fields (e.g. unknown numbers), each value given as DER. */
  extraFields?: { fieldNumber: number; value: Uint8Array }[];
}

/** DG13 of a CCCD from a person record. */
export function buildDg13(person: Dg13Person, options: Dg13BuildOptions = {}): Uint8Array {
  const date = (iso: string) => formatDate(iso, options.dateFormat ?? 'slashes');
  const text = (value: string) => encodeTlv(TAG_UTF8_STRING, Buffer.from(value.normalize('NFC'), 'utf8'));
  const printable = (value: string) => encodeTlv(TAG_PRINTABLE_STRING, Buffer.from(value, 'latin1'));
  const fields = new Map<number, Uint8Array[]>([
    [1, [printable(person.idNumber)]],
    [2, [text(person.fullName)]],
    [3, [printable(date(person.birthDate))]],
    [4, [text(person.sex === 'M' ? 'Nam' : 'Nữ')]],
    [5, [text(person.nationality)]],
    [6, [text(person.ethnicity)]],
    [7, [text(person.religion)]],
    [8, [text(person.placeOfOrigin)]],
    [9, [text(person.placeOfResidence)]],
    [10, [text(person.identifyingMarks)]],
    [11, [printable(date(person.issueDate))]],
    [12, [text(person.expiryDate === null ? 'Không thời hạn' : date(person.expiryDate))]],
    [13, options.parentsNesting === 'combined'
      ? [sequence(text(person.fatherName), text(person.motherName))]
      : [sequence(text(person.fatherName)), sequence(text(person.motherName))]],
  ]);

  if (person.spouseName !== undefined) {
    fields.set(14, person.spouseName === null ? [] : [sequence(text(person.spouseName))]);
  }

  if (person.oldIdNumber !== undefined) fields.set(15, [printable(person.oldIdNumber)]);
  if (person.field16 !== undefined) fields.set(16, [printable(person.field16)]);

  for (const extra of options.extraFields ?? []) {
    fields.set(extra.fieldNumber, [extra.value]);
  }

  const entries = [...fields.entries()]
    .filter(([number]) => !(options.omitFields ?? []).includes(number))
    .map(([number, values]) => sequence(encodeSmallInteger(number), ...values));

  return encodeTlv(0x6d, sequence(encodeSmallInteger(1), encodeOid(DG13_OID), derSet(entries)));
}

function formatDate(iso: string, format: 'slashes' | 'digits'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);

  if (match === null) {
    throw new Error(`DG13 builder: date "${iso}" is not YYYY-MM-DD`);
  }

  const [, year, month, day] = match;
  return format === 'slashes' ? `${day}/${month}/${year}` : `${day}${month}${year}`;
}

// ---------------------------------------------------------------- EF.SOD and master lists

/** A signer: certificate DER, private key and the scheme it signs with. */
export interface CmsSigner {
  certificate: Uint8Array;
  privateKey: KeyObject;
  scheme: SignatureScheme;
}

export interface SodBuildOptions {
  /** Data group bytes to hash, by file name. */
  dataGroups: Partial<Record<DumpFileName, Uint8Array>>;
  /** Digest for the data group hashes and the SignerInfo. */
  digest: DigestName;
  signer: CmsSigner;
  /** LDSSecurityObject v1 with this version info; v0 without. */
  ldsVersionInfo?: { ldsVersion: string; unicodeVersion: string };
  signingTime?: Date;
  /** For negative tests: values that break Doc 9303 on purpose. */
  faults?: {
    signedDataVersion?: number;
    ldsSecurityObjectVersion?: number;
    eContentType?: string;
    contentType?: string;
    /** Hash to store for a data group instead of the real one. */
    wrongHash?: number;
  };
}

/** EF.SOD: tag 77 around a CMS SignedData over an LDSSecurityObject of the given data groups. */
export function buildSod(options: SodBuildOptions): Uint8Array {
  const faults = options.faults ?? {};
  const digestAlgorithm = digestAlgorithmIdentifier(options.digest);
  const hashes = Object.entries(options.dataGroups)
    .filter(([name]) => /^DG\d+$/.test(name))
    .map(([name, bytes]) => [Number(name.slice(2)), bytes as Uint8Array] as const)
    .sort(([a], [b]) => a - b)
    .map(([number, bytes]) => {
      const hash = new Uint8Array(createHash(options.digest).update(bytes).digest());
      if (faults.wrongHash === number) hash[0] = (hash[0] as number) ^ 0xff;
      return sequence(encodeSmallInteger(number), encodeTlv(TAG_OCTET_STRING, hash));
    });

  const version = faults.ldsSecurityObjectVersion ?? (options.ldsVersionInfo === undefined ? 0 : 1);
  const versionInfo = options.ldsVersionInfo === undefined ? [] : [sequence(
    encodeTlv(TAG_PRINTABLE_STRING, Buffer.from(options.ldsVersionInfo.ldsVersion, 'latin1')),
    encodeTlv(TAG_PRINTABLE_STRING, Buffer.from(options.ldsVersionInfo.unicodeVersion, 'latin1')),
  )];

  const securityObject = sequence(encodeSmallInteger(version), digestAlgorithm, sequence(...hashes), ...versionInfo);
  const signedDataOptions: SignedDataOptions = {
    eContentType: faults.eContentType ?? OID_LDS_SECURITY_OBJECT,
    eContent: securityObject,
    digest: options.digest,
    signer: options.signer,
    version: faults.signedDataVersion ?? 3,
  };

  if (options.signingTime !== undefined) signedDataOptions.signingTime = options.signingTime;
  if (faults.contentType !== undefined) signedDataOptions.contentInfoType = faults.contentType;

  return encodeTlv(0x77, buildSignedData(signedDataOptions));
}

export interface MasterListBuildOptions {
  /** CSCA certificates (DER) to list; the signer's issuing CSCA must be among them. */
  cscas: Uint8Array[];
  signer: CmsSigner;
  digest: DigestName;
}

/** Builds an ICAO CSCA master list signed by a master list signer. */
export function buildMasterList(options: MasterListBuildOptions): Uint8Array {
  const list = sequence(encodeSmallInteger(0), derSet(options.cscas));
  return buildSignedData({ eContentType: OID_CSCA_MASTER_LIST, eContent: list, digest: options.digest, signer: options.signer, version: 3 });
}

interface SignedDataOptions {
  eContentType: string;
  eContent: Uint8Array;
  digest: DigestName;
  signer: CmsSigner;
  version: number;
  signingTime?: Date;
  contentInfoType?: string;
}

/** ContentInfo with a SignedData (RFC 5652 section 5) signed over DER signed attributes. */
function buildSignedData(options: SignedDataOptions): Uint8Array {
  const certificate = parseCertificate(options.signer.certificate, 'signer certificate');
  const digestAlgorithm = digestAlgorithmIdentifier(options.digest);
  const messageDigest = new Uint8Array(createHash(options.digest).update(options.eContent).digest());

  const attributes = [
    sequence(encodeOid(OID_CONTENT_TYPE_ATTRIBUTE), derSet([encodeOid(options.eContentType)])),
    sequence(encodeOid(OID_MESSAGE_DIGEST_ATTRIBUTE), derSet([encodeTlv(TAG_OCTET_STRING, messageDigest)])),
  ];

  if (options.signingTime !== undefined) {
    attributes.push(sequence(encodeOid(OID_SIGNING_TIME_ATTRIBUTE), derSet([utcTime(options.signingTime)])));
  }

  const signedAttributes = derSet(attributes);
  const signature = signBytes(signedAttributes, options.signer.privateKey, options.signer.scheme);
  const signatureAlgorithm = new Uint8Array(AsnConvert.serialize(signatureAlgorithmIdentifier(options.signer.scheme)));

  const signerInfo = sequence(
    encodeSmallInteger(1),
    sequence(certificate.issuer, encodeTlv(0x02, certificate.serialNumber)),
    digestAlgorithm,
    concatBytes(Uint8Array.of(0xa0), signedAttributes.subarray(1)),
    signatureAlgorithm,
    encodeTlv(TAG_OCTET_STRING, signature),
  );

  const signedData = sequence(
    encodeSmallInteger(options.version),
    derSet([digestAlgorithm]),
    sequence(encodeOid(options.eContentType), encodeTlv(0xa0, encodeTlv(TAG_OCTET_STRING, options.eContent))),
    encodeTlv(0xa0, options.signer.certificate),
    derSet([signerInfo]),
  );

  return sequence(encodeOid(options.contentInfoType ?? OID_SIGNED_DATA), encodeTlv(0xa0, signedData));
}

function digestAlgorithmIdentifier(digest: DigestName): Uint8Array {
  return sequence(encodeOid(DIGEST_OID_BY_NAME[digest]), Uint8Array.of(0x05, 0x00));
}

function utcTime(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return encodeTlv(0x17, Buffer.from(text, 'latin1'));
}

// ---------------------------------------------------------------- DER helpers

function sequence(...parts: Uint8Array[]): Uint8Array {
  return encodeTlv(TAG_SEQUENCE, parts);
}

/** SET OF with its elements sorted by their encodings (X.690 section 11.6). */
function derSet(elements: Uint8Array[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return encodeTlv(TAG_SET, sorted);
}

function optionalInteger(value: number | undefined): Uint8Array[] {
  return value === undefined ? [] : [encodeSmallInteger(value)];
}

function uint16(value: number): Uint8Array {
  return Uint8Array.of((value >> 8) & 0xff, value & 0xff);
}

function uint32(value: number): Uint8Array {
  return Uint8Array.of((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}
