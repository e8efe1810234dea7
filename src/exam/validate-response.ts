import { ExamError } from './errors.js';
import type { Question, Response } from './question.js';
import { SHORT_ANSWER_MAX_LENGTH } from './validate-question.js';

/** Maximum length of an essay response, in characters. */
export const ESSAY_MAX_LENGTH = 100_000;

/**
 * Checks that `value` is a response to `question` that refers only to its option and statement
 * ids, and returns it typed. Throws RESPONSE_INVALID naming what is wrong.
 */
export function parseResponse(question: Question, value: unknown): Response {
  const fail = (problem: string): never => {
    throw new ExamError('RESPONSE_INVALID', `response to question ${question.id} (${question.kind}): ${problem}`);
  };

  if (typeof value !== 'object' || value === null) {
    return fail('expected an object with a "kind" field');
  }

  const record = value as Record<string, unknown>;

  if (record.kind !== question.kind) {
    return fail(`kind is "${String(record.kind)}", expected "${question.kind}"`);
  }

  switch (question.kind) {
    case 'single': {
      const optionId = record.optionId;

      if (optionId !== null && (typeof optionId !== 'string' || !question.options.some((option) => option.id === optionId))) {
        return fail(`optionId "${String(optionId)}" is not an option of this question`);
      }

      return { kind: 'single', optionId: optionId as string | null };
    }

    case 'multiple': {
      const ids = record.optionIds;

      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !question.options.some((option) => option.id === id))) {
        return fail('optionIds must be a list of this question\'s option ids');
      }

      return { kind: 'multiple', optionIds: [...new Set(ids as string[])] };
    }

    case 'true-false-4': {
      const values = record.values;

      if (typeof values !== 'object' || values === null || Array.isArray(values)) {
        return fail('values must map statement ids to true, false or null');
      }

      const parsed: Record<string, boolean | null> = {};

      for (const [id, entry] of Object.entries(values)) {
        if (!question.statements.some((statement) => statement.id === id)) {
          return fail(`"${id}" is not a statement of this question`);
        }

        if (entry !== true && entry !== false && entry !== null) {
          return fail(`statement "${id}" must be true, false or null`);
        }

        parsed[id] = entry;
      }

      return { kind: 'true-false-4', values: parsed };
    }

    case 'short':
    case 'essay': {
      const text = record.text;
      const limit = question.kind === 'short' ? SHORT_ANSWER_MAX_LENGTH : ESSAY_MAX_LENGTH;

      if (typeof text !== 'string' || text.length > limit) {
        return fail(`text must be a string of at most ${limit} characters`);
      }

      return { kind: question.kind, text };
    }
  }
}
