// ICAO CSCA master lists (Doc 9303 Part 12 section 9): CMS SignedData whose eContent is
//   CscaMasterList ::= SEQUENCE { version CscaMasterListVersion (v0), certList SET OF Certificate }
// The list is signed by a master list signer, whose certificate a CSCA in the list issued.
import { createHash } from 'node:crypto';

import { ChipError } from '../errors.js';
import { equalBytes } from '../codec/bytes.js';
import { parseTlv } from '../codec/tlv.js';
import { childAt, expectDerTag, readSmallInteger, TAG_SEQUENCE, TAG_SET } from '../lds/der.js';
import { parseSignedData, type CmsSignerInfo } from '../lds/cms.js';
import { OID_CSCA_MASTER_LIST } from '../lds/oids.js';
import { DIGEST_OIDS } from './algorithms.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';
import { resolveSignatureAlgorithm, verifySignature } from './signature.js';

export interface MasterList {
  /** The CSCA certificates of the list, in their original DER. */
  certificates: Uint8Array[];
  /** The master list signer certificate whose signature was verified. */
  signer: ParsedCertificate;
}

/** Parses a master list and verifies its signature and its signer's certificate against a CSCA in the list. */
export function parseMasterList(bytes: Uint8Array, what = 'master list'): MasterList {
  try {
    return parse(bytes, what);
  } catch (error) {
    if (error instanceof ChipError && error.code === 'TRUST_STORE_INVALID') throw error;
    throw new ChipError('TRUST_STORE_INVALID', `${what}: ${(error as Error).message}`, {}, { cause: error });
  }
}

function parse(bytes: Uint8Array, what: string): MasterList {
  const signedData = parseSignedData(parseTlv(bytes, { pathPrefix: 'MasterList' }), what);

  if (signedData.eContentType !== OID_CSCA_MASTER_LIST) {
    throw new ChipError('TRUST_STORE_INVALID', `${what}: eContentType is ${signedData.eContentType}, expected id-icao-cscaMasterList (${OID_CSCA_MASTER_LIST})`);
  }

  const list = expectDerTag(parseTlv(signedData.eContent, { pathPrefix: 'CscaMasterList' }), TAG_SEQUENCE, 'CscaMasterList');
  const version = readSmallInteger(childAt(list, 0, 'CscaMasterList version'), 'CscaMasterList version');

  if (version !== 0) {
    throw new ChipError('TRUST_STORE_INVALID', `${what}: CscaMasterList version is ${version}, expected 0`);
  }

  const certificates = expectDerTag(childAt(list, 1, 'certList'), TAG_SET, 'certList').children.map((node) => node.encoded);
  const signerInfo = signedData.signerInfos[0];

  if (signerInfo === undefined || signedData.signerInfos.length !== 1) {
    throw new ChipError('TRUST_STORE_INVALID', `${what}: has ${signedData.signerInfos.length} SignerInfos, expected one`);
  }

  const signer = findSignerCertificate(signedData.certificates.map((der) => parseCertificate(der, `${what} signer certificate`)), signerInfo);

  if (signer === undefined) {
    throw new ChipError('TRUST_STORE_INVALID', `${what}: the signer certificate named by the SignerInfo is not in the list's certificates`);
  }

  verifyCmsSignature(signerInfo, signedData.eContent, signer, what);
  verifySignerIssuedByListedCsca(signer, certificates, what);

  return { certificates, signer };
}

/** Finds the certificate that a SignerInfo's sid names (issuer and serial number, or subject key identifier). */
export function findSignerCertificate(certificates: ParsedCertificate[], signerInfo: CmsSignerInfo): ParsedCertificate | undefined {
  const sid = signerInfo.sid;

  return certificates.find((certificate) => 'subjectKeyIdentifier' in sid
    ? certificate.subjectKeyIdentifier !== undefined && equalBytes(certificate.subjectKeyIdentifier, sid.subjectKeyIdentifier)
    : equalBytes(certificate.issuer, sid.issuer) && equalBytes(stripZeros(certificate.serialNumber), stripZeros(sid.serialNumber)));
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

function verifyCmsSignature(signerInfo: CmsSignerInfo, eContent: Uint8Array, signer: ParsedCertificate, what: string): void {
  const digest = DIGEST_OIDS[signerInfo.digestAlgorithm.oid];

  if (digest === undefined) {
    throw new ChipError('TRUST_STORE_INVALID', `${what}: digest algorithm ${signerInfo.digestAlgorithm.oid} is not supported`);
  }

  let signed = eContent;

  if (signerInfo.signedAttributes !== null) {
    const actual = createHash(digest).update(eContent).digest();

    if (signerInfo.messageDigest === undefined || !equalBytes(actual, signerInfo.messageDigest)) {
      throw new ChipError('TRUST_STORE_INVALID', `${what}: messageDigest attribute does not match the ${digest} hash of the list; the list was altered`);
    }

    signed = signerInfo.signedAttributes;
  }

  const algorithm = resolveSignatureAlgorithm(signerInfo.signatureAlgorithm, digest);

  if (!verifySignature(signed, signerInfo.signature, signer.publicKey, algorithm)) {
    throw new ChipError('TRUST_STORE_INVALID', `${what}: the signature does not verify with the signer certificate (${signer.subjectText})`);
  }
}

function verifySignerIssuedByListedCsca(signer: ParsedCertificate, certificates: Uint8Array[], what: string): void {
  const algorithm = resolveSignatureAlgorithm(signer.signatureAlgorithm);

  for (const der of certificates) {
    const csca = parseCertificate(der, `${what} CSCA`);

    const named = equalBytes(csca.subject, signer.issuer);
    const identified = csca.subjectKeyIdentifier !== undefined && signer.authorityKeyIdentifier !== undefined
      && equalBytes(csca.subjectKeyIdentifier, signer.authorityKeyIdentifier);

    if ((named || identified) && verifySignature(signer.tbs, signer.signature, csca.publicKey, algorithm)) {
      return;
    }
  }

  throw new ChipError('TRUST_STORE_INVALID', `${what}: no CSCA in the list issued the signer certificate (${signer.subjectText}, issuer ${signer.issuerText})`);
}
