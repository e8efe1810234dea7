import type { Kysely } from 'kysely';

import { QUESTIONNAIRES, validateFeedbackAnswers, type FeedbackAnswers, type Respondent } from '../../reports/feedback-questionnaire.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';

export interface FeedbackSubmission {
  examEventId: string;
  unitId: string;
  respondent: Respondent;
  /** Set for a candidate's response. */
  candidateId?: string;
  /** Set for a proctor's response. */
  userId?: string;
  answers: FeedbackAnswers;
}

/** Thrown when a feedback submission does not fit the questionnaire; `problems` lists each fault. */
export class InvalidFeedbackError extends Error {
  constructor(readonly problems: string[]) {
    super(`feedback is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidFeedbackError';
  }
}

/**
 * Stores a questionnaire response after checking it against the current questionnaire. A
 * second response of the same candidate or proctor to the same exam event replaces the first.
 */
export async function saveFeedback(db: Kysely<Database>, submission: FeedbackSubmission): Promise<void> {
  const questionnaire = QUESTIONNAIRES[submission.respondent];
  const problems = validateFeedbackAnswers(questionnaire, submission.answers);

  const respondentId = submission.respondent === 'candidate' ? submission.candidateId : submission.userId;
  if (respondentId === undefined) {
    problems.push(`a ${submission.respondent} response needs ${submission.respondent === 'candidate' ? 'candidateId' : 'userId'}`);
  }
  if (problems.length > 0) {
    throw new InvalidFeedbackError(problems);
  }

  const candidateId = submission.respondent === 'candidate' ? (submission.candidateId ?? null) : null;
  const userId = submission.respondent === 'proctor' ? (submission.userId ?? null) : null;

  await db.transaction().execute(async (trx) => {
    let previous = trx.deleteFrom('feedback_responses').where('exam_event_id', '=', submission.examEventId);
    previous = candidateId === null ? previous.where('user_id', '=', userId) : previous.where('candidate_id', '=', candidateId);
    await previous.execute();

    await trx
      .insertInto('feedback_responses')
      .values({
        id: newId(),
        exam_event_id: submission.examEventId,
        unit_id: submission.unitId,
        respondent: submission.respondent,
        candidate_id: candidateId,
        user_id: userId,
        questionnaire_version: questionnaire.version,
        answers: JSON.stringify(submission.answers),
        submitted_at: nowIso(),
      })
      .execute();
  });
}
