import type { FeedbackAnswers, Respondent } from './feedback-questionnaire.js';

/**
 * The records of the pilot rounds that the evaluation reads. Every record names its pilot
 * round (by number: 1, 2, 3) and its unit, so one input can hold several rounds and units,
 * and the evaluation groups them. The server's queries fill it from storage, and tests fill
 * it from a generated exam day.
 */
export interface EvaluationInput {
  units: EvaluationUnit[];
  rounds: EvaluationRound[];
  registrations: RegistrationRecord[];
  checkInAttempts: CheckInAttemptRecord[];
  registryChecks: RegistryCheckRecord[];
  registryOutages: RegistryOutageRecord[];
  incidents: IncidentRecord[];
  examAttempts: ExamAttemptRecord[];
  attemptHolds: AttemptHoldRecord[];
  feedback: FeedbackRecord[];
}

export interface EvaluationUnit {
  id: string;
  code: string;
  name: string;
}

export interface EvaluationRound {
  number: number;
  name: string;
}

interface Scoped {
  round: number;
  unitId: string;
}

/** A candidate registered for an exam event of the round. */
export interface RegistrationRecord extends Scoped {
  candidateId: string;
  /** False for candidates without a chipped card (no card, a 9-digit legacy ID, a card issued before 2021). */
  hasChippedCard: boolean;
}

/**
 * The end of a check-in attempt: `chip` when the server verified the chip and the proctor
 * confirmed, `override` when a proctor admitted the candidate without chip evidence (with a
 * reason), `refused` when the candidate was not admitted (with a reason).
 */
export type CheckInOutcome = 'chip' | 'override' | 'refused';

export interface CheckInAttemptRecord extends Scoped {
  candidateId: string;
  outcome: CheckInOutcome;
  /** Stable reason code for an override or a refusal, e.g. `passive_authentication_failed`, `no_card`. */
  reason?: string;
  /** When the attempt ended; ISO 8601. The last attempt of a candidate decides their outcome. */
  endedAt: string;
  /** Time from naming the candidate to the verdict, in milliseconds. */
  durationMs: number;
  /** Time of each named step (e.g. `pace`, `read_files`, `passive_authentication`), in milliseconds. */
  stepDurationsMs?: Record<string, number>;
}

/** The outcome of one call to the registry verification service. */
export type RegistryOutcome = 'match' | 'mismatch' | 'not_found' | 'revoked' | 'pending' | 'error';

export interface RegistryCheckRecord extends Scoped {
  candidateId: string;
  outcome: RegistryOutcome;
  /** Whether the service billed the check; a repeated tap in one exam event is not billed again. */
  billable: boolean;
}

/** A period in which the registry service did not answer and check-ins were queued. */
export interface RegistryOutageRecord extends Scoped {
  startedAt: string;
  /** The end of the period, or the time of the report for a period still open. */
  endedAt: string;
  /** True when the period had not ended when the report was made. */
  ongoing?: boolean;
}

export interface IncidentRecord extends Scoped {
  /** Stable incident kind code, e.g. `network_loss`, `power_cut`, `identity_dispute`. */
  kind: string;
}

/** The state of an exam attempt: still open, submitted by the candidate, or finalised by the server at the deadline. */
export type ExamAttemptStatus = 'in_progress' | 'submitted' | 'auto_finalised';

export interface ExamAttemptRecord extends Scoped {
  candidateId: string;
  status: ExamAttemptStatus;
  /** Answer writes the browser sent again after a network loss, accepted without duplication. */
  answersResent: number;
}

/**
 * The proctor's last decision on a held attempt: `readmitted` by override, `kept_locked`, or
 * `undecided` while the attempt is still held without a decision.
 */
export type HoldDecision = 'readmitted' | 'kept_locked' | 'undecided';

/**
 * An exam attempt that a late registry result put on hold (the registry rejected a candidate
 * who had been admitted while its answer was pending), once per attempt.
 */
export interface AttemptHoldRecord extends Scoped {
  candidateId: string;
  /** Refusal code of the registry result behind the last hold, e.g. `registry_mismatch`. */
  reason: string;
  decision: HoldDecision;
}

export interface FeedbackRecord extends Scoped {
  respondent: Respondent;
  answers: FeedbackAnswers;
}
