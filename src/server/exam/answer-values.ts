// Answer values as the exam API carries them, and their conversion to the domain's responses:
// `{choice}` (single), `{choices}` (multiple), `{statements}` (true/false), `{text}` (short
// answer, essay); null clears the answer.
import { ExamError } from '../../exam/errors.js';
import type { Question, Response } from '../../exam/question.js';
import { parseResponse } from '../../exam/validate-response.js';

export type ApiAnswerValue =
  | { choice: string | null }
  | { choices: string[] }
  | { statements: Record<string, boolean | null> }
  | { text: string };

/** Question kinds as the API names them. */
export const API_KINDS: Record<Question['kind'], string> = { single: 'single', multiple: 'multiple', 'true-false-4': 'true_false', short: 'short', essay: 'essay' };

/** Converts an API value to a response of `question`; throws ExamError RESPONSE_INVALID. */
export function toResponse(question: Question, value: unknown): Response | null {
  if (value === null) {
    return null;
  }

  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ExamError('RESPONSE_INVALID', 'the value must be an object or null');
  }

  const record = value as Record<string, unknown>;

  switch (question.kind) {
    case 'single':
      // A value without `choice` has the wrong shape. Only null, or a null `choice`, clears the response.
      if (!('choice' in record) || (record.choice !== null && typeof record.choice !== 'string')) {
        throw new ExamError('RESPONSE_INVALID', 'the value of a single-choice question must be {"choice": an option id or null}');
      }

      return parseResponse(question, { kind: 'single', optionId: record.choice });
    case 'multiple':
      return parseResponse(question, { kind: 'multiple', optionIds: record.choices });
    case 'true-false-4':
      return parseResponse(question, { kind: 'true-false-4', values: record.statements });
    case 'short':
    case 'essay':
      return parseResponse(question, { kind: question.kind, text: record.text });
  }
}

/** Converts a stored response back to the API value. */
export function toApiValue(response: Response | null): ApiAnswerValue | null {
  if (response === null) {
    return null;
  }

  switch (response.kind) {
    case 'single':
      return { choice: response.optionId };
    case 'multiple':
      return { choices: response.optionIds };
    case 'true-false-4':
      return { statements: response.values };
    case 'short':
    case 'essay':
      return { text: response.text };
  }
}
