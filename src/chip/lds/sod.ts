// EF.SOD (ICAO Doc 9303 Part 10 section 4.6.2): tag 77 around a CMS SignedData whose
// eContent is the LDSSecurityObject, the list of data group hashes.
//
//   LDSSecurityObject ::= SEQUENCE {
//     version LDSSecurityObjectVersion,            -- v0(0), v1(1) with ldsVersionInfo
//     hashAlgorithm DigestAlgorithmIdentifier,
//     dataGroupHashValues SEQUENCE SIZE (2..16) OF DataGroupHash,
//     ldsVersionInfo LDSVersionInfo OPTIONAL }
import { ChipError } from '../errors.js';
import { parseTlv, type TlvNode } from '../codec/tlv.js';
import { childAt, expectDerTag, readOid, readSmallInteger, readString, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE } from './der.js';
import { parseFile } from './file-tags.js';
import { parseSignedData, type CmsSignedData } from './cms.js';
import { OID_DATA, OID_LDS_SECURITY_OBJECT } from './oids.js';
import { DIGEST_OIDS, type DigestName } from '../pa/algorithms.js';

export interface LdsSecurityObject {
  version: number;
  hashAlgorithm: { oid: string; name: DigestName | null };
  /** Hash of each data group by its number, in the stored order. */
  dataGroupHashes: Map<number, Uint8Array>;
  ldsVersion?: string;
  unicodeVersion?: string;
}

export interface Sod {
  signedData: CmsSignedData;
  ldsSecurityObject: LdsSecurityObject;
  /** True when eContentType was id-data and the caller allowed that quirk. */
  idDataContentType: boolean;
}

export interface SodParseOptions {
  /** Accept id-data as eContentType (seen on some documents). Default false. */
  allowIdDataContentType?: boolean;
}

/** SignedData version that Doc 9303 Part 10 section 4.6.2.2 requires. */
const SIGNED_DATA_VERSION = 3;

/** Parses EF.SOD with the strict checks of Doc 9303: content types, versions, no trailing bytes. */
export function parseSod(bytes: Uint8Array, options: SodParseOptions = {}): Sod {
  const root = parseFile(bytes, 'EF.SOD');

  if (root.children.length !== 1) {
    throw new ChipError('SOD_INVALID', `EF.SOD contains ${root.children.length} objects inside tag 77, expected one ContentInfo`, { file: 'EF.SOD' });
  }

  const signedData = parseSignedData(root.children[0]!, 'EF.SOD');

  if (signedData.version !== SIGNED_DATA_VERSION) {
    throw new ChipError('SOD_INVALID', `EF.SOD: SignedData version is ${signedData.version}, expected ${SIGNED_DATA_VERSION}`, { file: 'EF.SOD' });
  }

  const idData = signedData.eContentType === OID_DATA;

  if (signedData.eContentType !== OID_LDS_SECURITY_OBJECT && !(idData && options.allowIdDataContentType === true)) {
    throw new ChipError(
      'SOD_INVALID',
      `EF.SOD: eContentType is ${signedData.eContentType}, expected id-icao-mrtd-security-ldsSecurityObject (${OID_LDS_SECURITY_OBJECT})` +
        (idData ? '; id-data is accepted only with allowIdDataContentType' : ''),
      { file: 'EF.SOD' },
    );
  }

  if (signedData.signerInfos.length !== 1) {
    // NOTE: Doc 9303 recommends one SignerInfo; SODs with several are rejected rather than guessed at.
    throw new ChipError('SOD_INVALID', `EF.SOD has ${signedData.signerInfos.length} SignerInfos, expected exactly one`, { file: 'EF.SOD' });
  }

  return { signedData, ldsSecurityObject: parseLdsSecurityObject(signedData.eContent), idDataContentType: idData };
}

/** Parses the DER LDSSecurityObject (the SOD's eContent). */
export function parseLdsSecurityObject(bytes: Uint8Array): LdsSecurityObject {
  const root = expectDerTag(parseTlv(bytes, { pathPrefix: 'LDSSecurityObject' }), TAG_SEQUENCE, 'LDSSecurityObject');
  const version = readSmallInteger(childAt(root, 0, 'LDSSecurityObject version'), 'LDSSecurityObject version');

  if (version !== 0 && version !== 1) {
    throw new ChipError('SOD_INVALID', `LDSSecurityObject version is ${version}, expected 0 or 1`, { file: 'EF.SOD', path: root.path });
  }

  const algorithm = expectDerTag(childAt(root, 1, 'hashAlgorithm'), TAG_SEQUENCE, 'LDSSecurityObject hashAlgorithm');
  const oid = readOid(childAt(algorithm, 0, 'hashAlgorithm OID'), 'hashAlgorithm');
  const list = expectDerTag(childAt(root, 2, 'dataGroupHashValues'), TAG_SEQUENCE, 'dataGroupHashValues');
  const dataGroupHashes = new Map<number, Uint8Array>();

  for (const entry of list.children) {
    const [number, hash] = readDataGroupHash(entry);

    if (dataGroupHashes.has(number)) {
      throw new ChipError('SOD_INVALID', `LDSSecurityObject lists DG${number} twice`, { file: 'EF.SOD', path: entry.path });
    }

    dataGroupHashes.set(number, hash);
  }

  const result: LdsSecurityObject = { version, hashAlgorithm: { oid, name: DIGEST_OIDS[oid] ?? null }, dataGroupHashes };
  const versionInfo = root.children[3];

  if (version === 1 && versionInfo === undefined) {
    throw new ChipError('SOD_INVALID', 'LDSSecurityObject version 1 has no ldsVersionInfo', { file: 'EF.SOD', path: root.path });
  }

  if (versionInfo !== undefined) {
    if (version === 0) {
      throw new ChipError('SOD_INVALID', 'LDSSecurityObject version 0 must not carry ldsVersionInfo', { file: 'EF.SOD', path: versionInfo.path });
    }

    expectDerTag(versionInfo, TAG_SEQUENCE, 'ldsVersionInfo');
    result.ldsVersion = readString(childAt(versionInfo, 0, 'ldsVersion'), 'ldsVersion');
    result.unicodeVersion = readString(childAt(versionInfo, 1, 'unicodeVersion'), 'unicodeVersion');
  }

  if (root.children.length > 4) {
    throw new ChipError('SOD_INVALID', `LDSSecurityObject has ${root.children.length} elements, expected at most 4`, { file: 'EF.SOD', path: root.path });
  }

  return result;
}

function readDataGroupHash(entry: TlvNode): [number, Uint8Array] {
  expectDerTag(entry, TAG_SEQUENCE, 'DataGroupHash');
  const number = readSmallInteger(expectDerTag(childAt(entry, 0, 'dataGroupNumber'), TAG_INTEGER, 'dataGroupNumber'), 'dataGroupNumber');
  const hash = expectDerTag(childAt(entry, 1, 'dataGroupHashValue'), TAG_OCTET_STRING, 'dataGroupHashValue').value;

  if (number < 1 || number > 16 || entry.children.length !== 2) {
    throw new ChipError('SOD_INVALID', `DataGroupHash at ${entry.path}: data group number ${number} is outside 1..16 or the entry has extra fields`, { file: 'EF.SOD', path: entry.path });
  }

  return [number, hash];
}
