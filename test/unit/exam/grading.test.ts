import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { gradeEssayByHand, gradeResponse, matchesShortAnswer } from '../../../src/exam/grading.js';
import { isExamError } from '../../../src/exam/errors.js';
import type { Question } from '../../../src/exam/question.js';
import { singleChoice, trueFalse } from './fixtures.js';

describe('single choice grading', () => {
  it('gives full points for the key', () => {
    assert.equal(gradeResponse(singleChoice(), { kind: 'single', optionId: 'o-hn' }).score, 0.25);
  });

  it('gives zero for another option', () => {
    assert.equal(gradeResponse(singleChoice(), { kind: 'single', optionId: 'o-hue' }).score, 0);
  });

  it('marks a null choice unanswered', () => {
    const grade = gradeResponse(singleChoice(), { kind: 'single', optionId: null });
    assert.equal(grade.status, 'unanswered');
    assert.equal(grade.score, 0);
  });

  it('rejects a response of another kind', () => {
    assert.throws(() => gradeResponse(singleChoice(), { kind: 'short', text: 'Hà Nội' }), (error) => isExamError(error, 'RESPONSE_INVALID'));
  });
});

describe('multiple choice grading', () => {
  const question: Question = { ...singleChoice(), kind: 'multiple', correctOptionIds: ['o-hn', 'o-hcm'] } as Question;

  it('gives full points for the exact set in any order', () => {
    assert.equal(gradeResponse(question, { kind: 'multiple', optionIds: ['o-hcm', 'o-hn'] }).score, 0.25);
  });

  it('gives zero for a subset', () => {
    assert.equal(gradeResponse(question, { kind: 'multiple', optionIds: ['o-hn'] }).score, 0);
  });

  it('gives zero for a superset', () => {
    assert.equal(gradeResponse(question, { kind: 'multiple', optionIds: ['o-hn', 'o-hcm', 'o-dn'] }).score, 0);
  });
});

describe('true/false item grading', () => {
  const key = { 's-a': true, 's-b': false, 's-c': true, 's-d': false };
  const cases: [string, Record<string, boolean | null>, number, number][] = [
    ['4 correct', key, 4, 1],
    ['3 correct', { ...key, 's-d': true }, 3, 0.5],
    ['2 correct', { ...key, 's-c': false, 's-d': true }, 2, 0.25],
    ['1 correct', { 's-a': true, 's-b': true, 's-c': false, 's-d': true }, 1, 0.1],
    ['0 correct', { 's-a': false, 's-b': true, 's-c': false, 's-d': true }, 0, 0],
    ['3 answered, all correct', { 's-a': true, 's-b': false, 's-c': true, 's-d': null }, 3, 0.5],
  ];

  for (const [name, values, correct, share] of cases) {
    it(`scores ${name} as ${share} of the points`, () => {
      const grade = gradeResponse(trueFalse('q', 1), { kind: 'true-false-4', values });
      assert.equal(grade.correctStatements, correct);
      assert.equal(grade.score, share);
    });
  }

  it('scales the share by the item points', () => {
    const grade = gradeResponse(trueFalse('q', 2), { kind: 'true-false-4', values: { ...key, 's-d': true } });
    assert.equal(grade.score, 1);
  });

  it('marks an item with no values unanswered', () => {
    assert.equal(gradeResponse(trueFalse(), { kind: 'true-false-4', values: {} }).status, 'unanswered');
  });
});

describe('short answer comparison', () => {
  it('folds case, spaces and Unicode forms', () => {
    const decomposed = 'Ha\u0300  No\u0323\u0302i '.normalize('NFD');
    assert.equal(matchesShortAnswer({ kind: 'text', value: 'hà nội' }, decomposed), true);
    assert.equal(matchesShortAnswer({ kind: 'text', value: 'HÀ NỘI' }, '  hà   nội'), true);
  });

  it('keeps Vietnamese tone marks distinct', () => {
    assert.equal(matchesShortAnswer({ kind: 'text', value: 'hà nội' }, 'ha noi'), false);
  });

  it('accepts a comma or a point as the decimal mark', () => {
    const key = { kind: 'number', value: -1.5, tolerance: 0 } as const;
    assert.equal(matchesShortAnswer(key, '-1,5'), true);
    assert.equal(matchesShortAnswer(key, '-1.5'), true);
    assert.equal(matchesShortAnswer(key, '-1.50'), true);
  });

  it('applies the tolerance', () => {
    const key = { kind: 'number', value: 3.14, tolerance: 0.01 } as const;
    assert.equal(matchesShortAnswer(key, '3,15'), true);
    assert.equal(matchesShortAnswer(key, '3.13'), true);
    assert.equal(matchesShortAnswer(key, '3.16'), false);
  });

  it('rejects text that is not a number for a numeric key', () => {
    assert.equal(matchesShortAnswer({ kind: 'number', value: 1, tolerance: 0 }, '1,000.5'), false);
    assert.equal(matchesShortAnswer({ kind: 'number', value: 1, tolerance: 0 }, 'một'), false);
  });

  it('scores through gradeResponse against any accepted key', () => {
    const question: Question = { id: 'q', kind: 'short', stem: 'Tính', points: 0.5, answers: [{ kind: 'number', value: 0.3, tolerance: 0 }, { kind: 'text', value: 'ba phần mười' }] };
    assert.equal(gradeResponse(question, { kind: 'short', text: '0,3' }).score, 0.5);
    assert.equal(gradeResponse(question, { kind: 'short', text: 'Ba phần  mười' }).score, 0.5);
    assert.equal(gradeResponse(question, { kind: 'short', text: '0,4' }).score, 0);
  });
});

describe('essay grading', () => {
  const essay: Question = { id: 'e', kind: 'essay', stem: 'Viết đoạn văn', points: 3 };

  it('leaves a written essay for manual grading', () => {
    const grade = gradeResponse(essay, { kind: 'essay', text: 'Bài viết' });
    assert.equal(grade.status, 'manual');
    assert.equal(grade.score, null);
  });

  it('accepts a hand grade within the points', () => {
    assert.equal(gradeEssayByHand(essay, 2.5).score, 2.5);
  });

  it('rejects a hand grade above the points', () => {
    assert.throws(() => gradeEssayByHand(essay, 3.5), (error) => isExamError(error, 'RESPONSE_INVALID'));
  });
});
