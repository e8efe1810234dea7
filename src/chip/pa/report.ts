// The verification report: one entry per check, each with its status and, when it failed,
// the threat that the failure points to. Verification never returns a bare boolean.

/** Threat that a failed check points to, named after the attack or fault it reveals. */
export type Threat =
  | 'malformed-file'
  | 'file-missing'
  | 'file-not-in-sod'
  | 'tampered-file'
  | 'tampered-sod'
  | 'unsupported-algorithm'
  | 'signer-certificate-missing'
  | 'bad-signature'
  | 'expired-signer'
  | 'signer-not-yet-valid'
  | 'unknown-issuer'
  | 'bad-certificate-signature'
  | 'expired-csca'
  | 'revoked-signer'
  | 'cloned-chip'
  | 'replayed-signature'
  | 'verification-error';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export type CheckKind =
  | 'parse'
  | 'data-group-hash'
  | 'signed-attributes'
  | 'sod-signature'
  | 'signer-certificate'
  | 'signer-validity'
  | 'certificate-chain'
  | 'csca-validity'
  | 'revocation'
  | 'consistency'
  | 'active-authentication';

export interface VerificationCheck {
  /** Stable id, e.g. `DG2-hash`, `sod-signature`, `parse-DG13`. */
  id: string;
  kind: CheckKind;
  status: CheckStatus;
  /** File the check is about, e.g. `DG2`. */
  file?: string;
  /** Set when the check failed. */
  threat?: Threat;
  /** Description of what was checked and what was found, in English. */
  message: string;
}

/** A certificate as reports show it. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER in hex. */
  fingerprint: string;
}

/** True when no check failed and at least one check ran. */
export function allChecksPassed(checks: readonly VerificationCheck[]): boolean {
  return checks.length > 0 && checks.every((check) => check.status !== 'failed');
}

/**
 * Runs `body` as one check; an exception becomes a failed check with its message, so a bug
 * or unexpected input never turns into a pass.
 */
export function runCheck(
  checks: VerificationCheck[],
  base: Pick<VerificationCheck, 'id' | 'kind' | 'file'>,
  body: () => Omit<VerificationCheck, 'id' | 'kind' | 'file'>,
  threatOnError: Threat = 'verification-error',
): VerificationCheck {
  let outcome: Omit<VerificationCheck, 'id' | 'kind' | 'file'>;

  try {
    outcome = body();
  } catch (error) {
    outcome = { status: 'failed', threat: threatOnError, message: `${base.id}: ${(error as Error).message}` };
  }

  // Built without `delete`, which would turn every check into a slow dictionary object.
  const check: VerificationCheck = base.file === undefined
    ? { id: base.id, kind: base.kind, ...outcome }
    : { id: base.id, kind: base.kind, file: base.file, ...outcome };

  checks.push(check);
  return check;
}
