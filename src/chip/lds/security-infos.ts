// SecurityInfos of EF.CardAccess and DG14 (ICAO Doc 9303 Part 11 section 9.2, BSI TR-03110-3
// appendix A.1): SecurityInfos ::= SET OF SecurityInfo, each a SEQUENCE that starts with the
// protocol OID. Known kinds are decoded; every other SecurityInfo is kept with its raw bytes.
import { ChipError } from '../errors.js';
import { parseTlv, type TlvNode } from '../codec/tlv.js';
import { childAt, expectDerTag, readOid, readSmallInteger, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE, TAG_SET } from './der.js';
import {
  OID_ACTIVE_AUTHENTICATION, OID_PK_DH, OID_PK_ECDH, OID_TA, describeCaProtocol, describePaceProtocol, type ProtocolName,
} from './oids.js';

export interface PaceInfo {
  kind: 'PACEInfo';
  protocol: string;
  protocolName: ProtocolName;
  version: number;
  /** Standardized domain parameter id (e.g. 13 = brainpoolP256r1), when given. */
  parameterId?: number;
  encoded: Uint8Array;
}

export interface ChipAuthenticationInfo {
  kind: 'ChipAuthenticationInfo';
  protocol: string;
  protocolName: ProtocolName;
  version: number;
  keyId?: number;
  encoded: Uint8Array;
}

export interface ChipAuthenticationPublicKeyInfo {
  kind: 'ChipAuthenticationPublicKeyInfo';
  /** id-PK-DH or id-PK-ECDH. */
  protocol: string;
  /** SubjectPublicKeyInfo DER of the chip's static key. */
  publicKeyInfo: Uint8Array;
  keyId?: number;
  encoded: Uint8Array;
}

export interface ActiveAuthenticationInfo {
  kind: 'ActiveAuthenticationInfo';
  protocol: string;
  version: number;
  /** Signature algorithm OID of ECDSA active authentication, e.g. ecdsa-plain-SHA256. */
  signatureAlgorithm: string;
  encoded: Uint8Array;
}

export interface TerminalAuthenticationInfo {
  kind: 'TerminalAuthenticationInfo';
  protocol: string;
  version: number;
  /** File identifier of EF.CVCA (an OCTET STRING), when given. */
  efCvca?: Uint8Array;
  encoded: Uint8Array;
}

/** A SecurityInfo of a protocol this parser does not decode (e.g. PACEDomainParameterInfo). */
export interface UnknownSecurityInfo {
  kind: 'unknown';
  protocol: string;
  encoded: Uint8Array;
}

export type SecurityInfo =
  | PaceInfo
  | ChipAuthenticationInfo
  | ChipAuthenticationPublicKeyInfo
  | ActiveAuthenticationInfo
  | TerminalAuthenticationInfo
  | UnknownSecurityInfo;

/** Parses DER SecurityInfos (a SET, tag 31), e.g. the whole of EF.CardAccess. */
export function parseSecurityInfos(bytes: Uint8Array, file = 'SecurityInfos'): SecurityInfo[] {
  const set = parseTlv(bytes, { pathPrefix: file });
  return securityInfosOfNode(set, file);
}

/** Decodes the SecurityInfos of an already parsed SET node. */
export function securityInfosOfNode(set: TlvNode, file: string): SecurityInfo[] {
  expectDerTag(set, TAG_SET, `${file} SecurityInfos`);
  return set.children.map((node) => parseSecurityInfo(node));
}

function parseSecurityInfo(node: TlvNode): SecurityInfo {
  expectDerTag(node, TAG_SEQUENCE, 'SecurityInfo');
  const protocol = readOid(childAt(node, 0, 'SecurityInfo protocol'), 'SecurityInfo protocol');
  const encoded = node.encoded;

  const pace = describePaceProtocol(protocol);

  if (pace !== null) {
    const parameter = optionalInteger(node, 2, 'PACEInfo parameterId');
    return withOptional({ kind: 'PACEInfo', protocol, protocolName: pace, version: version(node, 'PACEInfo'), encoded }, 'parameterId', parameter);
  }

  const ca = describeCaProtocol(protocol);

  if (ca !== null) {
    const keyId = optionalInteger(node, 2, 'ChipAuthenticationInfo keyId');
    return withOptional({ kind: 'ChipAuthenticationInfo', protocol, protocolName: ca, version: version(node, 'ChipAuthenticationInfo'), encoded }, 'keyId', keyId);
  }

  if (protocol === OID_PK_DH || protocol === OID_PK_ECDH) {
    const key = expectDerTag(childAt(node, 1, 'chipAuthenticationPublicKey'), TAG_SEQUENCE, 'chipAuthenticationPublicKey');
    const keyId = optionalInteger(node, 2, 'ChipAuthenticationPublicKeyInfo keyId');
    return withOptional({ kind: 'ChipAuthenticationPublicKeyInfo', protocol, publicKeyInfo: key.encoded, encoded }, 'keyId', keyId);
  }

  if (protocol === OID_ACTIVE_AUTHENTICATION) {
    const signatureAlgorithm = readOid(childAt(node, 2, 'ActiveAuthenticationInfo signatureAlgorithm'), 'ActiveAuthenticationInfo signatureAlgorithm');
    return { kind: 'ActiveAuthenticationInfo', protocol, version: version(node, 'ActiveAuthenticationInfo'), signatureAlgorithm, encoded };
  }

  if (protocol === OID_TA) {
    const info: TerminalAuthenticationInfo = { kind: 'TerminalAuthenticationInfo', protocol, version: version(node, 'TerminalAuthenticationInfo'), encoded };
    const efCvca = node.children[2];

    if (efCvca !== undefined) {
      info.efCvca = expectDerTag(efCvca, TAG_OCTET_STRING, 'TerminalAuthenticationInfo efCVCA').value;
    }

    return info;
  }

  return { kind: 'unknown', protocol, encoded };
}

function version(node: TlvNode, what: string): number {
  return readSmallInteger(childAt(node, 1, `${what} version`), `${what} version`);
}

function optionalInteger(node: TlvNode, index: number, what: string): number | undefined {
  const child = node.children[index];

  if (child === undefined) {
    return undefined;
  }

  if (child.tag !== TAG_INTEGER) {
    throw new ChipError('ASN1_INVALID', `${what} at ${child.path}: expected an INTEGER`, { path: child.path });
  }

  return readSmallInteger(child, what);
}

function withOptional<T extends object, K extends string>(info: T, key: K, value: number | undefined): T {
  if (value !== undefined) {
    (info as Record<string, unknown>)[key] = value;
  }

  return info;
}
