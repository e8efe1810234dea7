import type { Kysely } from 'kysely';

import type { CheckInAttemptRecord } from '../../reports/evaluation-input.js';
import type { Database } from '../db/schema.js';

/** The columns of the check-in table (migration 0200_checkin_tables) that the evaluation reads. */
interface CheckInRow {
  exam_event_id: string;
  unit_id: string;
  candidate_id: string | null;
  status: string;
  outcome: 'admitted' | 'override' | 'refused' | null;
  reason: string | null;
  step_durations_ms: string;
  duration_ms: number | null;
  started_at: string;
  decided_at: string | null;
  ended_at: string | null;
}

const OUTCOMES: Record<'admitted' | 'override' | 'refused', CheckInAttemptRecord['outcome']> = {
  admitted: 'chip',
  override: 'override',
  refused: 'refused',
};

/**
 * Reads the decided check-in attempts of exam events in a pilot round: admitted by chip,
 * admitted by a proctor's override, or refused, each with its reason code, duration and step
 * timings. Cancelled attempts and attempts that never named a candidate are left out.
 */
export async function loadCheckInAttempts(db: Kysely<Database>): Promise<CheckInAttemptRecord[]> {
  // The check-in area types its tables in its own module; this reads only the columns above.
  const checkIns = db as unknown as Kysely<Database & { check_ins: CheckInRow }>;

  const rows = await checkIns
    .selectFrom('check_ins')
    .innerJoin('exam_events', 'exam_events.id', 'check_ins.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select([
      'pilot_rounds.number as round',
      'check_ins.unit_id as unitId',
      'check_ins.candidate_id as candidateId',
      'check_ins.outcome as outcome',
      'check_ins.reason as reason',
      'check_ins.step_durations_ms as steps',
      'check_ins.duration_ms as durationMs',
      'check_ins.started_at as startedAt',
      'check_ins.decided_at as decidedAt',
      'check_ins.ended_at as endedAt',
    ])
    .where('check_ins.status', '=', 'decided')
    .where('check_ins.outcome', 'is not', null)
    .where('check_ins.candidate_id', 'is not', null)
    .execute();

  return rows.map((row) => {
    const endedAt = row.endedAt ?? row.decidedAt ?? row.startedAt;
    const record: CheckInAttemptRecord = {
      round: row.round,
      unitId: row.unitId,
      candidateId: row.candidateId as string,
      outcome: OUTCOMES[row.outcome as keyof typeof OUTCOMES],
      endedAt,
      durationMs: row.durationMs ?? Math.max(0, Date.parse(endedAt) - Date.parse(row.startedAt)),
      stepDurationsMs: parseSteps(row.steps),
    };

    if (row.reason !== null) {
      record.reason = row.reason;
    }
    return record;
  });
}

/** Parses the stored step timings, keeping only finite numbers. */
function parseSteps(json: string): Record<string, number> {
  const parsed = JSON.parse(json) as unknown;
  if (typeof parsed !== 'object' || parsed === null) {
    return {};
  }

  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1])));
}
