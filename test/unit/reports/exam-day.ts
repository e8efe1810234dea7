import type { FeedbackAnswers } from '../../../src/reports/feedback-questionnaire.js';
import type {
  CheckInAttemptRecord,
  EvaluationInput,
  ExamAttemptRecord,
  FeedbackRecord,
  HoldDecision,
  IncidentRecord,
  RegistrationRecord,
  RegistryCheckRecord,
  RegistryOutageRecord,
} from '../../../src/reports/evaluation-input.js';

/**
 * The known counts of one unit in one round, from which `generateExamDay` makes the records
 * that the product would have stored. Tests state the expected figures from the same counts.
 */
export interface UnitDaySpec {
  round: number;
  unitId: string;
  registered: number;
  withoutChippedCard: number;
  /** Candidates verified by chip; the first `retriedBeforeChip` of them had a refused attempt first. */
  byChip: number;
  retriedBeforeChip: number;
  overrides: Record<string, number>;
  refusals: Record<string, number>;
  /**
   * Total station time of each candidate who came, in milliseconds; length = chip + overrides +
   * refusals. The entries of overrides are not used, because the server stores an override with
   * a duration of 0 ms and the generator does the same.
   */
  checkInTotalsMs: number[];
  /** PACE time of each chip attempt, in milliseconds; length = byChip. */
  paceMs: number[];
  registry: { match: number; mismatch: number; notFound: number; pending: number; error: number; repeatedTaps: number };
  outageMinutes: number[];
  incidents: Record<string, number>;
  exams: { submitted: number; autoFinalised: number; inProgress: number };
  /** Answers resent per exam attempt, for the first attempts; the rest resent none. */
  answersResent: number[];
  candidateFeedback: FeedbackAnswers[];
  proctorFeedback: FeedbackAnswers[];
  /** Attempts held after a late registry result, each with its registry reason and the proctor's decision. */
  holds?: { reason: string; decision: HoldDecision }[];
}

const RETRY_REASON = 'card_read_failed';
const RETRY_ATTEMPT_MS = 1_000;
const DAY_START = Date.parse('2026-03-09T01:00:00Z');

/** Generates the records of an exam day from the unit specs. */
export function generateExamDay(units: { id: string; code: string; name: string }[], specs: UnitDaySpec[]): EvaluationInput {
  const input: EvaluationInput = {
    units,
    rounds: [...new Set(specs.map((spec) => spec.round))].map((number) => ({ number, name: `Đợt ${number}` })),
    registrations: [],
    checkInAttempts: [],
    registryChecks: [],
    registryOutages: [],
    incidents: [],
    examAttempts: [],
    attemptHolds: [],
    feedback: [],
  };

  for (const spec of specs) {
    addUnitDay(input, spec);
  }

  return input;
}

function durationOf(outcome: CheckInAttemptRecord['outcome'], retried: boolean, totalMs: number): number {
  if (outcome === 'override') {
    return 0;
  }

  return retried ? totalMs - RETRY_ATTEMPT_MS : totalMs;
}

function addUnitDay(input: EvaluationInput, spec: UnitDaySpec): void {
  const scope = { round: spec.round, unitId: spec.unitId };
  const candidateIds = Array.from({ length: spec.registered }, (_, index) => `${spec.unitId}-r${spec.round}-c${index}`);

  input.registrations.push(...candidateIds.map((candidateId, index): RegistrationRecord => ({
    ...scope,
    candidateId,
    hasChippedCard: index >= spec.withoutChippedCard,
  })));

  // Outcomes go to candidates from the end of the list, where those with chipped cards are, so
  // the absent candidates are the first ones. The outcome order is chip, override, refused.
  const outcomes: { outcome: CheckInAttemptRecord['outcome']; reason?: string }[] = [
    ...Array.from({ length: spec.byChip }, () => ({ outcome: 'chip' as const })),
    ...Object.entries(spec.overrides).flatMap(([reason, count]) => Array.from({ length: count }, () => ({ outcome: 'override' as const, reason }))),
    ...Object.entries(spec.refusals).flatMap(([reason, count]) => Array.from({ length: count }, () => ({ outcome: 'refused' as const, reason }))),
  ];
  if (outcomes.length !== spec.checkInTotalsMs.length || spec.paceMs.length !== spec.byChip) {
    throw new Error(`spec for ${spec.unitId} round ${spec.round} has ${outcomes.length} outcomes, ${spec.checkInTotalsMs.length} totals and ${spec.paceMs.length} PACE times`);
  }

  outcomes.forEach((entry, index) => {
    const candidateId = candidateIds[candidateIds.length - 1 - index] as string;
    const totalMs = spec.checkInTotalsMs[index] as number;
    const endedAt = (offsetMs: number) => new Date(DAY_START + index * 60_000 + offsetMs).toISOString();
    const retried = entry.outcome === 'chip' && index < spec.retriedBeforeChip;

    if (retried) {
      input.checkInAttempts.push({ ...scope, candidateId, outcome: 'refused', reason: RETRY_REASON, endedAt: endedAt(0), durationMs: RETRY_ATTEMPT_MS });
    }

    const attempt: CheckInAttemptRecord = {
      ...scope,
      candidateId,
      outcome: entry.outcome,
      endedAt: endedAt(10_000),
      durationMs: durationOf(entry.outcome, retried, totalMs),
    };
    if (entry.reason !== undefined) {
      attempt.reason = entry.reason;
    }
    if (entry.outcome === 'chip') {
      attempt.stepDurationsMs = { pace: spec.paceMs[index] as number, passive_authentication: 120 };
    }
    input.checkInAttempts.push(attempt);
  });

  addRegistry(input, spec, candidateIds);

  input.registryOutages.push(...spec.outageMinutes.map((minutes, index): RegistryOutageRecord => ({
    ...scope,
    startedAt: new Date(DAY_START + index * 3_600_000).toISOString(),
    endedAt: new Date(DAY_START + index * 3_600_000 + minutes * 60_000).toISOString(),
  })));

  input.incidents.push(...Object.entries(spec.incidents).flatMap(([kind, count]) =>
    Array.from({ length: count }, (): IncidentRecord => ({ ...scope, kind }))));

  const statuses: ExamAttemptRecord['status'][] = [
    ...Array.from({ length: spec.exams.submitted }, () => 'submitted' as const),
    ...Array.from({ length: spec.exams.autoFinalised }, () => 'auto_finalised' as const),
    ...Array.from({ length: spec.exams.inProgress }, () => 'in_progress' as const),
  ];
  input.examAttempts.push(...statuses.map((status, index): ExamAttemptRecord => ({
    ...scope,
    candidateId: candidateIds[candidateIds.length - 1 - index] as string,
    status,
    answersResent: spec.answersResent[index] ?? 0,
  })));

  input.attemptHolds.push(...(spec.holds ?? []).map((hold, index) => ({
    ...scope,
    candidateId: candidateIds[candidateIds.length - 1 - index] as string,
    ...hold,
  })));

  input.feedback.push(
    ...spec.candidateFeedback.map((answers): FeedbackRecord => ({ ...scope, respondent: 'candidate', answers })),
    ...spec.proctorFeedback.map((answers): FeedbackRecord => ({ ...scope, respondent: 'proctor', answers })),
  );
}

function addRegistry(input: EvaluationInput, spec: UnitDaySpec, candidateIds: string[]): void {
  const outcomes: RegistryCheckRecord['outcome'][] = [
    ...Array.from({ length: spec.registry.match }, () => 'match' as const),
    ...Array.from({ length: spec.registry.mismatch }, () => 'mismatch' as const),
    ...Array.from({ length: spec.registry.notFound }, () => 'not_found' as const),
    ...Array.from({ length: spec.registry.pending }, () => 'pending' as const),
    ...Array.from({ length: spec.registry.error }, () => 'error' as const),
  ];

  outcomes.forEach((outcome, index) => {
    const candidateId = candidateIds[candidateIds.length - 1 - index] as string;
    // A pending check waits in the queue and is billed when the service answers; an error is not billed.
    input.registryChecks.push({ round: spec.round, unitId: spec.unitId, candidateId, outcome, billable: outcome !== 'error' });
  });

  for (let index = 0; index < spec.registry.repeatedTaps; index++) {
    const candidateId = candidateIds[candidateIds.length - 1 - index] as string;
    input.registryChecks.push({ round: spec.round, unitId: spec.unitId, candidateId, outcome: 'match', billable: false });
  }
}
