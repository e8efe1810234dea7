// Server-side verification of a card dump: parse every file, run passive authentication over
// the raw bytes, verify active authentication over the nonce the caller chose, and return one
// report with the holder's data, the face image and every check.
import type { CardDump, DumpFileName } from './dump.js';
import { parseMrz, type MrzResult } from './mrz/index.js';
import { parseDg1 } from './lds/dg1.js';
import { parseDg2, type FaceImage } from './lds/dg2.js';
import { parseDg13, type Dg13 } from './lds/dg13.js';
import { parseCardAccess, parseDg14 } from './lds/dg14.js';
import { parseDg15, type Dg15 } from './lds/dg15.js';
import { parseEfCom } from './lds/ef-com.js';
import { faceImageForBrowser, type BrowserImage } from './lds/face-image.js';
import type { SecurityInfo } from './lds/security-infos.js';
import { passiveAuthentication } from './pa/passive-authentication.js';
import { allChecksPassed, runCheck, type CertificateSummary, type VerificationCheck } from './pa/report.js';
import type { TrustStore } from './pa/trust-store.js';
import { equalBytes } from './codec/bytes.js';
import { verifyActiveAuthentication } from './aa/index.js';

export interface CardVerificationOptions {
  trustStore: TrustStore;
  /** Time at which certificates must be valid, normally now. */
  at: Date;
  /**
   * Active authentication over the nonce the verifier chose. The signature defaults to the
   * dump's; a dump whose recorded nonce differs from `nonce` fails as a replay.
   */
  activeAuthentication?: { nonce: Uint8Array; signature?: Uint8Array };
  /** Data groups that must be present and hashed. Default [1, 2]; DG15 is added when AA is requested. */
  requiredDataGroups?: number[];
  allowIdDataContentType?: boolean;
  /** Convert a JPEG 2000 face image to PNG for browsers. Default true. */
  convertFaceImage?: boolean;
}

/** The holder's data, from DG13 where present and DG1 otherwise. Text is in Unicode NFC. */
export interface PersonData {
  idNumber: string | null;
  fullName: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** YYYY-MM-DD; null when the card does not expire or the date is unknown. */
  expiryDate: string | null;
  noExpiry: boolean;
  documentNumber: string | null;
  nationality: string | null;
  /** Files the values came from. */
  source: 'DG13' | 'DG1' | 'DG13+DG1';
}

export interface CardVerificationReport {
  /** True when no check failed. */
  passed: boolean;
  /** ISO time the certificates were checked against. */
  at: string;
  checks: VerificationCheck[];
  person: PersonData | null;
  mrz: MrzResult | null;
  dg13: Dg13 | null;
  /** The first face of DG2 as stored. */
  face: FaceImage | null;
  /** The face image in a format browsers show (JPEG as stored, JPEG 2000 as PNG). */
  faceImage: BrowserImage | null;
  documentSigner?: CertificateSummary;
  csca?: CertificateSummary;
  hashAlgorithm?: string;
  dataGroupsInEfCom?: number[];
  cardAccess?: SecurityInfo[];
  dg14?: SecurityInfo[];
  activeAuthenticationKey?: Pick<Dg15, 'keyType' | 'keySize' | 'curve'>;
}

/**
 * Verifies a card dump. Bad card data never throws: each problem becomes a failed check, and the
 * fuzz tests assert this for changed files. Invalid options (e.g. an unusable trust store) may throw.
 */
export async function verifyCardDump(dump: CardDump, options: CardVerificationOptions): Promise<CardVerificationReport> {
  const required = [...(options.requiredDataGroups ?? [1, 2])];

  if (options.activeAuthentication !== undefined && !required.includes(15)) {
    required.push(15);
  }

  const passive = passiveAuthentication(dump.files, {
    trustStore: options.trustStore,
    at: options.at,
    requiredDataGroups: required,
    allowIdDataContentType: options.allowIdDataContentType ?? false,
  });

  const checks: VerificationCheck[] = [...passive.checks];
  const report: CardVerificationReport = {
    passed: false, at: options.at.toISOString(), checks, person: null, mrz: null, dg13: null, face: null, faceImage: null,
  };

  if (passive.documentSigner !== undefined) report.documentSigner = passive.documentSigner;
  if (passive.csca !== undefined) report.csca = passive.csca;
  if (passive.hashAlgorithm !== undefined) report.hashAlgorithm = passive.hashAlgorithm;

  const parsed = parseFiles(dump, checks, report, options.at);
  await convertFace(checks, report, options.convertFaceImage ?? true);
  report.person = personData(report.mrz, report.dg13);
  checkConsistency(checks, report);
  // NOTE: with brainpool keys the SOD signature and this step take about 0.82 ms of CPU in
  // OpenSSL 3.0 (Node.js 20), so a CCCD verification stays above 1 ms (`bench/chip-verify.ts`).
  checkActiveAuthentication(dump, checks, parsed, options);

  report.passed = allChecksPassed(checks);
  return report;
}

/** Parsed values that later checks need but the report does not show. */
interface ParsedKeys {
  dg15PublicKeyInfo?: Uint8Array;
  /** Signature algorithm of ActiveAuthenticationInfo in DG14 (names the ECDSA hash). */
  activeAuthenticationAlgorithm?: string;
}

function parseFiles(dump: CardDump, checks: VerificationCheck[], report: CardVerificationReport, at: Date): ParsedKeys {
  const keys: ParsedKeys = {};
  const parse = <T>(file: DumpFileName, parser: (bytes: Uint8Array) => T, accept: (value: T) => string): void => {
    const bytes = dump.files[file];
    if (bytes === undefined) return;

    runCheck(checks, { id: `parse-${file}`, kind: 'parse', file }, () => ({ status: 'passed', message: accept(parser(bytes)) }), 'malformed-file');
  };

  parse('EF.COM', parseEfCom, (com) => {
    report.dataGroupsInEfCom = com.dataGroups;
    return `EF.COM lists ${com.dataGroups.map((number) => `DG${number}`).join(', ')} (LDS ${com.ldsVersion})`;
  });

  parse('EF.CardAccess', parseCardAccess, (infos) => {
    report.cardAccess = infos;
    return `EF.CardAccess holds ${infos.map((info) => info.kind).join(', ')}`;
  });

  parse('DG1', (bytes) => parseMrz(parseDg1(bytes).lines, { repair: false, now: at }), (mrz) => {
    report.mrz = mrz;

    if (!mrz.valid) {
      throw new Error(`DG1 MRZ is invalid: ${mrz.errors.map((error) => error.message).join('; ')}`);
    }

    return `DG1 holds a valid ${mrz.format} MRZ`;
  });

  parse('DG2', parseDg2, (dg2) => {
    report.face = dg2.faces[0] ?? null;
    return `DG2 holds ${dg2.faces.length} face image(s): ${dg2.faces.map((face) => `${face.format} ${face.width}x${face.height}`).join(', ')}`;
  });

  parse('DG13', parseDg13, (dg13) => {
    report.dg13 = dg13;
    return `DG13 parsed${dg13.unknownFields.length > 0 ? ` with ${dg13.unknownFields.length} unknown field(s) kept raw` : ''}`;
  });

  parse('DG14', parseDg14, (infos) => {
    report.dg14 = infos;
    const activeAuthenticationInfo = infos.find((info) => info.kind === 'ActiveAuthenticationInfo');
    if (activeAuthenticationInfo !== undefined) keys.activeAuthenticationAlgorithm = activeAuthenticationInfo.signatureAlgorithm;
    return `DG14 holds ${infos.map((info) => info.kind).join(', ')}`;
  });

  parse('DG15', parseDg15, (dg15) => {
    const key: CardVerificationReport['activeAuthenticationKey'] = { keyType: dg15.keyType };
    if (dg15.keySize !== undefined) key.keySize = dg15.keySize;
    if (dg15.curve !== undefined) key.curve = dg15.curve;
    report.activeAuthenticationKey = key;
    keys.dg15PublicKeyInfo = dg15.publicKeyInfo;
    return `DG15 holds an ${dg15.keyType.toUpperCase()} active authentication key${dg15.curve === undefined ? '' : ` on ${dg15.curve}`}${dg15.keySize === undefined ? '' : ` of ${dg15.keySize} bits`}`;
  });

  return keys;
}

async function convertFace(checks: VerificationCheck[], report: CardVerificationReport, convert: boolean): Promise<void> {
  const face = report.face;

  if (face === null) {
    return;
  }

  if (!convert || face.format === 'jpeg') {
    report.faceImage = face.format === 'jpeg' ? { mimeType: 'image/jpeg', data: face.data } : null;
    return;
  }

  try {
    report.faceImage = await faceImageForBrowser(face.data);
  } catch (error) {
    checks.push({ id: 'convert-DG2', kind: 'parse', file: 'DG2', status: 'failed', threat: 'malformed-file', message: `DG2 JPEG 2000 image cannot be converted: ${(error as Error).message}` });
  }
}

function personData(mrz: MrzResult | null, dg13: Dg13 | null): PersonData | null {
  if (mrz === null && dg13 === null) {
    return null;
  }

  const fromDg13 = dg13 !== null;
  const mrzName = mrz === null ? null : [mrz.surname, mrz.givenNames].filter((part) => part !== '').join(' ');

  return {
    idNumber: dg13?.idNumber ?? mrz?.idNumber ?? null,
    fullName: dg13?.fullName ?? mrzName,
    birthDate: dg13?.birthDate?.iso ?? mrz?.birthDate ?? null,
    sex: dg13?.sex?.code ?? mrz?.sex ?? null,
    expiryDate: dg13?.expiryDate !== undefined ? dg13.expiryDate.iso : mrz?.expiryDate ?? null,
    noExpiry: dg13?.expiryDate?.noExpiry ?? (mrz !== null && mrz.expiryDate === null && mrz.valid),
    documentNumber: mrz?.documentNumber ?? null,
    nationality: dg13?.nationality ?? mrz?.nationality ?? null,
    source: sourceOf(fromDg13, mrz !== null),
  };
}

function sourceOf(fromDg13: boolean, fromDg1: boolean): PersonData['source'] {
  if (fromDg13 && fromDg1) return 'DG13+DG1';
  return fromDg13 ? 'DG13' : 'DG1';
}

/** DG1 and DG13 are both signed, so a disagreement is an issuing error or a forged pair. */
function checkConsistency(checks: VerificationCheck[], report: CardVerificationReport): void {
  const mrz = report.mrz;
  const dg13 = report.dg13;

  if (mrz === null || dg13 === null) {
    return;
  }

  runCheck(checks, { id: 'DG1-DG13-consistency', kind: 'consistency' }, () => {
    const differences: string[] = [];

    if (dg13.idNumber !== undefined && mrz.idNumber !== null && dg13.idNumber !== mrz.idNumber) differences.push('ID number');
    if (dg13.birthDate?.iso && mrz.birthDate !== null && dg13.birthDate.iso !== mrz.birthDate) differences.push('birth date');
    if (dg13.sex?.code && mrz.sex !== null && dg13.sex.code !== mrz.sex) differences.push('sex');

    return differences.length === 0
      ? { status: 'passed', message: 'DG1 and DG13 agree on ID number, birth date and sex' }
      : { status: 'failed', threat: 'tampered-file', message: `DG1 and DG13 differ in: ${differences.join(', ')}` };
  });
}

function checkActiveAuthentication(dump: CardDump, checks: VerificationCheck[], keys: ParsedKeys, options: CardVerificationOptions): void {
  const request = options.activeAuthentication;

  if (request === undefined) {
    const reason = dump.files.DG15 === undefined
      ? 'the dump has no DG15, so the chip has no active authentication key; its chip authentication with the DG14 key needs the chip itself (check-in runs it through the station)'
      : 'no nonce was given, so active authentication was not checked';
    checks.push({ id: 'active-authentication', kind: 'active-authentication', status: 'skipped', message: `${reason}: a copied dump cannot be told from a genuine chip` });
    return;
  }

  runCheck(checks, { id: 'active-authentication', kind: 'active-authentication', file: 'DG15' }, () => {
    const signature = request.signature ?? dump.activeAuthentication?.signature;

    if (signature === undefined && dump.files.DG15 === undefined) {
      return { status: 'failed', threat: 'cloned-chip', message: 'the dump has no DG15, so the chip has no active authentication key and signed no nonce: such a chip proves itself only by chip authentication with its DG14 key, which needs the chip itself (check-in runs it through the station)' };
    }

    if (signature === undefined) {
      return { status: 'failed', threat: 'cloned-chip', message: 'the dump contains no active authentication signature for the nonce' };
    }

    if (request.signature === undefined && dump.activeAuthentication !== undefined && !equalBytes(dump.activeAuthentication.nonce, request.nonce)) {
      return { status: 'failed', threat: 'replayed-signature', message: 'the dump signed another nonce than the one the verifier chose: the signature is replayed' };
    }

    if (keys.dg15PublicKeyInfo === undefined) {
      return { status: 'failed', threat: 'file-missing', message: 'DG15 is missing or unreadable, so the signature cannot be verified' };
    }

    const input: Parameters<typeof verifyActiveAuthentication>[0] = { publicKeyInfo: keys.dg15PublicKeyInfo, nonce: request.nonce, signature };
    if (keys.activeAuthenticationAlgorithm !== undefined) input.signatureAlgorithmOid = keys.activeAuthenticationAlgorithm;
    const result = verifyActiveAuthentication(input);
    const scheme = `${result.scheme ?? 'unknown scheme'}${result.hash === null ? '' : ` with ${result.hash}`}`;

    return result.valid
      ? { status: 'passed', message: `the chip signed the verifier's nonce with the DG15 key (${scheme})` }
      : { status: 'failed', threat: 'cloned-chip', message: `active authentication failed (${scheme}): ${result.checks.filter((check) => !check.passed).map((check) => check.detail).join('; ')}` };
  });
}
