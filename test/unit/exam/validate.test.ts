import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isExamError } from '../../../src/exam/errors.js';
import type { Question } from '../../../src/exam/question.js';
import { listQuestionProblems } from '../../../src/exam/validate-question.js';
import { parseResponse } from '../../../src/exam/validate-response.js';
import { singleChoice, trueFalse } from './fixtures.js';

describe('question validation', () => {
  it('accepts valid questions', () => {
    assert.deepEqual(listQuestionProblems(singleChoice()), []);
    assert.deepEqual(listQuestionProblems(trueFalse()), []);
  });

  it('names a key that is not an option', () => {
    const question = { ...singleChoice(), correctOptionId: 'o-x' } as Question;
    assert.match(listQuestionProblems(question).join(), /"o-x" is not one of the options/);
  });

  it('requires 4 statements in a true/false item', () => {
    const base = trueFalse() as Extract<Question, { kind: 'true-false-4' }>;
    const question = { ...base, statements: base.statements.slice(0, 3) };
    assert.match(listQuestionProblems(question).join(), /exactly 4 statements/);
  });
});

describe('response parsing', () => {
  it('accepts an option id of the question', () => {
    assert.deepEqual(parseResponse(singleChoice(), { kind: 'single', optionId: 'o-hue' }), { kind: 'single', optionId: 'o-hue' });
  });

  it('rejects a position in place of an id', () => {
    assert.throws(() => parseResponse(singleChoice(), { kind: 'single', optionId: 'B' }), (error) => isExamError(error, 'RESPONSE_INVALID'));
  });

  it('rejects an unknown statement', () => {
    assert.throws(() => parseResponse(trueFalse(), { kind: 'true-false-4', values: { 's-z': true } }), (error) => isExamError(error, 'RESPONSE_INVALID'));
  });

  it('rejects a response of another kind', () => {
    assert.throws(() => parseResponse(trueFalse(), { kind: 'short', text: 'x' }), (error) => isExamError(error, 'RESPONSE_INVALID'));
  });
});
