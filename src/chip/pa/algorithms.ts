// Digest and signature algorithm identifiers used in EF.SOD, document signer and CSCA
// certificates (ICAO Doc 9303 Part 12 section 4 and RFC 3279, 4055, 5758), mapped to the
// names node:crypto uses.
export type DigestName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export const DIGEST_OIDS: Readonly<Record<string, DigestName>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export const DIGEST_OID_BY_NAME: Readonly<Record<DigestName, string>> = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

/** Output length of each digest in bytes. */
export const DIGEST_LENGTH_BYTES: Readonly<Record<DigestName, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_MGF1 = '1.2.840.113549.1.1.8';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** PKCS#1 v1.5 signature OIDs (RFC 8017 appendix A.2.4) and their digests. */
export const RSA_PKCS1_SIGNATURE_OIDS: Readonly<Record<string, DigestName>> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** ECDSA signature OIDs (RFC 5758 section 3.2, RFC 3279) and their digests. */
export const ECDSA_SIGNATURE_OIDS: Readonly<Record<string, DigestName>> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

export const RSA_PKCS1_OID_BY_DIGEST: Readonly<Record<DigestName, string>> = invert(RSA_PKCS1_SIGNATURE_OIDS);
export const ECDSA_OID_BY_DIGEST: Readonly<Record<DigestName, string>> = invert(ECDSA_SIGNATURE_OIDS);

function invert(table: Readonly<Record<string, DigestName>>): Record<DigestName, string> {
  const result = {} as Record<DigestName, string>;

  for (const [oid, digest] of Object.entries(table)) {
    result[digest] = oid;
  }

  return result;
}

/** Brainpool curve OIDs (RFC 5639 section 4.1) as node:crypto names them. */
export const BRAINPOOL_CURVE_OIDS: Readonly<Record<string, string>> = {
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};
