// The verification pipeline of one check-in, without storage: passive and active
// authentication of the raw files read by the station (over the nonce the server chose), then
// the match with the registration. A chip without DG15 proves itself by chip authentication
// relayed through the station instead, so its verification stops after passive authentication
// and names the DG14 key to prove. It returns a refusal reason from the catalogue or null,
// and never trusts a verdict of the station.
import type { CardDump } from '../../chip/dump.js';
import type { ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, SecurityInfo } from '../../chip/lds/security-infos.js';
import type { Threat, VerificationCheck } from '../../chip/pa/report.js';
import type { TrustStore } from '../../chip/pa/trust-store.js';
import { verifyCardDump, type CardVerificationReport } from '../../chip/verify.js';
import type { RefusalReason } from './decisions.js';

/** The registration the chip must match. */
export interface ExpectedHolder {
  idNumber: string;
  /** Unicode NFC with single spaces. */
  fullName: string;
  /** YYYY-MM-DD. */
  birthDate: string;
}

/** Inputs of the match with the registration. */
export interface RegistrationMatchInput {
  /** YYYY-MM-DD of the exam session: the card must not expire before it. */
  examDate: string;
  /** Resolves the registration of the chip's ID number in this session and room, or null. */
  findRegistration: (idNumber: string) => ExpectedHolder | null | Promise<ExpectedHolder | null>;
}

export interface CheckInVerificationInput extends RegistrationMatchInput {
  dump: CardDump;
  /** The nonce this check-in sent for INTERNAL AUTHENTICATE. */
  nonce: Uint8Array;
  trustStore: TrustStore;
  /** Time at which certificates must be valid (now). */
  at: Date;
}

/** The DG14 chip authentication key that a chip without DG15 must prove it holds. */
export interface ChipAuthenticationKey {
  /** Protocol OID of the ChipAuthenticationInfo, e.g. id-CA-ECDH-AES-CBC-CMAC-128. */
  protocolOid: string;
  /** SubjectPublicKeyInfo DER of the matching ChipAuthenticationPublicKeyInfo. */
  publicKeyInfo: Uint8Array;
  keyId?: number;
}

export interface CheckInVerification {
  reason: RefusalReason | null;
  report: CardVerificationReport;
  /** The registration the chip matched, when one was found. */
  holder: ExpectedHolder | null;
  /** Fields that differ from the registration (names of fields only, never values). */
  mismatchedFields: string[];
  /** The stored form of the checks: id, status and threat. */
  checks: { id: string; status: string; threat?: Threat }[];
  /**
   * Set when passive authentication passed on a chip without DG15: the chip must still prove
   * this key by chip authentication through the station. Until then `reason` is null and no
   * registration was matched.
   */
  chipAuthentication: ChipAuthenticationKey | null;
}

/** Stored check id of chip authentication relayed through the station. */
export const CHIP_AUTHENTICATION_CHECK = 'chip-authentication';

/** Failed-check threats in the order their reasons win: the strongest evidence of an attack first. */
const THREAT_REASONS: [Threat[], RefusalReason][] = [
  [['cloned-chip', 'replayed-signature'], 'clone_suspected'],
  [['tampered-file', 'tampered-sod', 'file-not-in-sod', 'file-missing', 'malformed-file'], 'tampered_file'],
  [['bad-signature', 'bad-certificate-signature', 'signer-certificate-missing', 'unsupported-algorithm', 'revoked-signer', 'verification-error'], 'invalid_signature'],
  [['unknown-issuer'], 'unknown_issuer'],
  [['expired-signer', 'signer-not-yet-valid', 'expired-csca'], 'expired_signer_or_card'],
];

/** Maps the failed checks of a report to one refusal reason, or null when none failed. */
export function reasonForFailedChecks(checks: readonly VerificationCheck[]): RefusalReason | null {
  const failed = checks.filter((check) => check.status === 'failed');

  if (failed.length === 0) {
    return null;
  }

  const threats = new Set(failed.map((check) => check.threat ?? 'verification-error'));

  for (const [group, reason] of THREAT_REASONS) {
    if (group.some((threat) => threats.has(threat))) {
      return reason;
    }
  }

  // A failed check without a known threat still refuses: verification never fails open.
  return 'invalid_signature';
}

/** Compares names as Vietnamese text: Unicode NFC, single spaces, letter case ignored; diacritics count. */
export function sameName(a: string, b: string): boolean {
  const normalise = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
  return normalise(a) === normalise(b);
}

/** Returns the chip authentication key of DG14: a ChipAuthenticationInfo and the public key with the same key id. */
export function chipAuthenticationKeyOf(infos: readonly SecurityInfo[]): ChipAuthenticationKey | null {
  const info = infos.find((entry): entry is ChipAuthenticationInfo => entry.kind === 'ChipAuthenticationInfo');
  const key = infos.find((entry): entry is ChipAuthenticationPublicKeyInfo => entry.kind === 'ChipAuthenticationPublicKeyInfo' && (info?.keyId === undefined || entry.keyId === info.keyId));

  if (info === undefined || key === undefined) {
    return null;
  }

  return { protocolOid: info.protocol, publicKeyInfo: key.publicKeyInfo, ...(info.keyId === undefined ? {} : { keyId: info.keyId }) };
}

/**
 * Verifies one check-in's dump. With DG15 it checks active authentication over the nonce and
 * matches the registration. Without DG15 it stops after passive authentication and sets
 * `chipAuthentication` to the DG14 key, whose hash the SOD must cover. A chip without DG15
 * and without such a key cannot prove itself and is refused as clone_suspected.
 */
export async function verifyCheckIn(input: CheckInVerificationInput): Promise<CheckInVerification> {
  const withoutDg15 = input.dump.files.DG15 === undefined;
  const report = await verifyCardDump(input.dump, {
    trustStore: input.trustStore,
    at: input.at,
    ...(withoutDg15 ? {} : { activeAuthentication: { nonce: input.nonce } }),
    requiredDataGroups: [1, 2, 13],
  });
  const checks = report.checks.map((check) => ({ id: check.id, status: check.status, ...(check.threat === undefined ? {} : { threat: check.threat }) }));
  const result: CheckInVerification = { reason: reasonForFailedChecks(report.checks), report, holder: null, mismatchedFields: [], checks, chipAuthentication: null };

  if (result.reason !== null) {
    return result;
  }

  if (!withoutDg15) {
    return matchRegistration(result, input);
  }

  const dg14Covered = report.checks.some((check) => check.id === 'DG14-hash' && check.status === 'passed');
  const key = dg14Covered ? chipAuthenticationKeyOf(report.dg14 ?? []) : null;

  if (key === null) {
    result.checks.push({ id: `${CHIP_AUTHENTICATION_CHECK}:no-key`, status: 'failed', threat: 'cloned-chip' });
    result.reason = 'clone_suspected';
    return result;
  }

  result.chipAuthentication = key;
  return result;
}

/**
 * Records the outcome of chip authentication relayed through the station. A passed run lets
 * the match with the registration go on; a failed one refuses with `reason`.
 */
export async function completeChipAuthentication(
  result: CheckInVerification,
  outcome: { passed: true } | { passed: false; reason: RefusalReason; checkId: string },
  input: RegistrationMatchInput,
): Promise<CheckInVerification> {
  result.chipAuthentication = null;

  if (!outcome.passed) {
    result.checks.push({ id: outcome.checkId, status: 'failed', ...(outcome.reason === 'clone_suspected' ? { threat: 'cloned-chip' as const } : {}) });
    result.reason = outcome.reason;
    return result;
  }

  result.checks.push({ id: CHIP_AUTHENTICATION_CHECK, status: 'passed' });
  return matchRegistration(result, input);
}

/** Matches a proven chip with the registration: ID, name, birth date, and a card valid on the exam date. */
async function matchRegistration(result: CheckInVerification, input: RegistrationMatchInput): Promise<CheckInVerification> {
  const person = result.report.person;

  if (person === null || person.idNumber === null) {
    result.reason = 'tampered_file';
    return result;
  }

  const holder = await input.findRegistration(person.idNumber);

  if (holder === null) {
    result.reason = 'not_registered';
    return result;
  }

  result.holder = holder;

  if (person.idNumber !== holder.idNumber) result.mismatchedFields.push('idNumber');
  if (person.fullName === null || !sameName(person.fullName, holder.fullName)) result.mismatchedFields.push('fullName');
  if (person.birthDate !== holder.birthDate) result.mismatchedFields.push('birthDate');

  if (result.mismatchedFields.length > 0) {
    result.reason = 'data_mismatch';
    return result;
  }

  if (!person.noExpiry && (person.expiryDate === null || person.expiryDate < input.examDate)) {
    result.reason = 'expired_signer_or_card';
  }

  return result;
}
