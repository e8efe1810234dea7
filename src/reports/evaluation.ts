import { groupBy } from './group-by.js';
import { QUESTIONNAIRES, type Respondent } from './feedback-questionnaire.js';
import type {
  CheckInAttemptRecord,
  EvaluationInput,
  EvaluationRound,
  EvaluationUnit,
  RegistryOutageRecord,
  RegistryOutcome,
} from './evaluation-input.js';
import { holdFigures, type HoldFigures } from './hold-figures.js';
import { summarise, type Summary } from './statistics/summary.js';

export type { HoldFigures } from './hold-figures.js';

export interface RegistrationFigures {
  registered: number;
  withChippedCard: number;
  withoutChippedCard: number;
  /** withChippedCard / registered, or null with no registrations. */
  chippedShare: number | null;
}

export interface CheckInFigures {
  /** Registered candidates with at least one attempt. */
  candidatesSeen: number;
  attempts: number;
  /** Candidates whose last attempt was verified by chip. */
  byChip: number;
  byOverride: number;
  refused: number;
  /** Registered candidates with no attempt (absent). */
  absent: number;
  /** byChip / candidatesSeen, or null when no candidate came. */
  chipShare: number | null;
  /** Candidates refused in the end, by the reason of their last attempt. */
  refusedByReason: Record<string, number>;
  overrideByReason: Record<string, number>;
  /** Every refused attempt by reason, including those followed by a successful one. */
  refusedAttemptsByReason: Record<string, number>;
  /**
   * Time each candidate spent at the station in check-ins that read a card (the sum of their
   * chip-admitted and refused attempts), in milliseconds. Overrides are left out because
   * storage records them with a duration of 0 ms, and a candidate admitted only by override
   * has no time here.
   */
  timePerCandidateMs: Summary;
  /** Time of each named step across the attempts that read a card, in milliseconds. */
  stepTimesMs: Record<string, Summary>;
  /** Candidates per band of card-read station time: 0–5 s, 5–10 s, … 55–60 s, then 60 s and more. */
  timeBands: TimeBand[];
}

export interface TimeBand {
  /** Inclusive lower edge in seconds. */
  fromS: number;
  /** Exclusive upper edge in seconds; null for the last, open band. */
  toS: number | null;
  count: number;
}

export interface RegistryFigures {
  checks: number;
  byOutcome: Record<RegistryOutcome, number>;
  billableChecks: number;
  /** Outage periods of the scope; overlapping periods (one per exam event) count as one. */
  outages: number;
  /** Total length of the outage periods, overlaps counted once, in minutes. */
  outageMinutes: number;
  /** Outages that had not ended when the report was made (counted up to that time). */
  ongoingOutages: number;
}

export interface IncidentFigures {
  total: number;
  byKind: Record<string, number>;
}

export interface ExamFigures {
  started: number;
  submitted: number;
  autoFinalised: number;
  inProgress: number;
  answersResent: number;
  attemptsWithResends: number;
}

export interface LikertFigures {
  questionId: string;
  answered: number;
  mean: number | null;
  /** Answers per scale value: index 0 holds the count of 1s, index 4 the count of 5s. */
  counts: [number, number, number, number, number];
}

export interface FeedbackFigures {
  responses: number;
  likert: LikertFigures[];
  /** Non-empty free-text answers, trimmed, in input order. */
  comments: string[];
}

export interface EvaluationFigures {
  registration: RegistrationFigures;
  checkIn: CheckInFigures;
  registry: RegistryFigures;
  incidents: IncidentFigures;
  exams: ExamFigures;
  holds: HoldFigures;
  feedback: Record<Respondent, FeedbackFigures>;
}

export interface RoundEvaluation {
  round: EvaluationRound;
  department: EvaluationFigures;
  units: { unit: EvaluationUnit; figures: EvaluationFigures }[];
}

export interface EvaluationReport {
  rounds: RoundEvaluation[];
  comparison: ComparisonRow[];
}

/** One figure across rounds for the department, for the round-by-round comparison. */
export interface ComparisonRow {
  key: string;
  labelVi: string;
  labelEn: string;
  kind: 'integer' | 'percent' | 'decimal';
  /** The value per round number, or null where the round has no data for it. */
  values: Record<number, number | null>;
}

const REGISTRY_OUTCOMES: readonly RegistryOutcome[] = ['match', 'mismatch', 'not_found', 'revoked', 'pending', 'error'];
const MS_PER_MINUTE = 60_000;
const TIME_BAND_S = 5;
const TIME_BAND_COUNT = 12;

/**
 * Builds the evaluation of every round in the input, for each unit and for the department
 * (all units together), plus the comparison of the department's figures between rounds.
 * Rounds are listed in number order; units in the input's order.
 */
export function evaluatePilot(input: EvaluationInput): EvaluationReport {
  const rounds = [...input.rounds].sort((a, b) => a.number - b.number).map((round) => ({
    round,
    department: computeFigures(input, (record) => record.round === round.number),
    units: input.units.map((unit) => ({
      unit,
      figures: computeFigures(input, (record) => record.round === round.number && record.unitId === unit.id),
    })),
  }));

  return { rounds, comparison: compareRounds(rounds) };
}

/** Computes the figures of the records that match a scope (one round, optionally one unit). */
export function computeFigures(input: EvaluationInput, inScope: (record: { round: number; unitId: string }) => boolean): EvaluationFigures {
  const registrations = input.registrations.filter(inScope);
  const registeredIds = new Set(registrations.map((registration) => registration.candidateId));

  return {
    registration: registrationFigures(registrations.length, registrations.filter((registration) => registration.hasChippedCard).length),
    checkIn: checkInFigures(input.checkInAttempts.filter(inScope), registeredIds),
    registry: registryFigures(input, inScope),
    incidents: incidentFigures(input.incidents.filter(inScope).map((incident) => incident.kind)),
    exams: examFigures(input, inScope),
    holds: holdFigures(input.attemptHolds.filter(inScope)),
    feedback: {
      candidate: feedbackFigures(input, inScope, 'candidate'),
      proctor: feedbackFigures(input, inScope, 'proctor'),
    },
  };
}

function registrationFigures(registered: number, withChippedCard: number): RegistrationFigures {
  return {
    registered,
    withChippedCard,
    withoutChippedCard: registered - withChippedCard,
    chippedShare: registered === 0 ? null : withChippedCard / registered,
  };
}

function checkInFigures(attempts: CheckInAttemptRecord[], registeredIds: Set<string>): CheckInFigures {
  const byCandidate = groupBy(attempts, (attempt) => attempt.candidateId);

  const refusedByReason: Record<string, number> = {};
  const overrideByReason: Record<string, number> = {};
  const outcomes = { chip: 0, override: 0, refused: 0 };

  for (const candidateAttempts of byCandidate.values()) {
    const last = latestAttempt(candidateAttempts);
    outcomes[last.outcome] += 1;

    if (last.outcome === 'refused') {
      increment(refusedByReason, last.reason ?? 'unspecified');
    }
    if (last.outcome === 'override') {
      increment(overrideByReason, last.reason ?? 'unspecified');
    }
  }

  const cardReads = attempts.filter(readsCard);
  const timePerCandidate = [...groupBy(cardReads, (attempt) => attempt.candidateId).values()]
    .map((candidateAttempts) => candidateAttempts.reduce((sum, attempt) => sum + attempt.durationMs, 0));

  const refusedAttemptsByReason: Record<string, number> = {};
  for (const attempt of attempts.filter((entry) => entry.outcome === 'refused')) {
    increment(refusedAttemptsByReason, attempt.reason ?? 'unspecified');
  }

  const seen = [...byCandidate.keys()];
  return {
    candidatesSeen: seen.length,
    attempts: attempts.length,
    byChip: outcomes.chip,
    byOverride: outcomes.override,
    refused: outcomes.refused,
    absent: [...registeredIds].filter((id) => !byCandidate.has(id)).length,
    chipShare: seen.length === 0 ? null : outcomes.chip / seen.length,
    refusedByReason,
    overrideByReason,
    refusedAttemptsByReason,
    timePerCandidateMs: summarise(timePerCandidate),
    stepTimesMs: stepSummaries(cardReads),
    timeBands: timeBands(timePerCandidate),
  };
}

/** Tells whether an attempt read a card: chip admissions and refusals do, overrides do not. */
function readsCard(attempt: CheckInAttemptRecord): boolean {
  return attempt.outcome !== 'override';
}

function timeBands(durationsMs: number[]): TimeBand[] {
  const bands: TimeBand[] = Array.from({ length: TIME_BAND_COUNT + 1 }, (_, index) => ({
    fromS: index * TIME_BAND_S,
    toS: index < TIME_BAND_COUNT ? (index + 1) * TIME_BAND_S : null,
    count: 0,
  }));

  for (const durationMs of durationsMs) {
    const index = Math.min(TIME_BAND_COUNT, Math.floor(durationMs / 1000 / TIME_BAND_S));
    (bands[index] as TimeBand).count += 1;
  }

  return bands;
}

function stepSummaries(attempts: CheckInAttemptRecord[]): Record<string, Summary> {
  const durations = new Map<string, number[]>();

  for (const attempt of attempts) {
    for (const [step, duration] of Object.entries(attempt.stepDurationsMs ?? {})) {
      const list = durations.get(step) ?? [];
      list.push(duration);
      durations.set(step, list);
    }
  }

  return Object.fromEntries([...durations].map(([step, list]) => [step, summarise(list)]));
}

function registryFigures(input: EvaluationInput, inScope: (record: { round: number; unitId: string }) => boolean): RegistryFigures {
  const checks = input.registryChecks.filter(inScope);
  const outages = input.registryOutages.filter(inScope);

  const byOutcome = Object.fromEntries(REGISTRY_OUTCOMES.map((outcome) => [outcome, 0])) as Record<RegistryOutcome, number>;
  for (const check of checks) {
    byOutcome[check.outcome] += 1;
  }

  const merged = mergeOutages(outages);
  const outageMs = merged.reduce((sum, outage) => sum + (outage.endMs - outage.startMs), 0);

  return {
    checks: checks.length,
    byOutcome,
    billableChecks: checks.filter((check) => check.billable).length,
    outages: merged.length,
    outageMinutes: outageMs / MS_PER_MINUTE,
    ongoingOutages: merged.filter((outage) => outage.ongoing).length,
  };
}

/**
 * Merges overlapping outage periods into one. Storage keeps one period per exam event, so an
 * outage of the service that several exam events ran into arrives as overlapping records. For a
 * unit, a round or the department it is one outage.
 */
function mergeOutages(outages: RegistryOutageRecord[]): { startMs: number; endMs: number; ongoing: boolean }[] {
  const sorted = outages
    .map((outage) => ({ startMs: Date.parse(outage.startedAt), endMs: Date.parse(outage.endedAt), ongoing: outage.ongoing === true }))
    .map((outage) => ({ ...outage, endMs: Math.max(outage.startMs, outage.endMs) }))
    .sort((a, b) => a.startMs - b.startMs);
  const merged: { startMs: number; endMs: number; ongoing: boolean }[] = [];

  for (const outage of sorted) {
    const last = merged[merged.length - 1];

    if (last !== undefined && outage.startMs <= last.endMs) {
      last.endMs = Math.max(last.endMs, outage.endMs);
      last.ongoing = last.ongoing || outage.ongoing;
      continue;
    }

    merged.push({ ...outage });
  }

  return merged;
}

function incidentFigures(kinds: string[]): IncidentFigures {
  const byKind: Record<string, number> = {};
  for (const kind of kinds) {
    increment(byKind, kind);
  }

  return { total: kinds.length, byKind };
}

function examFigures(input: EvaluationInput, inScope: (record: { round: number; unitId: string }) => boolean): ExamFigures {
  const attempts = input.examAttempts.filter(inScope);

  return {
    started: attempts.length,
    submitted: attempts.filter((attempt) => attempt.status === 'submitted').length,
    autoFinalised: attempts.filter((attempt) => attempt.status === 'auto_finalised').length,
    inProgress: attempts.filter((attempt) => attempt.status === 'in_progress').length,
    answersResent: attempts.reduce((sum, attempt) => sum + attempt.answersResent, 0),
    attemptsWithResends: attempts.filter((attempt) => attempt.answersResent > 0).length,
  };
}

function feedbackFigures(
  input: EvaluationInput,
  inScope: (record: { round: number; unitId: string }) => boolean,
  respondent: Respondent,
): FeedbackFigures {
  const records = input.feedback.filter((record) => inScope(record) && record.respondent === respondent);
  const questionnaire = QUESTIONNAIRES[respondent];

  const likert: LikertFigures[] = [];
  const comments: string[] = [];

  for (const question of questionnaire.questions) {
    const values = records.map((record) => record.answers[question.id]);

    if (question.kind === 'free_text') {
      comments.push(...values.filter((value): value is string => typeof value === 'string' && value.trim() !== '').map((value) => value.trim()));
      continue;
    }

    const ratings = values.filter((value): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5);
    const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
    for (const rating of ratings) {
      counts[rating - 1] = (counts[rating - 1] ?? 0) + 1;
    }

    likert.push({
      questionId: question.id,
      answered: ratings.length,
      mean: ratings.length === 0 ? null : ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length,
      counts,
    });
  }

  return { responses: records.length, likert, comments };
}

function compareRounds(rounds: RoundEvaluation[]): ComparisonRow[] {
  const metrics: [string, string, string, ComparisonRow['kind'], (figures: EvaluationFigures) => number | null][] = [
    ['registered', 'Thí sinh đăng ký', 'Candidates registered', 'integer', (f) => f.registration.registered],
    ['chippedShare', 'Tỷ lệ có CCCD gắn chip', 'Share with a chipped card', 'percent', (f) => f.registration.chippedShare],
    ['byChip', 'Xác thực bằng chip', 'Checked in by chip', 'integer', (f) => f.checkIn.byChip],
    ['byOverride', 'Cho vào thi theo quyết định của CBCT', 'Admitted by proctor override', 'integer', (f) => f.checkIn.byOverride],
    ['refused', 'Không cho vào thi', 'Refused', 'integer', (f) => f.checkIn.refused],
    ['chipShare', 'Tỷ lệ xác thực bằng chip', 'Share checked in by chip', 'percent', (f) => f.checkIn.chipShare],
    ['checkInMedianS', 'Thời gian xác thực có đọc thẻ, trung vị (giây, không tính cho vào thi theo quyết định của CBCT)', 'Check-in time with a card read, median (s, overrides excluded)', 'decimal', (f) => seconds(f.checkIn.timePerCandidateMs.median)],
    ['checkInP95S', 'Thời gian xác thực có đọc thẻ, P95 (giây, không tính cho vào thi theo quyết định của CBCT)', 'Check-in time with a card read, 95th percentile (s, overrides excluded)', 'decimal', (f) => seconds(f.checkIn.timePerCandidateMs.p95)],
    ['checkInMaxS', 'Thời gian xác thực có đọc thẻ, lâu nhất (giây, không tính cho vào thi theo quyết định của CBCT)', 'Check-in time with a card read, slowest (s, overrides excluded)', 'decimal', (f) => seconds(f.checkIn.timePerCandidateMs.max)],
    ['registryOutages', 'Số lần mất kết nối CSDL dân cư', 'Registry outages', 'integer', (f) => f.registry.outages],
    ['registryOutageMinutes', 'Thời gian mất kết nối CSDL dân cư (phút)', 'Registry outage time (minutes)', 'decimal', (f) => f.registry.outageMinutes],
    ['registryOngoingOutages', 'Số lần mất kết nối CSDL dân cư chưa kết thúc khi lập báo cáo', 'Registry outages still open at the time of the report', 'integer', (f) => f.registry.ongoingOutages],
    ['billableChecks', 'Lượt xác thực tính phí', 'Billable registry checks', 'integer', (f) => f.registry.billableChecks],
    ['incidents', 'Sự cố', 'Incidents', 'integer', (f) => f.incidents.total],
    ['examsStarted', 'Bài thi bắt đầu', 'Exams started', 'integer', (f) => f.exams.started],
    ['examsSubmitted', 'Bài thi nộp', 'Exams submitted', 'integer', (f) => f.exams.submitted],
    ['examsAutoFinalised', 'Bài thi tự động kết thúc', 'Exams auto-finalised', 'integer', (f) => f.exams.autoFinalised],
    ['answersResent', 'Câu trả lời gửi lại sau mất mạng', 'Answers resent after a network loss', 'integer', (f) => f.exams.answersResent],
    ['attemptsHeld', 'Bài thi bị tạm giữ do kết quả CSDL dân cư đến muộn', 'Attempts held after a late registry result', 'integer', (f) => f.holds.held],
    ['heldReadmitted', 'Bài thi bị tạm giữ: cho vào thi lại theo quyết định của CBCT', 'Held attempts: re-admitted by proctor override', 'integer', (f) => f.holds.readmitted],
    ['heldKeptLocked', 'Bài thi bị tạm giữ: CBCT giữ khóa', 'Held attempts: kept locked by the proctor', 'integer', (f) => f.holds.keptLocked],
    ['heldUndecided', 'Bài thi bị tạm giữ: chưa có quyết định', 'Held attempts: no decision yet', 'integer', (f) => f.holds.undecided],
    ['candidateSatisfaction', 'Điểm hài lòng của thí sinh (1–5)', 'Candidate satisfaction (1–5)', 'decimal', (f) => meanRating(f.feedback.candidate)],
    ['proctorSatisfaction', 'Điểm hài lòng của CBCT (1–5)', 'Proctor satisfaction (1–5)', 'decimal', (f) => meanRating(f.feedback.proctor)],
  ];

  return metrics.map(([key, labelVi, labelEn, kind, read]) => ({
    key,
    labelVi,
    labelEn,
    kind,
    values: Object.fromEntries(rounds.map((entry) => [entry.round.number, read(entry.department)])),
  }));
}

/** Returns the mean of every Likert answer of a group, so each statement weighs by its answer count; null without answers. */
function meanRating(feedback: FeedbackFigures): number | null {
  const answered = feedback.likert.reduce((sum, item) => sum + item.answered, 0);
  if (answered === 0) {
    return null;
  }

  const total = feedback.likert.reduce((sum, item) => sum + item.counts.reduce((acc, count, index) => acc + count * (index + 1), 0), 0);
  return total / answered;
}

function seconds(milliseconds: number | null): number | null {
  return milliseconds === null ? null : milliseconds / 1000;
}

function latestAttempt(attempts: CheckInAttemptRecord[]): CheckInAttemptRecord {
  return attempts.reduce((latest, attempt) => (Date.parse(attempt.endedAt) >= Date.parse(latest.endedAt) ? attempt : latest));
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
