import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { drawBlueprint } from '../../../src/exam/blueprint.js';
import { toCandidateQuestion } from '../../../src/exam/candidate-view.js';
import { isExamError } from '../../../src/exam/errors.js';
import { gradeResponse } from '../../../src/exam/grading.js';
import type { Question } from '../../../src/exam/question.js';
import { SeededRandom, shuffled } from '../../../src/exam/seeded-random.js';
import { assertFormMatches, buildForm, formCodes, formCodeSeed, pickFormCode } from '../../../src/exam/test-form.js';
import { singleChoice, trueFalse } from './fixtures.js';

function makeBank(count: number): Question[] {
  return Array.from({ length: count }, (_, index) => ({
    ...singleChoice(`q${index}`),
    topic: index % 2 === 0 ? 'đại số' : 'hình học',
    difficulty: index % 3 === 0 ? 'recognition' : 'application',
    section: index < count / 2 ? 'I' : 'III',
  }) as Question);
}

describe('seeded shuffle', () => {
  it('is always a permutation', () => {
    fc.assert(fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
      const result = shuffled(items, new SeededRandom(seed));
      assert.deepEqual([...result].sort((a, b) => a - b), [...items].sort((a, b) => a - b));
    }));
  });

  it('is reproducible from the seed', () => {
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 50 }), fc.string(), (items, seed) => {
      assert.deepEqual(shuffled(items, new SeededRandom(seed)), shuffled(items, new SeededRandom(seed)));
    }));
  });

  it('leaves the input unchanged', () => {
    const items = [1, 2, 3, 4, 5];
    shuffled(items, new SeededRandom('x'));
    assert.deepEqual(items, [1, 2, 3, 4, 5]);
  });

  it('reaches every order of 4 options', () => {
    const seen = new Set<string>();

    for (let i = 0; i < 2000; i += 1) {
      seen.add(shuffled(['a', 'b', 'c', 'd'], new SeededRandom(`s${i}`)).join(''));
    }

    assert.equal(seen.size, 24);
  });

  it('draws integers below the bound', () => {
    const random = new SeededRandom('bound');

    for (let i = 0; i < 1000; i += 1) {
      const value = random.nextInt(7);
      assert.ok(value >= 0 && value < 7);
    }
  });
});

describe('test form', () => {
  it('keeps questions inside their sections', () => {
    const bank = makeBank(10);
    const form = buildForm(bank, 'seed', { shuffleQuestions: true, shuffleOptions: true });
    const sections = form.items.map((item) => bank.find((question) => question.id === item.questionId)?.section);
    assert.deepEqual(sections, ['I', 'I', 'I', 'I', 'I', 'III', 'III', 'III', 'III', 'III']);
  });

  it('orders every question once with permuted options', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.string(), (count, seed) => {
      const bank = makeBank(count);
      const form = buildForm(bank, seed, { shuffleQuestions: true, shuffleOptions: true });
      assert.equal(form.items.length, count);
      assertFormMatches(form, new Map(bank.map((question) => [question.id, question])));
    }));
  });

  it('is the same for the same form code', () => {
    const bank = makeBank(8);
    const first = buildForm(bank, formCodeSeed('exam-1', '101'), { shuffleQuestions: true, shuffleOptions: true }, '101');
    const second = buildForm(bank, formCodeSeed('exam-1', '101'), { shuffleQuestions: true, shuffleOptions: true }, '101');
    assert.deepEqual(first, second);
  });

  it('keeps the written order when shuffling is off', () => {
    const bank = makeBank(4);
    const form = buildForm(bank, 's', { shuffleQuestions: false, shuffleOptions: false });
    assert.deepEqual(form.items.map((item) => item.questionId), ['q0', 'q1', 'q2', 'q3']);
    assert.deepEqual(form.items[0]?.order, ['o-hn', 'o-hue', 'o-dn', 'o-hcm']);
  });

  it('keeps true/false statements in order a) to d)', () => {
    const form = buildForm([trueFalse()], 's', { shuffleQuestions: true, shuffleOptions: true });
    assert.deepEqual(form.items[0]?.order, ['s-a', 's-b', 's-c', 's-d']);
  });

  it('grades by option id whatever the display position', () => {
    fc.assert(fc.property(fc.string(), (seed) => {
      const question = singleChoice();
      const form = buildForm([question], seed, { shuffleQuestions: true, shuffleOptions: true });
      const view = toCandidateQuestion(question, form.items[0]!);
      const shownIndex = view.options!.findIndex((option) => option.text === 'Hà Nội');
      const chosenId = view.options![shownIndex]!.id;
      assert.equal(gradeResponse(question, { kind: 'single', optionId: chosenId }).score, question.points);
    }));
  });

  it('sends no key to the candidate', () => {
    const view = toCandidateQuestion(trueFalse(), { questionId: 'q2', order: ['s-a', 's-b', 's-c', 's-d'] });
    assert.equal(JSON.stringify(view).includes('correct'), false);
  });

  it('numbers form codes from 101', () => {
    assert.deepEqual(formCodes(3), ['101', '102', '103']);
  });

  it('picks a form code reproducibly', () => {
    const codes = formCodes(4);
    assert.equal(pickFormCode(codes, 'e', 'c1'), pickFormCode(codes, 'e', 'c1'));
    assert.ok(codes.includes(pickFormCode(codes, 'e', 'c2')));
  });
});

describe('blueprint', () => {
  it('draws the count of each rule without repeats', () => {
    const bank = makeBank(30);
    const drawn = drawBlueprint(bank, [{ topic: 'đại số', count: 5 }, { difficulty: 'application', count: 8 }], 'seed');
    assert.equal(drawn.length, 13);
    assert.equal(new Set(drawn.map((question) => question.id)).size, 13);
    assert.ok(drawn.slice(0, 5).every((question) => question.topic === 'đại số'));
    assert.ok(drawn.slice(5).every((question) => question.difficulty === 'application'));
  });

  it('is reproducible from the seed', () => {
    const bank = makeBank(30);
    const rules = [{ topic: 'hình học', count: 4 }];
    assert.deepEqual(drawBlueprint(bank, rules, 'a'), drawBlueprint(bank, rules, 'a'));
  });

  it('names the rule the bank cannot fill', () => {
    assert.throws(
      () => drawBlueprint(makeBank(4), [{ topic: 'đại số', count: 3 }], 's'),
      (error) => isExamError(error, 'BLUEPRINT_SHORT') && /rule 1 \(topic đại số/.test((error as Error).message),
    );
  });
});
