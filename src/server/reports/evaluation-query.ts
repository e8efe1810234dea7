import type { Kysely } from 'kysely';

import type {
  EvaluationInput,
  ExamAttemptRecord,
  FeedbackRecord,
  IncidentRecord,
  RegistrationRecord,
  RegistryCheckRecord,
  RegistryOutageRecord,
} from '../../reports/evaluation-input.js';
import type { FeedbackAnswers } from '../../reports/feedback-questionnaire.js';
import type { RegistryTables } from '../../registry/storage-schema.js';
import type { Database } from '../db/schema.js';
import { incidentDb } from '../checkin/incident-schema.js';
import { outageDb } from '../checkin/registry-outage-store.js';
import { examDb } from '../exam/exam-schema.js';
import { countResendsByAttempt } from '../exam/save-resends.js';
import { loadAttemptHolds } from './attempt-hold-query.js';
import { loadCheckInAttempts } from './check-in-query.js';

/**
 * Fills the evaluation input from storage: units, pilot rounds, registrations of exam events
 * that belong to a round (once per candidate, unit and round), check-in attempts, registry
 * checks and outages, exam attempts, attempts held after a late registry result and feedback. Exam events without a pilot round are not
 * part of the evaluation. `now` ends the outage periods that are still open.
 */
export async function loadEvaluationInput(db: Kysely<Database>, now: Date = new Date()): Promise<EvaluationInput> {
  const units = await db.selectFrom('units').select(['id', 'code', 'name']).orderBy('code').execute();
  const rounds = await db.selectFrom('pilot_rounds').select(['number', 'name']).orderBy('number').execute();

  return {
    units,
    rounds,
    registrations: await loadRegistrations(db),
    checkInAttempts: await loadCheckInAttempts(db),
    registryChecks: await loadRegistryChecks(db),
    registryOutages: await loadRegistryOutages(db, now),
    incidents: await loadIncidents(db),
    examAttempts: await loadExamAttempts(db),
    attemptHolds: await loadAttemptHolds(db),
    feedback: await loadFeedback(db),
  };
}

async function loadRegistrations(db: Kysely<Database>): Promise<RegistrationRecord[]> {
  const rows = await db
    .selectFrom('exam_registrations')
    .innerJoin('exam_events', 'exam_events.id', 'exam_registrations.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .innerJoin('candidates', 'candidates.id', 'exam_registrations.candidate_id')
    .select(['pilot_rounds.number as round', 'exam_events.unit_id as unitId', 'candidates.id as candidateId', 'candidates.chip_status as chipStatus'])
    .distinct()
    .execute();

  return rows.map((row) => ({
    round: row.round,
    unitId: row.unitId,
    candidateId: row.candidateId,
    hasChippedCard: row.chipStatus === 'chipped',
  }));
}

/**
 * Reads one registry check per candidate and exam event: the cached answer's outcome, or
 * `pending` while a retry job waits for the service, or `error` when the job failed for good.
 * A check is billable when the metering table has a row for it.
 */
async function loadRegistryChecks(db: Kysely<Database>): Promise<RegistryCheckRecord[]> {
  // The registry's tables are typed in src/registry (interfaces, which withTables() rejects
  // for lack of an index signature), so the handle is widened by a cast.
  const registry = db as unknown as Kysely<Database & RegistryTables>;

  const answers = await registry
    .selectFrom('registry_answers')
    .innerJoin('exam_events', 'exam_events.id', 'registry_answers.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .leftJoin('registry_billable_checks', (join) => join
      .onRef('registry_billable_checks.exam_event_id', '=', 'registry_answers.exam_event_id')
      .onRef('registry_billable_checks.candidate_id', '=', 'registry_answers.candidate_id'))
    .select([
      'pilot_rounds.number as round',
      'exam_events.unit_id as unitId',
      'registry_answers.candidate_id as candidateId',
      'registry_answers.outcome as outcome',
      'registry_billable_checks.candidate_id as billedCandidateId',
    ])
    .execute();

  const answered = new Set(answers.map((row) => `${row.round}|${row.unitId}|${row.candidateId}`));
  const jobs = await registry
    .selectFrom('registry_retry_jobs')
    .innerJoin('exam_events', 'exam_events.id', 'registry_retry_jobs.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select(['pilot_rounds.number as round', 'exam_events.unit_id as unitId', 'registry_retry_jobs.candidate_id as candidateId', 'registry_retry_jobs.status as status'])
    .where('registry_retry_jobs.status', 'in', ['pending', 'running', 'failed'])
    .execute();

  const unanswered = new Map<string, RegistryCheckRecord>();
  for (const job of jobs) {
    const key = `${job.round}|${job.unitId}|${job.candidateId}`;
    if (answered.has(key)) {
      continue;
    }
    unanswered.set(key, {
      round: job.round,
      unitId: job.unitId,
      candidateId: job.candidateId,
      outcome: job.status === 'failed' ? 'error' : 'pending',
      billable: false,
    });
  }

  return [
    ...answers.map((row): RegistryCheckRecord => ({
      round: row.round,
      unitId: row.unitId,
      candidateId: row.candidateId,
      outcome: row.outcome,
      billable: row.billedCandidateId !== null,
    })),
    ...unanswered.values(),
  ];
}

/**
 * Reads the registry outage periods of exam events in a pilot round. A period still open ends
 * at `now`, so the report shows the outage so far.
 */
async function loadRegistryOutages(db: Kysely<Database>, now: Date): Promise<RegistryOutageRecord[]> {
  const rows = await outageDb(db)
    .selectFrom('registry_outages')
    .innerJoin('exam_events', 'exam_events.id', 'registry_outages.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select(['pilot_rounds.number as round', 'exam_events.unit_id as unitId', 'registry_outages.started_at as startedAt', 'registry_outages.ended_at as endedAt'])
    .orderBy('registry_outages.started_at')
    .execute();

  return rows.map((row) => ({
    round: row.round,
    unitId: row.unitId,
    startedAt: row.startedAt,
    endedAt: row.endedAt ?? now.toISOString(),
    ongoing: row.endedAt === null,
  }));
}

const ATTEMPT_STATUSES: Partial<Record<string, ExamAttemptRecord['status']>> = {
  in_progress: 'in_progress',
  submitted: 'submitted',
  expired: 'auto_finalised',
};

/**
 * Reads the exam attempts that started. The server finalises an attempt at the deadline with
 * status `expired`, which the evaluation counts as auto-finalised. answersResent counts the save
 * items the seat browser marked as resent (table exam_save_resends).
 */
async function loadExamAttempts(db: Kysely<Database>): Promise<ExamAttemptRecord[]> {
  const rows = await examDb(db)
    .selectFrom('exam_attempts')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'exam_attempts.exam_session_id')
    .innerJoin('exam_events', 'exam_events.id', 'exam_sessions.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select(['exam_attempts.id as attemptId', 'pilot_rounds.number as round', 'exam_events.unit_id as unitId', 'exam_attempts.candidate_id as candidateId', 'exam_attempts.status as status'])
    .where('exam_attempts.status', 'in', ['in_progress', 'submitted', 'expired'])
    .execute();
  const resends = await countResendsByAttempt(db);

  return rows.map((row) => ({
    round: row.round,
    unitId: row.unitId,
    candidateId: row.candidateId,
    status: ATTEMPT_STATUSES[row.status] ?? 'in_progress',
    answersResent: resends.get(row.attemptId) ?? 0,
  }));
}

async function loadFeedback(db: Kysely<Database>): Promise<FeedbackRecord[]> {
  const rows = await db
    .selectFrom('feedback_responses')
    .innerJoin('exam_events', 'exam_events.id', 'feedback_responses.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select(['pilot_rounds.number as round', 'feedback_responses.unit_id as unitId', 'feedback_responses.respondent as respondent', 'feedback_responses.answers as answers'])
    .orderBy('feedback_responses.submitted_at')
    .execute();

  return rows.map((row) => ({
    round: row.round,
    unitId: row.unitId,
    respondent: row.respondent,
    answers: JSON.parse(row.answers) as FeedbackAnswers,
  }));
}

/** Reads the kind of every incident report (biên bản) of a session in a pilot round. */
async function loadIncidents(db: Kysely<Database>): Promise<IncidentRecord[]> {
  return incidentDb(db)
    .selectFrom('incident_reports')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'incident_reports.exam_session_id')
    .innerJoin('exam_events', 'exam_events.id', 'exam_sessions.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select(['pilot_rounds.number as round', 'incident_reports.unit_id as unitId', 'incident_reports.kind as kind'])
    .execute();
}
