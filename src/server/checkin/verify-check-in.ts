// The verification pipeline of one check-in, without storage: passive and active
// authentication of the raw files read by the station (over the nonce the server chose), then
// the match with the registration. It returns a refusal reason from the catalogue or null,
// and never trusts a verdict of the station.
import type { CardDump } from '../../chip/dump.js';
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

export interface CheckInVerificationInput {
  dump: CardDump;
  /** The nonce this check-in sent for INTERNAL AUTHENTICATE. */
  nonce: Uint8Array;
  trustStore: TrustStore;
  /** Time at which certificates must be valid (now). */
  at: Date;
  /** YYYY-MM-DD of the exam session: the card must not expire before it. */
  examDate: string;
  /** Resolves the registration of the chip's ID number in this session and room, or null. */
  findRegistration: (idNumber: string) => ExpectedHolder | null | Promise<ExpectedHolder | null>;
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
}

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

/** Verifies one check-in's dump and matches it with the registration. */
export async function verifyCheckIn(input: CheckInVerificationInput): Promise<CheckInVerification> {
  const report = await verifyCardDump(input.dump, {
    trustStore: input.trustStore,
    at: input.at,
    activeAuthentication: { nonce: input.nonce },
    requiredDataGroups: [1, 2, 13],
  });
  const checks = report.checks.map((check) => ({ id: check.id, status: check.status, ...(check.threat === undefined ? {} : { threat: check.threat }) }));
  const result: CheckInVerification = { reason: reasonForFailedChecks(report.checks), report, holder: null, mismatchedFields: [], checks };

  // NOTE: a chip without DG15 cannot prove itself by active authentication. Chip
  // authentication relayed through the station (the server as the terminal of the key
  // agreement) is not built, so such a chip is refused as not proven genuine.
  if (input.dump.files.DG15 === undefined) {
    result.reason = 'clone_suspected';
    return result;
  }

  if (result.reason !== null) {
    return result;
  }

  const person = report.person;

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
