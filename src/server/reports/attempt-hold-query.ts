import type { Kysely } from 'kysely';

import type { AttemptHoldRecord, HoldDecision } from '../../reports/evaluation-input.js';
import type { Database } from '../db/schema.js';
import { examDb } from '../exam/exam-schema.js';

interface HoldEvent {
  action: string;
  details: string;
  attemptId: string;
  round: number;
  unitId: string;
  candidateId: string;
  status: string;
  holdKeptAt: string | null;
}

/**
 * Reads the attempts of pilot rounds that a late registry result put on hold, from the audit
 * log, because re-admission clears the hold columns of exam_attempts. An `exam.attempt.relock`
 * entry counts only when it changed the attempt (`applied`). The last hold or re-admission of
 * an attempt decides: a re-admission makes it `readmitted`, and an attempt still held is
 * `kept_locked` once a proctor recorded that decision (hold_kept_at), `undecided` before.
 */
export async function loadAttemptHolds(db: Kysely<Database>): Promise<AttemptHoldRecord[]> {
  const events: HoldEvent[] = await examDb(db)
    .selectFrom('audit_log')
    .innerJoin('exam_attempts', 'exam_attempts.id', 'audit_log.subject_id')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'exam_attempts.exam_session_id')
    .innerJoin('exam_events', 'exam_events.id', 'exam_sessions.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select([
      'audit_log.action as action',
      'audit_log.details as details',
      'exam_attempts.id as attemptId',
      'pilot_rounds.number as round',
      'exam_events.unit_id as unitId',
      'exam_attempts.candidate_id as candidateId',
      'exam_attempts.status as status',
      'exam_attempts.hold_kept_at as holdKeptAt',
    ])
    .where('audit_log.subject_type', '=', 'exam_attempt')
    .where('audit_log.action', 'in', ['exam.attempt.relock', 'exam.attempt.readmit'])
    .orderBy('audit_log.seq')
    .execute();

  const holds = new Map<string, { event: HoldEvent; reason: string; readmitted: boolean }>();

  for (const event of events) {
    const details = JSON.parse(event.details) as { applied?: boolean; reason?: string };

    if (event.action === 'exam.attempt.relock' && details.applied === true) {
      holds.set(event.attemptId, { event, reason: details.reason ?? 'unspecified', readmitted: false });
      continue;
    }

    const hold = holds.get(event.attemptId);
    if (event.action === 'exam.attempt.readmit' && hold !== undefined) {
      hold.readmitted = true;
    }
  }

  return [...holds.values()].map(({ event, reason, readmitted }) => ({
    round: event.round,
    unitId: event.unitId,
    candidateId: event.candidateId,
    reason,
    decision: decisionOf(readmitted, event),
  }));
}

function decisionOf(readmitted: boolean, attempt: Pick<HoldEvent, 'holdKeptAt'>): HoldDecision {
  if (readmitted) {
    return 'readmitted';
  }

  return attempt.holdKeptAt === null ? 'undecided' : 'kept_locked';
}
