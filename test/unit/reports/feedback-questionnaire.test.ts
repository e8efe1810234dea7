import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CANDIDATE_QUESTIONNAIRE, PROCTOR_QUESTIONNAIRE, validateFeedbackAnswers } from '../../../src/reports/feedback-questionnaire.js';

describe('feedback questionnaire', () => {
  it('has a few Likert items and one free text per group', () => {
    for (const questionnaire of [CANDIDATE_QUESTIONNAIRE, PROCTOR_QUESTIONNAIRE]) {
      const kinds = questionnaire.questions.map((question) => question.kind);

      assert.equal(kinds.filter((kind) => kind === 'free_text').length, 1);
      assert.ok(kinds.filter((kind) => kind === 'likert').length >= 3);
      assert.equal(new Set(questionnaire.questions.map((question) => question.id)).size, questionnaire.questions.length);
      for (const question of questionnaire.questions) {
        assert.ok(question.id.startsWith(`${questionnaire.respondent}.`), question.id);
        assert.ok(question.textVi.length > 0, question.id);
        assert.ok(question.textEn.length > 0, question.id);
      }
    }
  });

  it('accepts valid answers', () => {
    assert.deepEqual(validateFeedbackAnswers(CANDIDATE_QUESTIONNAIRE, { 'candidate.checkin_quick': 5, 'candidate.comment': 'Tốt.' }), []);
  });

  it('rejects unknown questions, bad ratings and long texts', () => {
    const problems = validateFeedbackAnswers(CANDIDATE_QUESTIONNAIRE, {
      'proctor.continue': 5,
      'candidate.checkin_quick': 6,
      'candidate.exam_stable': 2.5,
      'candidate.comment': 'x'.repeat(1001),
    });

    assert.equal(problems.length, 4);
    assert.match(problems[0] ?? '', /proctor.continue is not in the candidate questionnaire/);
    assert.match(problems[1] ?? '', /answer 6 to candidate.checkin_quick is invalid/);
    assert.match(problems[2] ?? '', /answer 2.5/);
    assert.match(problems[3] ?? '', /at most 1000 characters/);
  });
});
