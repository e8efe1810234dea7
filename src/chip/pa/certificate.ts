// An X.509 certificate as passive authentication needs it: the original TBS bytes and
// signature, names as DER for exact matching, validity, key identifiers and the public key.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier, BasicConstraints, Certificate, SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier, id_ce_basicConstraints, id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';

import { ChipError } from '../errors.js';
import { toHex } from '../codec/bytes.js';
import { parseTlv } from '../codec/tlv.js';
import { childAt } from '../lds/der.js';
import type { AlgorithmIdentifierValue } from '../lds/cms.js';

export interface ParsedCertificate {
  /** Certificate DER as given. */
  encoded: Uint8Array;
  /** SHA-256 of the DER in hex: the cache key and a stable identifier. */
  fingerprint: string;
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifierValue;
  signature: Uint8Array;
  serialNumber: Uint8Array;
  /** Issuer and subject Name DER as encoded in the certificate. */
  issuer: Uint8Array;
  subject: Uint8Array;
  /** Distinguished names as text, for reports. */
  issuerText: string;
  subjectText: string;
  notBefore: Date;
  notAfter: Date;
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  certificateAuthority: boolean;
  /** SubjectPublicKeyInfo DER. */
  publicKeyInfo: Uint8Array;
  publicKey: KeyObject;
}

/** Parses a DER certificate; explicit brainpool parameters load as the named curve. */
export function parseCertificate(der: Uint8Array, what = 'certificate'): ParsedCertificate {
  try {
    return parse(der);
  } catch (error) {
    if (error instanceof ChipError) throw error;
    throw new ChipError('ASN1_INVALID', `${what} cannot be parsed as an X.509 certificate: ${(error as Error).message}`, {}, { cause: error });
  }
}

function parse(der: Uint8Array): ParsedCertificate {
  const root = parseTlv(der, { pathPrefix: 'Certificate' });
  const tbsNode = childAt(root, 0, 'tbsCertificate');
  const algorithmNode = childAt(root, 1, 'signatureAlgorithm');
  const signatureNode = childAt(root, 2, 'signatureValue');

  // RFC 5280 section 4.1: Certificate, tbsCertificate and signatureAlgorithm are SEQUENCEs. The
  // schema decoder below accepts any constructed tag there, and the outer two are not signed.
  for (const node of [root, tbsNode, algorithmNode]) {
    if (node.tag !== 0x30) {
      throw new ChipError('ASN1_INVALID', `certificate ${node.path} has tag 0x${node.tag.toString(16)}, not SEQUENCE (0x30)`, { path: node.path });
    }
  }

  if (root.children.length !== 3) {
    throw new ChipError('ASN1_INVALID', `certificate has ${root.children.length} top-level elements, not 3`, { path: root.path });
  }

  if (signatureNode.tag !== 0x03 || signatureNode.value[0] !== 0) {
    throw new ChipError('ASN1_INVALID', 'certificate signatureValue is not a BIT STRING without unused bits', { path: signatureNode.path });
  }

  const decoded = AsnConvert.parse(der, Certificate);
  const tbs = decoded.tbsCertificate;
  // tbsCertificate children: [0] version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
  const offset = tbsNode.children[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = childAt(tbsNode, offset + 2, 'issuer').encoded;
  const subject = childAt(tbsNode, offset + 4, 'subject').encoded;
  const publicKeyInfo = childAt(tbsNode, offset + 5, 'subjectPublicKeyInfo').encoded;

  const algorithm: AlgorithmIdentifierValue = { oid: decoded.signatureAlgorithm.algorithm };
  const parameters = algorithmNode.children[1];
  if (parameters !== undefined) algorithm.parameters = parameters.encoded;

  const result: ParsedCertificate = {
    encoded: der,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    tbs: tbsNode.encoded,
    signatureAlgorithm: algorithm,
    signature: signatureNode.value.subarray(1),
    serialNumber: new Uint8Array(tbs.serialNumber),
    issuer,
    subject,
    issuerText: nameText(tbs.issuer),
    subjectText: nameText(tbs.subject),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    certificateAuthority: false,
    publicKeyInfo,
    publicKey: createPublicKey({ key: Buffer.from(publicKeyInfo), format: 'der', type: 'spki' }),
  };

  for (const extension of tbs.extensions ?? []) {
    const value = extension.extnValue.buffer;

    if (extension.extnID === id_ce_subjectKeyIdentifier) {
      result.subjectKeyIdentifier = new Uint8Array(AsnConvert.parse(value, SubjectKeyIdentifier).buffer);
    } else if (extension.extnID === id_ce_authorityKeyIdentifier) {
      const identifier = AsnConvert.parse(value, AuthorityKeyIdentifier).keyIdentifier;
      if (identifier !== undefined) result.authorityKeyIdentifier = new Uint8Array(identifier.buffer);
    } else if (extension.extnID === id_ce_basicConstraints) {
      result.certificateAuthority = AsnConvert.parse(value, BasicConstraints).cA;
    }
  }

  return result;
}

const NAME_LABELS: Readonly<Record<string, string>> = {
  '2.5.4.6': 'C',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
};

function nameText(name: Certificate['tbsCertificate']['subject']): string {
  return name
    .map((rdn) => rdn.map((attribute) => `${NAME_LABELS[attribute.type] ?? attribute.type}=${attribute.value.toString()}`).join('+'))
    .join(', ');
}

/** Serial number in hex, for reports. */
export function serialNumberHex(certificate: ParsedCertificate): string {
  return toHex(certificate.serialNumber);
}

/** True when `at` lies within the certificate's validity (inclusive). */
export function isValidAt(certificate: ParsedCertificate, at: Date): boolean {
  return at.getTime() >= certificate.notBefore.getTime() && at.getTime() <= certificate.notAfter.getTime();
}
