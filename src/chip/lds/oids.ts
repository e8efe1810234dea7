// Object identifiers of ICAO Doc 9303 Part 10 and Part 11 section 9.2 and of BSI TR-03110
// (the protocols listed in EF.CardAccess and DG14).

/** id-icao-mrtd-security-ldsSecurityObject (Doc 9303 Part 10 section 4.6.2). */
export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
/** id-icao-cscaMasterList (Doc 9303 Part 12 section 9). */
export const OID_CSCA_MASTER_LIST = '2.23.136.1.1.2';
/** id-icao-mrtd-security-aaProtocolObject (Doc 9303 Part 11 section 6.1). */
export const OID_ACTIVE_AUTHENTICATION = '2.23.136.1.1.5';
/** id-data (RFC 5652 section 4), which some SODs wrongly give as eContentType. */
export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE_ATTRIBUTE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST_ATTRIBUTE = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME_ATTRIBUTE = '1.2.840.113549.1.9.5';

const BSI_PROTOCOLS = '0.4.0.127.0.7.2.2';
export const OID_PK_DH = `${BSI_PROTOCOLS}.1.1`;
export const OID_PK_ECDH = `${BSI_PROTOCOLS}.1.2`;
export const OID_TA = `${BSI_PROTOCOLS}.2`;
export const OID_CA = `${BSI_PROTOCOLS}.3`;
export const OID_PACE = `${BSI_PROTOCOLS}.4`;

/** Cipher of a CA or PACE protocol OID, from its last arc (TR-03110-3 appendix A.1.1). */
export type ProtocolCipher = '3DES-CBC-CBC' | 'AES-CBC-CMAC-128' | 'AES-CBC-CMAC-192' | 'AES-CBC-CMAC-256';

const CIPHER_BY_ARC: Readonly<Record<string, ProtocolCipher>> = {
  '1': '3DES-CBC-CBC',
  '2': 'AES-CBC-CMAC-128',
  '3': 'AES-CBC-CMAC-192',
  '4': 'AES-CBC-CMAC-256',
};

const PACE_MAPPING_BY_ARC: Readonly<Record<string, string>> = {
  '1': 'DH-GM',
  '2': 'ECDH-GM',
  '3': 'DH-IM',
  '4': 'ECDH-IM',
  '6': 'ECDH-CAM',
};

const CA_AGREEMENT_BY_ARC: Readonly<Record<string, string>> = {
  '1': 'DH',
  '2': 'ECDH',
};

export interface ProtocolName {
  /** Key agreement and mapping, e.g. `ECDH-GM` for PACE or `ECDH` for CA. */
  agreement: string;
  cipher: ProtocolCipher;
  /** Name as in the specifications, e.g. `id-PACE-ECDH-GM-AES-CBC-CMAC-128`. */
  name: string;
}

/** Splits a PACE protocol OID into mapping and cipher, or null for another OID. */
export function describePaceProtocol(oid: string): ProtocolName | null {
  return describe(oid, OID_PACE, PACE_MAPPING_BY_ARC, 'id-PACE');
}

/** Splits a CA protocol OID into key agreement and cipher, or null for another OID. */
export function describeCaProtocol(oid: string): ProtocolName | null {
  return describe(oid, OID_CA, CA_AGREEMENT_BY_ARC, 'id-CA');
}

function describe(oid: string, prefix: string, agreements: Readonly<Record<string, string>>, label: string): ProtocolName | null {
  if (!oid.startsWith(`${prefix}.`)) {
    return null;
  }

  const [agreementArc, cipherArc, ...rest] = oid.slice(prefix.length + 1).split('.');
  const agreement = agreements[agreementArc ?? ''];
  const cipher = CIPHER_BY_ARC[cipherArc ?? ''];

  if (agreement === undefined || cipher === undefined || rest.length > 0) {
    return null;
  }

  return { agreement, cipher, name: `${label}-${agreement}-${cipher}` };
}

/** Standardized domain parameter ids of PACE (TR-03110-3 table 4, Doc 9303 Part 11 table 6). */
export const STANDARDIZED_DOMAIN_PARAMETERS: Readonly<Record<number, string>> = {
  0: '1024-bit MODP group with 160-bit prime order subgroup',
  1: '2048-bit MODP group with 224-bit prime order subgroup',
  2: '2048-bit MODP group with 256-bit prime order subgroup',
  8: 'secp192r1 (NIST P-192)',
  9: 'brainpoolP192r1',
  10: 'secp224r1 (NIST P-224)',
  11: 'brainpoolP224r1',
  12: 'prime256v1 (NIST P-256)',
  13: 'brainpoolP256r1',
  14: 'brainpoolP320r1',
  15: 'secp384r1 (NIST P-384)',
  16: 'brainpoolP384r1',
  17: 'brainpoolP512r1',
  18: 'secp521r1 (NIST P-521)',
};
