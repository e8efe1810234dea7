import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { computeItemStatistics, type CandidateResponses, type ItemKey } from '../../../src/reports/statistics/item-statistics.js';
import { buildScoreDistribution } from '../../../src/reports/statistics/score-distribution.js';
import { pearsonCorrelation, quantile, summarise } from '../../../src/reports/statistics/summary.js';

function close(actual: number | null, expected: number, message?: string): void {
  assert.ok(actual !== null, message ?? 'value is null');
  assert.ok(Math.abs(actual - expected) < 1e-9, `${message ?? ''} expected ${expected}, got ${actual}`);
}

function choiceResponse(itemId: string, choice: string, key: string) {
  return { itemId, score: choice === key ? 1 : 0, maxScore: 1, choices: choice === '' ? [] : [choice] };
}

const OPTIONS = ['a', 'b', 'c'];
const KEYS: ItemKey[] = [
  { itemId: 'q1', optionIds: OPTIONS, keyOptionIds: ['a'] },
  { itemId: 'q2', optionIds: OPTIONS, keyOptionIds: ['b'] },
  { itemId: 'q3', optionIds: OPTIONS, keyOptionIds: ['c'] },
];

// Four candidates; totals 3, 2, 1, 1. Upper group {c1}, lower group {c4} (27% of 4 rounds to
// 1; the tie between c3 and c4 is broken by id). Expected figures worked by hand.
const CANDIDATES: CandidateResponses[] = [
  { candidateId: 'c1', responses: [choiceResponse('q1', 'a', 'a'), choiceResponse('q2', 'b', 'b'), choiceResponse('q3', 'c', 'c')] },
  { candidateId: 'c2', responses: [choiceResponse('q1', 'a', 'a'), choiceResponse('q2', 'b', 'b'), choiceResponse('q3', 'a', 'c')] },
  { candidateId: 'c3', responses: [choiceResponse('q1', 'b', 'a'), choiceResponse('q2', 'b', 'b'), choiceResponse('q3', '', 'c')] },
  { candidateId: 'c4', responses: [choiceResponse('q1', 'b', 'a'), choiceResponse('q2', 'a', 'b'), choiceResponse('q3', 'c', 'c')] },
];

describe('summary figures', () => {
  it('interpolates percentiles between ranks', () => {
    const summary = summarise([100, 1, 3, 2, 4]);

    assert.equal(summary.count, 5);
    assert.equal(summary.min, 1);
    assert.equal(summary.median, 3);
    close(summary.p95, 80.8, 'p95');
    assert.equal(summary.max, 100);
    assert.equal(summary.mean, 22);
  });

  it('handles empty and single lists', () => {
    assert.deepEqual(summarise([]), { count: 0, min: null, mean: null, median: null, p95: null, max: null });
    assert.equal(summarise([7]).p95, 7);
    assert.equal(quantile([1, 2], 0.5), 1.5);
    assert.throws(() => quantile([1], 1.5), /quantile 1.5/);
    assert.throws(() => summarise([1, Number.NaN]), /not a finite number/);
  });

  it('correlates and rejects constant lists', () => {
    close(pearsonCorrelation([1, 2, 3], [2, 4, 6]), 1);
    close(pearsonCorrelation([1, 2, 3], [3, 2, 1]), -1);
    assert.equal(pearsonCorrelation([1, 1, 1], [1, 2, 3]), null);
  });
});

describe('score distribution', () => {
  it('counts scores into bins with the maximum in the last', () => {
    const distribution = buildScoreDistribution([0, 0.5, 1, 9.99, 10, 10], { passMark: 5 });

    assert.equal(distribution.bins.length, 10);
    assert.deepEqual(distribution.bins.map((bin) => bin.count), [2, 1, 0, 0, 0, 0, 0, 0, 0, 3]);
    assert.equal(distribution.bins[9]?.from, 9);
    assert.equal(distribution.bins[9]?.to, 10);
    assert.equal(distribution.passed, 3);
    assert.equal(distribution.summary.median, 5.495);
  });

  it('keeps sums of decimals on their edge', () => {
    const distribution = buildScoreDistribution([0.1 + 0.2 + 0.7, 0.3 + 0.6], { maxScore: 2, binWidth: 0.5 });

    assert.deepEqual(distribution.bins.map((bin) => bin.count), [0, 1, 1, 0]);
  });

  it('rejects a score above the maximum', () => {
    assert.throws(() => buildScoreDistribution([10.5]), /score 10.5 is outside 0..10/);
  });
});

describe('item statistics', () => {
  const statistics = computeItemStatistics(CANDIDATES, KEYS);
  const [q1, q2, q3] = statistics;

  it('computes difficulty', () => {
    assert.equal(q1?.difficulty, 0.5);
    assert.equal(q2?.difficulty, 0.75);
    assert.equal(q3?.difficulty, 0.5);
  });

  it('computes point-biserial against the rest score', () => {
    close(q1?.pointBiserial ?? null, 0.5 / Math.sqrt(0.75), 'q1');
    close(q2?.pointBiserial ?? null, 0, 'q2');
    close(q3?.pointBiserial ?? null, -0.5 / Math.sqrt(2.75), 'q3');
  });

  it('computes the upper-lower index', () => {
    assert.equal(q1?.upperLowerIndex, 1);
    assert.equal(q2?.upperLowerIndex, 1);
    assert.equal(q3?.upperLowerIndex, 0);
  });

  it('counts option choices per group', () => {
    assert.deepEqual(q1?.options, [
      { optionId: 'a', isKey: true, all: 2, upper: 1, lower: 0 },
      { optionId: 'b', isKey: false, all: 2, upper: 0, lower: 1 },
      { optionId: 'c', isKey: false, all: 0, upper: 0, lower: 0 },
    ]);
    assert.equal(q3?.omitted, 1);
    assert.equal(q1?.omitted, 0);
  });

  it('flags negative discrimination', () => {
    assert.deepEqual(q1?.flags, []);
    assert.deepEqual(q2?.flags, []);
    assert.ok(q3?.flags.includes('negative_discrimination'));
  });

  it('flags a distractor chosen over the key', () => {
    // The key says "a", but every high scorer picks "b": a likely wrong key.
    const candidates: CandidateResponses[] = [
      { candidateId: 'c1', responses: [choiceResponse('q1', 'a', 'a'), choiceResponse('q4', 'b', 'a')] },
      { candidateId: 'c2', responses: [choiceResponse('q1', 'a', 'a'), choiceResponse('q4', 'b', 'a')] },
      { candidateId: 'c3', responses: [choiceResponse('q1', 'b', 'a'), choiceResponse('q4', 'a', 'a')] },
      { candidateId: 'c4', responses: [choiceResponse('q1', 'c', 'a'), choiceResponse('q4', 'c', 'a')] },
    ];
    const [, q4] = computeItemStatistics(candidates, [KEYS[0] as ItemKey, { itemId: 'q4', optionIds: OPTIONS, keyOptionIds: ['a'] }]);

    assert.ok(q4?.flags.includes('distractor_beats_key'), String(q4?.flags));
    assert.ok(q4?.flags.includes('negative_discrimination'), String(q4?.flags));
  });

  it('flags items without variance', () => {
    const candidates: CandidateResponses[] = ['c1', 'c2', 'c3'].map((candidateId) => ({
      candidateId,
      responses: [{ itemId: 'tf', score: 1, maxScore: 1 }],
    }));
    const [item] = computeItemStatistics(candidates, [{ itemId: 'tf' }]);

    assert.equal(item?.pointBiserial, null);
    assert.deepEqual(item?.flags, ['no_variance', 'very_easy']);
  });

  it('scales partial credit by the maximum score', () => {
    const candidates: CandidateResponses[] = [0.1, 0.25, 0.5, 1].map((score, index) => ({
      candidateId: `c${index}`,
      responses: [{ itemId: 'tf', score, maxScore: 1 }],
    }));
    const [item] = computeItemStatistics(candidates, [{ itemId: 'tf' }]);

    close(item?.difficulty ?? null, 1.85 / 4);
    close(item?.upperLowerIndex ?? null, 0.9);
  });
});
