// After the exam: every answer a seat saw acknowledged must be in storage at that version or a
// later one, and at that version with the value the seat sent. Reads the database directly,
// once the server process has stopped.
import { isDeepStrictEqual } from 'node:util';

import type { Kysely } from 'kysely';

import type { Response } from '../exam/question.js';
import { toApiValue } from '../server/exam/answer-values.js';
import { examDb } from '../server/exam/exam-schema.js';
import type { Database } from '../server/db/schema.js';
import type { SeatBrowser } from './exam-step.js';

export interface AnswerAudit {
  acknowledgedAnswers: number;
  storedAnswers: number;
  /** Acknowledged answers missing from storage or stored at an older version or another value. */
  lost: { candidateNumber: string; questionId: string }[];
}

export async function auditAnswers(db: Kysely<Database>, seats: SeatBrowser[]): Promise<AnswerAudit> {
  const attemptIds = seats.map((seat) => seat.attemptId);
  const rows = attemptIds.length === 0 ? [] : await examDb(db).selectFrom('exam_answers').select(['attempt_id', 'question_id', 'version', 'value']).where('attempt_id', 'in', attemptIds).execute();
  const stored = new Map(rows.map((row) => [`${row.attempt_id}|${row.question_id}`, row]));
  const lost: AnswerAudit['lost'] = [];
  let acknowledgedAnswers = 0;

  for (const seat of seats) {
    for (const [questionId, acknowledged] of seat.acknowledged) {
      acknowledgedAnswers += 1;
      const row = stored.get(`${seat.attemptId}|${questionId}`);
      const version = row === undefined ? 0 : Number(row.version);
      const value = row === undefined || row.value === null ? null : toApiValue(JSON.parse(row.value) as Response);
      const kept = version > acknowledged.version || (version === acknowledged.version && isDeepStrictEqual(value, acknowledged.value));

      if (!kept) lost.push({ candidateNumber: seat.candidate.candidateNumber, questionId });
    }
  }

  return { acknowledgedAnswers, storedAnswers: rows.filter((row) => row.value !== null).length, lost };
}
