import { ExamError } from './errors.js';
import { foldText, parseDecimal } from './normalize-text.js';
import type { Question, Response, ShortAnswerKey, TrueFalseQuestion } from './question.js';

/** Share of a 2025-format true/false item's points for 0, 1, 2, 3 and 4 correct statements. */
export const TRUE_FALSE_SHARES = [0, 0.1, 0.25, 0.5, 1] as const;

/** Relative tolerance added to every numeric comparison, so that 0.1 + 0.2 equals 0.3. */
const FLOAT_EPSILON = 1e-9;

export type GradeStatus = 'graded' | 'unanswered' | 'manual';

/** The grade of one response. `score` is null while a manual grade is pending. */
export interface Grade {
  status: GradeStatus;
  score: number | null;
  maxScore: number;
  /** For true/false items, the number of statements judged correctly. */
  correctStatements?: number;
}

/** Rounds a score to 4 decimals, so sums of shares like 0.1 or 0.25 print exactly. */
export function roundScore(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Grades one response by option and statement ids. Essays return status `manual` with a null
 * score. A missing response is `unanswered` with score 0.
 */
export function gradeResponse(question: Question, response: Response | null): Grade {
  const maxScore = question.points;

  if (question.kind === 'essay') {
    return { status: response === null || response.kind !== 'essay' || response.text.trim() === '' ? 'unanswered' : 'manual', score: null, maxScore };
  }

  if (response === null || isEmptyResponse(response)) {
    return { status: 'unanswered', score: 0, maxScore };
  }

  if (response.kind !== question.kind) {
    throw new ExamError('RESPONSE_INVALID', `question ${question.id} is ${question.kind}, the response is ${response.kind}; send a response of the question's kind`);
  }

  switch (question.kind) {
    case 'single': {
      const chosen = (response as Extract<Response, { kind: 'single' }>).optionId;
      return { status: 'graded', score: chosen === question.correctOptionId ? maxScore : 0, maxScore };
    }

    case 'multiple': {
      const chosen = new Set((response as Extract<Response, { kind: 'multiple' }>).optionIds);
      const key = new Set(question.correctOptionIds);
      const equal = chosen.size === key.size && [...key].every((id) => chosen.has(id));
      return { status: 'graded', score: equal ? maxScore : 0, maxScore };
    }

    case 'true-false-4': {
      const correct = countCorrectStatements(question, (response as Extract<Response, { kind: 'true-false-4' }>).values);
      return { status: 'graded', score: roundScore(maxScore * (TRUE_FALSE_SHARES[correct] ?? 0)), maxScore, correctStatements: correct };
    }

    case 'short': {
      const text = (response as Extract<Response, { kind: 'short' }>).text;
      const matches = question.answers.some((key) => matchesShortAnswer(key, text));
      return { status: 'graded', score: matches ? maxScore : 0, maxScore };
    }
  }
}

function countCorrectStatements(question: TrueFalseQuestion, values: Record<string, boolean | null>): number {
  let correct = 0;

  for (const statement of question.statements) {
    const value = values[statement.id];

    if (typeof value === 'boolean' && value === statement.correct) {
      correct += 1;
    }
  }

  return correct;
}

/** Compares a short-answer text with one key: numbers within tolerance, texts after folding. */
export function matchesShortAnswer(key: ShortAnswerKey, text: string): boolean {
  if (key.kind === 'number') {
    const value = parseDecimal(text);

    if (value === null) {
      return false;
    }

    return Math.abs(value - key.value) <= key.tolerance + FLOAT_EPSILON * Math.max(1, Math.abs(key.value));
  }

  return foldText(text) === foldText(key.value);
}

/** Returns true when the response carries no answer at all. */
export function isEmptyResponse(response: Response): boolean {
  switch (response.kind) {
    case 'single':
      return response.optionId === null;
    case 'multiple':
      return response.optionIds.length === 0;
    case 'true-false-4':
      return Object.values(response.values).every((value) => value === null || value === undefined);
    case 'short':
    case 'essay':
      return response.text.trim() === '';
  }
}

/** Grades an essay by hand: checks the score is within 0..points and on a 0.01 step. */
export function gradeEssayByHand(question: Question, score: number): Grade {
  if (question.kind !== 'essay') {
    throw new ExamError('RESPONSE_INVALID', `question ${question.id} is ${question.kind}; only essays are graded by hand`);
  }

  if (!Number.isFinite(score) || score < 0 || score > question.points + FLOAT_EPSILON) {
    throw new ExamError('RESPONSE_INVALID', `score ${score} for question ${question.id} is outside 0..${question.points}; enter a score within the question's points`);
  }

  return { status: 'graded', score: roundScore(score), maxScore: question.points };
}
