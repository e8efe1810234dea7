// The demo's verdict: it fails for each rule of the issue that the day breaks.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import type { CheckInRecord } from '../../../src/demo/check-in-step.js';
import type { ExamRunSummary } from '../../../src/demo/exam-step.js';
import type { ReportFile } from '../../../src/demo/reports-step.js';
import { findFailures, type VerdictInput } from '../../../src/demo/summary.js';

const record = (candidateId: string, plan: CheckInRecord['plan'], outcome: CheckInRecord['outcome'], reason: string | null, repeated = false): CheckInRecord => ({ candidateId, repeated, plan, outcome, reason, registryOutcome: null, durationMs: 100 });
const exam: ExamRunSummary = { candidates: 2, acknowledgedWrites: 10, duplicateAcks: 1, failedSends: 0, resentItemsSaved: 3, submitted: 1, leftToDeadline: 1, finalisedAtDeadline: 1, serverRestarts: 1, restartSeconds: 1 };
const reports: ReportFile[] = Array.from({ length: 8 }, (_, index) => ({ report: 'cost', path: `r${index}`, bytes: 100 }));

function goodDay(): VerdictInput {
  return {
    checkIns: [record('a', 'good', 'admitted', null), record('b', 'cloned-chip', 'refused', 'clone_suspected'), record('c', 'no-chip', 'override', 'no_card')],
    billedPerCandidate: new Map([['a', 1]]),
    billedAtService: 1,
    audit: { acknowledgedAnswers: 5, storedAnswers: 5, lost: [] },
    exam,
    graded: 2,
    reports,
    evaluation: { answersResent: 3, attemptsWithResends: 1 },
  };
}

it('passes a day that keeps every rule', () => {
  assert.deepEqual(findFailures(goodDay()), []);
});

it('fails when a faulty card is refused for another reason than its own', () => {
  const day = goodDay();
  day.checkIns[1] = record('b', 'cloned-chip', 'refused', 'tampered_file');
  assert.match(findFailures(day).join('\n'), /cloned-chip card was refused with reason tampered_file; expected refused with clone_suspected/);
});

it('fails when a good card is refused', () => {
  const day = goodDay();
  day.checkIns[0] = record('a', 'good', 'refused', 'invalid_signature');
  assert.match(findFailures(day).join('\n'), /a good card was refused \(invalid_signature\)/);
});

it('fails when an admitted candidate is billed twice or the service billed more', () => {
  const day = goodDay();
  day.billedPerCandidate.set('a', 2);
  assert.match(findFailures(day).join('\n'), /billed 2 times/);

  const service = goodDay();
  service.billedAtService = 2;
  assert.match(findFailures(service).join('\n'), /service billed 2 checks and examgate metered 1/);
});

it('fails when a repeated tap ends unlike the first', () => {
  const day = goodDay();
  day.checkIns.push(record('b', 'cloned-chip', 'refused', 'clone_suspected', true));
  assert.deepEqual(findFailures(day), []);

  day.checkIns.push(record('b', 'cloned-chip', 'admitted', null, true));
  assert.match(findFailures(day).join('\n'), /a repeated tap ended admitted \(no reason\), unlike the first tap/);
});

it('fails when an acknowledged answer is lost or an attempt is left open', () => {
  const day = goodDay();
  day.audit = { acknowledgedAnswers: 5, storedAnswers: 4, lost: [{ candidateNumber: '0001', questionId: 'q1' }] };
  day.exam = { ...exam, finalisedAtDeadline: 0 };
  const failures = findFailures(day).join('\n');
  assert.match(failures, /1 acknowledged answers were lost/);
  assert.match(failures, /1 attempts were neither submitted nor finalised/);
});

it('fails when the evaluation miscounts resends', () => {
  const day = goodDay();
  day.evaluation = { answersResent: 0, attemptsWithResends: 0 };
  assert.match(findFailures(day).join('\n'), /the pilot evaluation counts 0 answers resent; the seats resent 3/);

  const none = goodDay();
  none.exam = { ...exam, resentItemsSaved: 0 };
  none.evaluation = { answersResent: 0, attemptsWithResends: 0 };
  assert.match(findFailures(none).join('\n'), /no seat resent an answer after the network loss/);
});
