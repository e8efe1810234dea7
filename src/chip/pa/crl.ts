// Certificate revocation lists (RFC 5280 section 5) issued by a CSCA: parsed once when loaded,
// with their signature checked against the issuing CSCA, then looked up by serial number.
import { AsnConvert } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';

import { ChipError } from '../errors.js';
import { equalBytes, toHex } from '../codec/bytes.js';
import { parseTlv } from '../codec/tlv.js';
import { childAt } from '../lds/der.js';
import type { ParsedCertificate } from './certificate.js';
import { resolveSignatureAlgorithm, verifySignature } from './signature.js';

export interface ParsedCrl {
  encoded: Uint8Array;
  /** Issuer Name DER, matched against CSCA subjects. */
  issuer: Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** Revoked serial numbers in upper-case hex, with their revocation dates. */
  revoked: Map<string, Date>;
  /** The CSCA whose key verified the CRL's signature. */
  verifiedBy: ParsedCertificate;
}

/** Parses a DER CRL and verifies its signature with one of `candidates` (CSCAs with the issuer's name). */
export function parseCrl(der: Uint8Array, candidates: (issuer: Uint8Array) => ParsedCertificate[], what = 'CRL'): ParsedCrl {
  let list: CertificateList;
  const root = parseTlv(der, { pathPrefix: 'CertificateList' });
  const tbsNode = childAt(root, 0, 'tbsCertList');

  try {
    list = AsnConvert.parse(der, CertificateList);
  } catch (error) {
    throw new ChipError('TRUST_STORE_INVALID', `${what} is not an X.509 CRL: ${(error as Error).message}`, {}, { cause: error });
  }

  // tbsCertList: version (optional INTEGER), signature, issuer, thisUpdate, ...
  const offset = tbsNode.children[0]?.tag === 0x02 ? 1 : 0;
  const issuer = childAt(tbsNode, offset + 1, 'CRL issuer').encoded;
  const signatureNode = childAt(root, 2, 'CRL signature');
  const algorithmNode = childAt(root, 1, 'CRL signatureAlgorithm');
  const parameters = algorithmNode.children[1];
  const algorithm = resolveSignatureAlgorithm(parameters === undefined
    ? { oid: list.signatureAlgorithm.algorithm }
    : { oid: list.signatureAlgorithm.algorithm, parameters: parameters.encoded });
  const signature = signatureNode.value.subarray(1);

  const verifiedBy = candidates(issuer).find((csca) => verifySignature(tbsNode.encoded, signature, csca.publicKey, algorithm));

  if (verifiedBy === undefined) {
    throw new ChipError('TRUST_STORE_INVALID', `${what}: no loaded CSCA with the CRL's issuer name verifies its signature; load the issuing CSCA first`);
  }

  const revoked = new Map<string, Date>();

  for (const entry of list.tbsCertList.revokedCertificates ?? []) {
    revoked.set(toHex(new Uint8Array(entry.userCertificate)), entry.revocationDate.getTime());
  }

  const result: ParsedCrl = { encoded: der, issuer, thisUpdate: list.tbsCertList.thisUpdate.getTime(), revoked, verifiedBy };
  const nextUpdate = list.tbsCertList.nextUpdate?.getTime();
  if (nextUpdate !== undefined) result.nextUpdate = nextUpdate;

  return result;
}

/** True when the CRL was issued under the same name as the certificate's issuer. */
export function crlCovers(crl: ParsedCrl, certificate: ParsedCertificate): boolean {
  return equalBytes(crl.issuer, certificate.issuer);
}
