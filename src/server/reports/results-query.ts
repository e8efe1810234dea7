import type { Kysely } from 'kysely';

import type { Question, Response } from '../../exam/question.js';
import type { CandidateResult, ResultsInput } from '../../reports/results.js';
import type { CandidateResponses, ItemKey } from '../../reports/statistics/item-statistics.js';
import type { Database } from '../db/schema.js';
import { examDb } from '../exam/exam-schema.js';

/** The Vietnamese 10-point scale that results are reported on. */
export const RESULT_SCALE_MAX = 10;
const PASS_MARK = 5;
const OPTION_LETTERS = 'ABCDEFGHIJ';

export interface ResultsFilter {
  examEventId: string;
  unitId?: string;
}

/**
 * Loads the results of one exam event: every registered candidate with their score on the
 * 10-point scale (raw score / maximum × 10, rounded to 0.01), and the graded responses per
 * question for item statistics. A candidate without a finished, fully graded attempt has
 * score null. Option ids are prefixed with the question id, so two questions that use the
 * same option ids stay apart.
 */
export async function loadResultsInput(db: Kysely<Database>, filter: ResultsFilter): Promise<ResultsInput> {
  const exam = examDb(db);
  const event = await exam.selectFrom('exam_events').select(['id', 'title']).where('id', '=', filter.examEventId).executeTakeFirst();
  if (event === undefined) {
    throw new Error(`exam event ${filter.examEventId} was not found; list exam events and give an existing id`);
  }

  let registrations = exam
    .selectFrom('exam_registrations')
    .innerJoin('candidates', 'candidates.id', 'exam_registrations.candidate_id')
    .innerJoin('units', 'units.id', 'candidates.unit_id')
    .leftJoin('classes', 'classes.id', 'candidates.class_id')
    .select([
      'candidates.id as candidateId',
      'candidates.unit_id as unitId',
      'units.name as unitName',
      'classes.name as className',
      'exam_registrations.candidate_number as candidateNumber',
      'candidates.full_name_display as fullName',
      'candidates.id_number as idNumber',
    ])
    .where('exam_registrations.exam_event_id', '=', filter.examEventId);
  if (filter.unitId !== undefined) {
    registrations = registrations.where('candidates.unit_id', '=', filter.unitId);
  }
  const registered = await registrations.orderBy('exam_registrations.candidate_number').execute();

  const attempts = await exam
    .selectFrom('exam_attempts')
    .innerJoin('exam_sessions', 'exam_sessions.id', 'exam_attempts.exam_session_id')
    .select(['exam_attempts.id as attemptId', 'exam_attempts.candidate_id as candidateId', 'exam_attempts.score as score', 'exam_attempts.max_score as maxScore'])
    .where('exam_sessions.exam_event_id', '=', filter.examEventId)
    .where('exam_attempts.status', 'in', ['submitted', 'expired'])
    .where('exam_attempts.manual_pending', '=', 0)
    .where('exam_attempts.score', 'is not', null)
    .orderBy('exam_attempts.finished_at')
    .execute();

  const attemptByCandidate = new Map<string, (typeof attempts)[number]>();
  for (const attempt of attempts) {
    if (!attemptByCandidate.has(attempt.candidateId)) {
      attemptByCandidate.set(attempt.candidateId, attempt);
    }
  }

  const candidates: CandidateResult[] = registered.map((row) => {
    const attempt = attemptByCandidate.get(row.candidateId);
    return { ...row, score: attempt === undefined ? null : toScale(attempt.score, attempt.maxScore) };
  });

  const registeredIds = new Set(registered.map((row) => row.candidateId));
  const gradedAttempts = [...attemptByCandidate.values()].filter((attempt) => registeredIds.has(attempt.candidateId));

  return {
    examTitle: event.title,
    maxScore: RESULT_SCALE_MAX,
    passMark: PASS_MARK,
    candidates,
    items: await loadItems(db, gradedAttempts.map((attempt) => ({ attemptId: attempt.attemptId, candidateId: attempt.candidateId }))),
  };
}

async function loadItems(db: Kysely<Database>, attempts: { attemptId: string; candidateId: string }[]): Promise<ResultsInput['items']> {
  if (attempts.length === 0) {
    return { keys: [], responses: [], labels: {} };
  }

  const exam = examDb(db);
  const attemptIds = attempts.map((attempt) => attempt.attemptId);
  const grades = await exam
    .selectFrom('exam_grades')
    .innerJoin('question_versions', 'question_versions.id', 'exam_grades.question_version_id')
    .leftJoin('exam_answers', (join) => join
      .onRef('exam_answers.attempt_id', '=', 'exam_grades.attempt_id')
      .onRef('exam_answers.question_id', '=', 'exam_grades.question_id'))
    .select([
      'exam_grades.attempt_id as attemptId',
      'exam_grades.question_id as questionId',
      'exam_grades.score as score',
      'exam_grades.max_score as maxScore',
      'question_versions.body as body',
      'exam_answers.value as answer',
    ])
    .where('exam_grades.attempt_id', 'in', attemptIds)
    .execute();

  const keys = new Map<string, ItemKey>();
  const labels: Record<string, string> = {};
  const responses = new Map(attempts.map((attempt) => [attempt.attemptId, { candidateId: attempt.candidateId, responses: [] } as { candidateId: string; responses: CandidateResponses['responses'][number][] }]));

  for (const grade of grades) {
    const question = JSON.parse(grade.body) as Question;

    if (!keys.has(grade.questionId)) {
      keys.set(grade.questionId, itemKey(grade.questionId, question));
      labels[grade.questionId] = `Câu ${keys.size}`;
      for (const [index, option] of optionsOf(question).entries()) {
        labels[`${grade.questionId}:${option}`] = OPTION_LETTERS[index] ?? String(index + 1);
      }
    }

    responses.get(grade.attemptId)?.responses.push({
      itemId: grade.questionId,
      score: grade.score ?? 0,
      maxScore: grade.maxScore,
      choices: choicesOf(grade.questionId, grade.answer),
    });
  }

  return { keys: [...keys.values()], responses: [...responses.values()], labels };
}

function itemKey(questionId: string, question: Question): ItemKey {
  const prefix = (id: string) => `${questionId}:${id}`;

  switch (question.kind) {
    case 'single':
      return { itemId: questionId, optionIds: question.options.map((option) => prefix(option.id)), keyOptionIds: [prefix(question.correctOptionId)] };
    case 'multiple':
      return { itemId: questionId, optionIds: question.options.map((option) => prefix(option.id)), keyOptionIds: question.correctOptionIds.map(prefix) };
    default:
      return { itemId: questionId };
  }
}

function optionsOf(question: Question): string[] {
  return question.kind === 'single' || question.kind === 'multiple' ? question.options.map((option) => option.id) : [];
}

function choicesOf(questionId: string, answer: string | null): string[] {
  if (answer === null) {
    return [];
  }

  const response = JSON.parse(answer) as Response;
  switch (response.kind) {
    case 'single':
      return response.optionId === null ? [] : [`${questionId}:${response.optionId}`];
    case 'multiple':
      return response.optionIds.map((id) => `${questionId}:${id}`);
    default:
      return [];
  }
}

function toScale(score: number | null, maxScore: number | null): number | null {
  if (score === null || maxScore === null || maxScore <= 0) {
    return null;
  }

  return Math.round((score / maxScore) * RESULT_SCALE_MAX * 100) / 100;
}
