// CMS SignedData (RFC 5652 section 5) as EF.SOD and ICAO master lists carry it. The structure
// is walked with the strict TLV parser so that every byte range that is hashed or verified
// (eContent, signed attributes, certificates) is the original encoding; @peculiar/asn1-cms
// decodes the SignerInfo fields.
import { AsnConvert } from '@peculiar/asn1-schema';
import { SignerInfo as AsnSignerInfo } from '@peculiar/asn1-cms';
import { Time } from '@peculiar/asn1-x509';

import { ChipError } from '../errors.js';
import { concatBytes } from '../codec/bytes.js';
import { parseTlv, tagToHex, type TlvNode } from '../codec/tlv.js';
import { childAt, readOid, readSmallInteger, TAG_OCTET_STRING, TAG_SEQUENCE, TAG_SET } from './der.js';
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
    throw new ChipError('SOD_INVALID', `${what}: [0] content holds ${explicit.children.length} objects, expected one SignedData`, { file: what, path: explicit.path });
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

function parseSignerInfo(node: TlvNode, what: string): CmsSignerInfo {
  expect(node, TAG_SEQUENCE, 'SignerInfo', what);
  let decoded: AsnSignerInfo;

  try {
    decoded = AsnConvert.parse(node.encoded, AsnSignerInfo);
  } catch (error) {
    throw new ChipError('SOD_INVALID', `${what}: SignerInfo at ${node.path} does not match RFC 5652: ${(error as Error).message}`, { file: what, path: node.path }, { cause: error });
  }

  const attributesNode = node.children.find((child) => child.tag === 0xa0);
  // The signature covers the attributes with the universal SET tag, not the [0] tag (RFC 5652 section 5.4).
  const signedAttributes = attributesNode === undefined ? null : concatBytes(Uint8Array.of(TAG_SET), attributesNode.encoded.subarray(1));
  const signatureNode = node.children.find((child, position) => child.tag === TAG_OCTET_STRING && position >= 3);

  if (signatureNode === undefined) {
    throw new ChipError('SOD_INVALID', `${what}: SignerInfo at ${node.path} has no signature`, { file: what, path: node.path });
  }

  const sid = decoded.sid.issuerAndSerialNumber !== undefined
    ? { issuer: new Uint8Array(AsnConvert.serialize(decoded.sid.issuerAndSerialNumber.issuer)), serialNumber: new Uint8Array(decoded.sid.issuerAndSerialNumber.serialNumber) }
    : { subjectKeyIdentifier: new Uint8Array(decoded.sid.subjectKeyIdentifier!.buffer) };

  const info: CmsSignerInfo = {
    version: decoded.version,
    sid,
    digestAlgorithm: algorithmOfAsn(decoded.digestAlgorithm),
    signedAttributes,
    signatureAlgorithm: algorithmOfAsn(decoded.signatureAlgorithm),
    signature: signatureNode.value,
  };

  for (const attribute of decoded.signedAttrs ?? []) {
    readAttribute(info, attribute.attrType, attribute.attrValues, what);
  }

  return info;
}

function readAttribute(info: CmsSignerInfo, type: string, values: ArrayBuffer[], what: string): void {
  const single = () => {
    if (values.length !== 1) {
      throw new ChipError('SOD_INVALID', `${what}: signed attribute ${type} has ${values.length} values, expected one`, { file: what });
    }

    return new Uint8Array(values[0]!);
  };

  if (type === OID_MESSAGE_DIGEST_ATTRIBUTE) {
    const value = parseTlv(single(), { pathPrefix: `${what} messageDigest` });

    if (value.tag !== TAG_OCTET_STRING) {
      throw new ChipError('SOD_INVALID', `${what}: messageDigest attribute is tag ${tagToHex(value.tag)}, expected an OCTET STRING`, { file: what });
    }

    info.messageDigest = value.value;
  } else if (type === OID_CONTENT_TYPE_ATTRIBUTE) {
    info.contentType = readOid(parseTlv(single(), { pathPrefix: `${what} contentType` }), 'contentType attribute');
  } else if (type === OID_SIGNING_TIME_ATTRIBUTE) {
    info.signingTime = AsnConvert.parse(single(), Time).getTime();
  }
}

function algorithmOf(node: TlvNode): AlgorithmIdentifierValue {
  expect(node, TAG_SEQUENCE, 'AlgorithmIdentifier', 'AlgorithmIdentifier');
  const result: AlgorithmIdentifierValue = { oid: readOid(childAt(node, 0, 'algorithm'), 'algorithm') };
  const parameters = node.children[1];

  if (parameters !== undefined) result.parameters = parameters.encoded;
  return result;
}

function algorithmOfAsn(algorithm: { algorithm: string; parameters?: ArrayBuffer | null }): AlgorithmIdentifierValue {
  const result: AlgorithmIdentifierValue = { oid: algorithm.algorithm };

  if (algorithm.parameters !== undefined && algorithm.parameters !== null) {
    result.parameters = new Uint8Array(algorithm.parameters);
  }

  return result;
}

function expect(node: TlvNode, tag: number, what: string, file: string): TlvNode {
  if (node.tag !== tag) {
    throw new ChipError('SOD_INVALID', `${file}: ${what} at ${node.path} has tag ${tagToHex(node.tag)}, expected ${tagToHex(tag)}`, { file, path: node.path });
  }

  return node;
}
