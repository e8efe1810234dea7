// CMS SignedData (RFC 5652 section 5) as EF.SOD and ICAO master lists carry it. The structure
// is walked with the strict TLV parser so that every byte range that is hashed or verified
// (eContent, signed attributes, certificates) is the original encoding.

import { ChipError } from '../errors.js';
import { concatBytes } from '../codec/bytes.js';
import { tagToHex, type TlvNode } from '../codec/tlv.js';
import { childAt, readOid, readSmallInteger, TAG_OCTET_STRING, TAG_SEQUENCE, TAG_SET } from './der.js';
import { OID_RSASSA_PSS } from '../pa/algorithms.js';
import { OID_CONTENT_TYPE_ATTRIBUTE, OID_MESSAGE_DIGEST_ATTRIBUTE, OID_SIGNED_DATA, OID_SIGNING_TIME_ATTRIBUTE } from './oids.js';

export interface AlgorithmIdentifierValue {
  oid: string;
  /** DER of the parameters, when present (including an explicit NULL). */
  parameters?: Uint8Array;
}

export interface CmsSignerInfo {
  version: number;
  /** The signer identifier: issuer name DER and serial number, or a subject key identifier. */
  sid: { issuer: Uint8Array; serialNumber: Uint8Array } | { subjectKeyIdentifier: Uint8Array };
  digestAlgorithm: AlgorithmIdentifierValue;
  /** Signed attributes re-tagged as SET (31), ready to be hashed (RFC 5652 section 5.4); null when absent. */
  signedAttributes: Uint8Array | null;
  /** Value of the messageDigest signed attribute. */
  messageDigest?: Uint8Array;
  /** Value of the contentType signed attribute. */
  contentType?: string;
  signingTime?: Date;
  signatureAlgorithm: AlgorithmIdentifierValue;
  signature: Uint8Array;
}

export interface CmsSignedData {
  /** Content type of the ContentInfo (id-signedData once checked). */
  contentType: string;
  version: number;
  digestAlgorithms: AlgorithmIdentifierValue[];
  eContentType: string;
  /** eContent bytes as stored (the value of the OCTET STRING). */
  eContent: Uint8Array;
  /** Certificates in their original DER. */
  certificates: Uint8Array[];
  /** CRLs in their original DER. */
  crls: Uint8Array[];
  signerInfos: CmsSignerInfo[];
}

/** Parses a ContentInfo node holding SignedData; `what` names the file in messages. */
export function parseSignedData(contentInfo: TlvNode, what: string): CmsSignedData {
  expect(contentInfo, TAG_SEQUENCE, `${what} ContentInfo`, what);
  const contentType = readOid(childAt(contentInfo, 0, `${what} contentType`), `${what} contentType`);

  if (contentType !== OID_SIGNED_DATA) {
    throw new ChipError('SOD_INVALID', `${what}: ContentInfo contentType is ${contentType}, expected id-signedData (${OID_SIGNED_DATA})`, { file: what, path: contentInfo.path });
  }

  if (contentInfo.children.length !== 2) {
    throw new ChipError('SOD_INVALID', `${what}: ContentInfo has ${contentInfo.children.length} elements, expected contentType and [0] content`, { file: what, path: contentInfo.path });
  }

  const explicit = expect(childAt(contentInfo, 1, `${what} content`), 0xa0, `${what} [0] content`, what);
  const signedData = expect(childAt(explicit, 0, `${what} SignedData`), TAG_SEQUENCE, `${what} SignedData`, what);

  if (explicit.children.length !== 1) {
    throw new ChipError('SOD_INVALID', `${what}: [0] content contains ${explicit.children.length} objects, expected one SignedData`, { file: what, path: explicit.path });
  }

  const version = readSmallInteger(childAt(signedData, 0, `${what} SignedData version`), `${what} SignedData version`);
  const digestAlgorithms = expect(childAt(signedData, 1, 'digestAlgorithms'), TAG_SET, 'digestAlgorithms', what).children.map(algorithmOf);
  const encapsulated = expect(childAt(signedData, 2, 'encapContentInfo'), TAG_SEQUENCE, 'encapContentInfo', what);
  const eContentType = readOid(childAt(encapsulated, 0, 'eContentType'), 'eContentType');
  const eContent = readEContent(encapsulated, what);

  let index = 3;
  let certificates: Uint8Array[] = [];
  let crls: Uint8Array[] = [];

  if (signedData.children[index]?.tag === 0xa0) {
    certificates = signedData.children[index]!.children.map((node) => node.encoded);
    index++;
  }

  if (signedData.children[index]?.tag === 0xa1) {
    crls = signedData.children[index]!.children.map((node) => node.encoded);
    index++;
  }

  const signerInfosNode = expect(childAt(signedData, index, 'signerInfos'), TAG_SET, 'signerInfos', what);

  if (signedData.children.length !== index + 1) {
    throw new ChipError('SOD_INVALID', `${what}: SignedData has ${signedData.children.length - index - 1} unexpected objects after signerInfos`, { file: what, path: signedData.path });
  }

  const signerInfos = signerInfosNode.children.map((node) => parseSignerInfo(node, what));

  for (const signerInfo of signerInfos) {
    // RFC 5652 section 5.1: digestAlgorithms lists the digest of every signer.
    if (!digestAlgorithms.some((algorithm) => algorithm.oid === signerInfo.digestAlgorithm.oid)) {
      throw new ChipError('SOD_INVALID', `${what}: the signer's digest algorithm ${signerInfo.digestAlgorithm.oid} is not listed in SignedData digestAlgorithms`, { file: what, path: signedData.path });
    }
  }

  return { contentType, version, digestAlgorithms, eContentType, eContent, certificates, crls, signerInfos };
}

function readEContent(encapsulated: TlvNode, what: string): Uint8Array {
  const wrapper = encapsulated.children[1];

  if (wrapper === undefined) {
    throw new ChipError('SOD_INVALID', `${what}: encapContentInfo has no eContent (a detached signature); the signed content must be inside`, { file: what, path: encapsulated.path });
  }

  const octets = expect(wrapper, 0xa0, 'eContent [0]', what);
  const content = childAt(octets, 0, 'eContent OCTET STRING');

  if (content.tag === TAG_OCTET_STRING) {
    return content.value;
  }

  // BER allows a constructed OCTET STRING (24) whose segments join into the content.
  if (content.tag === 0x24) {
    return concatBytes(...content.children.map((segment) => expect(segment, TAG_OCTET_STRING, 'eContent segment', what).value));
  }

  throw new ChipError('SOD_INVALID', `${what}: eContent is tag ${tagToHex(content.tag)}, expected an OCTET STRING`, { file: what, path: content.path });
}

//   SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT OPTIONAL,
//     signatureAlgorithm, signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL }
// Read with the TLV parser: asn1js (under @peculiar/asn1-cms 2.11) takes about 3 ms per
// SignerInfo here, which alone would cap verification far below 1,000 per second.
function parseSignerInfo(node: TlvNode, what: string): CmsSignerInfo {
  expect(node, TAG_SEQUENCE, 'SignerInfo', what);
  const version = readSmallInteger(childAt(node, 0, 'SignerInfo version'), 'SignerInfo version');
  const sidNode = childAt(node, 1, 'SignerInfo sid');
  const digestAlgorithm = algorithmOf(childAt(node, 2, 'SignerInfo digestAlgorithm'));
  let index = 3;
  let attributesNode: TlvNode | undefined;

  if (node.children[index]?.tag === 0xa0) {
    attributesNode = node.children[index];
    index++;
  }

  const signatureAlgorithm = algorithmOf(childAt(node, index, 'SignerInfo signatureAlgorithm'));
  const signatureNode = expect(childAt(node, index + 1, 'SignerInfo signature'), TAG_OCTET_STRING, 'SignerInfo signature', what);
  const rest = node.children.slice(index + 2);

  if (rest.length > 1 || (rest[0] !== undefined && rest[0].tag !== 0xa1)) {
    throw new ChipError('SOD_INVALID', `${what}: SignerInfo at ${node.path} has unexpected objects after the signature`, { file: what, path: node.path });
  }

  // The signature covers the attributes with the universal SET tag, not the [0] tag (RFC 5652 section 5.4).
  const signedAttributes = attributesNode === undefined ? null : concatBytes(Uint8Array.of(TAG_SET), attributesNode.encoded.subarray(1));
  const sid = signerIdentifierOf(sidNode, what);
  // RFC 5652 section 5.3: version 1 goes with issuerAndSerialNumber, version 3 with subjectKeyIdentifier.
  const expectedVersion = 'subjectKeyIdentifier' in sid ? 3 : 1;

  if (version !== expectedVersion) {
    throw new ChipError('SOD_INVALID', `${what}: SignerInfo version is ${version}, expected ${expectedVersion} for its kind of signer identifier`, { file: what, path: node.path });
  }

  const info: CmsSignerInfo = { version, sid, digestAlgorithm, signedAttributes, signatureAlgorithm, signature: signatureNode.value };

  for (const attribute of attributesNode?.children ?? []) {
    expect(attribute, TAG_SEQUENCE, 'signed attribute', what);
    const type = readOid(childAt(attribute, 0, 'attribute type'), 'attribute type');
    const values = expect(childAt(attribute, 1, 'attribute values'), TAG_SET, 'attribute values', what).children;
    readAttribute(info, type, values, what);
  }

  return info;
}

/** SignerIdentifier: issuerAndSerialNumber SEQUENCE { Name, INTEGER } or subjectKeyIdentifier [0]. */
function signerIdentifierOf(node: TlvNode, what: string): CmsSignerInfo['sid'] {
  if (node.tag === 0x80) {
    return { subjectKeyIdentifier: node.value };
  }

  expect(node, TAG_SEQUENCE, 'SignerInfo issuerAndSerialNumber', what);
  const issuer = expect(childAt(node, 0, 'issuer'), TAG_SEQUENCE, 'issuer Name', what);
  const serialNumber = expect(childAt(node, 1, 'serialNumber'), 0x02, 'serialNumber', what);

  return { issuer: issuer.encoded, serialNumber: serialNumber.value };
}

function readAttribute(info: CmsSignerInfo, type: string, values: readonly TlvNode[], what: string): void {
  const single = () => {
    if (values.length !== 1) {
      throw new ChipError('SOD_INVALID', `${what}: signed attribute ${type} has ${values.length} values, expected one`, { file: what });
    }

    return values[0]!;
  };

  if (type === OID_MESSAGE_DIGEST_ATTRIBUTE) {
    info.messageDigest = expect(single(), TAG_OCTET_STRING, 'messageDigest attribute', what).value;
  } else if (type === OID_CONTENT_TYPE_ATTRIBUTE) {
    info.contentType = readOid(single(), 'contentType attribute');
  } else if (type === OID_SIGNING_TIME_ATTRIBUTE) {
    info.signingTime = readTime(single(), what);
  }
}

/** UTCTime (YYMMDDHHMMSSZ, years 1950-2049 per RFC 5280) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
function readTime(node: TlvNode, what: string): Date {
  const text = Buffer.from(node.value).toString('latin1');
  const match = node.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : node.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;

  if (match === null) {
    throw new ChipError('SOD_INVALID', `${what}: signingTime "${text.slice(0, 20)}" is not a UTCTime or GeneralizedTime in UTC`, { file: what, path: node.path });
  }

  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  let fullYear = year;

  if (node.tag === 0x17) {
    fullYear = year < 50 ? 2000 + year : 1900 + year;
  }

  return new Date(Date.UTC(fullYear, month - 1, day, hour, minute, second));
}

/** AlgorithmIdentifier; parameters must be absent or NULL except for RSASSA-PSS (RFC 4055, 5754, 5758). */
function algorithmOf(node: TlvNode): AlgorithmIdentifierValue {
  expect(node, TAG_SEQUENCE, 'AlgorithmIdentifier', 'AlgorithmIdentifier');
  const result: AlgorithmIdentifierValue = { oid: readOid(childAt(node, 0, 'algorithm'), 'algorithm') };
  const parameters = node.children[1];

  if (node.children.length > 2) {
    throw new ChipError('SOD_INVALID', `AlgorithmIdentifier at ${node.path} has ${node.children.length} elements, expected at most 2`, { path: node.path });
  }

  if (parameters === undefined) {
    return result;
  }

  const isNull = parameters.tag === 0x05 && parameters.value.length === 0;

  if (!isNull && result.oid !== OID_RSASSA_PSS) {
    throw new ChipError('SOD_INVALID', `AlgorithmIdentifier ${result.oid} at ${node.path} has parameters of tag ${tagToHex(parameters.tag)}, expected none or NULL`, { path: node.path });
  }

  result.parameters = parameters.encoded;
  return result;
}

function expect(node: TlvNode, tag: number, what: string, file: string): TlvNode {
  if (node.tag !== tag) {
    throw new ChipError('SOD_INVALID', `${file}: ${what} at ${node.path} has tag ${tagToHex(node.tag)}, expected ${tagToHex(tag)}`, { file, path: node.path });
  }

  return node;
}
