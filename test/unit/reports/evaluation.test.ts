import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { evaluatePilot, type EvaluationFigures } from '../../../src/reports/evaluation.js';
import { generateExamDay, type UnitDaySpec } from './exam-day.js';

const UNITS = [
  { id: 'uA', code: 'GDTX-A', name: 'Trung tâm GDTX-NNTH Hòa Bình' },
  { id: 'uB', code: 'GDTX-B', name: 'Trung tâm GDTX-NNTH Ngọc Lặc' },
];

const NO_REGISTRY = { match: 0, mismatch: 0, notFound: 0, pending: 0, error: 0, repeatedTaps: 0 };

const UNIT_A_ROUND_1: UnitDaySpec = {
  round: 1,
  unitId: 'uA',
  registered: 40,
  withoutChippedCard: 3,
  byChip: 30,
  retriedBeforeChip: 2,
  overrides: { chip_unreadable: 1, no_card: 1 },
  refusals: { identity_mismatch: 1 },
  checkInTotalsMs: Array.from({ length: 33 }, (_, index) => 4_000 + 100 * index),
  paceMs: Array.from({ length: 30 }, (_, index) => 800 + 10 * index),
  registry: { match: 27, mismatch: 1, notFound: 0, pending: 1, error: 1, repeatedTaps: 2 },
  outageMinutes: [12.5],
  incidents: { network_loss: 2, power_cut: 1 },
  exams: { submitted: 29, autoFinalised: 2, inProgress: 1 },
  answersResent: [5, 3],
  candidateFeedback: [
    { 'candidate.checkin_quick': 5, 'candidate.exam_stable': 5, 'candidate.comment': 'Nhanh hơn ký tên vào danh sách giấy.' },
    { 'candidate.checkin_quick': 4, 'candidate.exam_stable': 5, 'candidate.comment': '   ' },
    { 'candidate.checkin_quick': 4, 'candidate.exam_stable': 4 },
    { 'candidate.checkin_quick': 2 },
  ],
  proctorFeedback: [
    { 'proctor.identity_better': 5, 'proctor.station_easy': 4, 'proctor.continue': 5, 'proctor.comment': 'Cần thêm một đầu đọc dự phòng.' },
  ],
  holds: [
    { reason: 'registry_mismatch', decision: 'readmitted' },
    { reason: 'registry_mismatch', decision: 'readmitted' },
    { reason: 'registry_not_found', decision: 'kept_locked' },
    { reason: 'registry_mismatch', decision: 'undecided' },
  ],
};

const UNIT_B_ROUND_1: UnitDaySpec = {
  round: 1,
  unitId: 'uB',
  registered: 10,
  withoutChippedCard: 0,
  byChip: 9,
  retriedBeforeChip: 0,
  overrides: {},
  refusals: { chip_not_genuine: 1 },
  checkInTotalsMs: [3_000, 3_500, 4_000, 4_500, 5_000, 5_500, 6_000, 6_500, 7_000, 20_000],
  paceMs: Array.from({ length: 9 }, () => 700),
  registry: { ...NO_REGISTRY, match: 9 },
  outageMinutes: [],
  incidents: {},
  exams: { submitted: 9, autoFinalised: 0, inProgress: 0 },
  answersResent: [],
  candidateFeedback: [{ 'candidate.checkin_quick': 3 }],
  proctorFeedback: [],
  holds: [{ reason: 'registry_revoked', decision: 'readmitted' }],
};

const UNIT_A_ROUND_2: UnitDaySpec = {
  round: 2,
  unitId: 'uA',
  registered: 40,
  withoutChippedCard: 1,
  byChip: 38,
  retriedBeforeChip: 0,
  overrides: { no_card: 1 },
  refusals: {},
  checkInTotalsMs: Array.from({ length: 39 }, (_, index) => 3_000 + 50 * index),
  paceMs: Array.from({ length: 38 }, () => 600),
  registry: { ...NO_REGISTRY, match: 38 },
  outageMinutes: [],
  incidents: { network_loss: 1 },
  exams: { submitted: 39, autoFinalised: 0, inProgress: 0 },
  answersResent: [1],
  candidateFeedback: [{ 'candidate.checkin_quick': 5 }, { 'candidate.checkin_quick': 4 }],
  proctorFeedback: [{ 'proctor.continue': 5 }],
};

const UNIT_A_ROUND_3: UnitDaySpec = {
  round: 3,
  unitId: 'uA',
  registered: 40,
  withoutChippedCard: 0,
  byChip: 40,
  retriedBeforeChip: 0,
  overrides: {},
  refusals: {},
  checkInTotalsMs: Array.from({ length: 40 }, (_, index) => 2_500 + 25 * index),
  paceMs: Array.from({ length: 40 }, () => 550),
  registry: { ...NO_REGISTRY, match: 40 },
  outageMinutes: [],
  incidents: {},
  exams: { submitted: 40, autoFinalised: 0, inProgress: 0 },
  answersResent: [],
  candidateFeedback: [],
  proctorFeedback: [],
};

const INPUT = generateExamDay(UNITS, [UNIT_A_ROUND_3, UNIT_A_ROUND_1, UNIT_B_ROUND_1, UNIT_A_ROUND_2]);
const REPORT = evaluatePilot(INPUT);

function unitFigures(round: number, unitId: string): EvaluationFigures {
  const figures = REPORT.rounds.find((entry) => entry.round.number === round)?.units.find((entry) => entry.unit.id === unitId)?.figures;
  assert.ok(figures, `no figures for ${unitId} in round ${round}`);
  return figures;
}

function departmentFigures(round: number): EvaluationFigures {
  const figures = REPORT.rounds.find((entry) => entry.round.number === round)?.department;
  assert.ok(figures, `no department figures for round ${round}`);
  return figures;
}

describe('pilot evaluation of a unit', () => {
  const figures = unitFigures(1, 'uA');

  it('counts registrations and chipped cards', () => {
    assert.deepEqual(figures.registration, { registered: 40, withChippedCard: 37, withoutChippedCard: 3, chippedShare: 37 / 40 });
  });

  it('counts check-in outcomes by the last attempt', () => {
    assert.equal(figures.checkIn.candidatesSeen, 33);
    assert.equal(figures.checkIn.attempts, 35);
    assert.equal(figures.checkIn.byChip, 30);
    assert.equal(figures.checkIn.byOverride, 2);
    assert.equal(figures.checkIn.refused, 1);
    assert.equal(figures.checkIn.absent, 7);
    assert.equal(figures.checkIn.chipShare, 30 / 33);
  });

  it('counts reasons of overrides and refusals', () => {
    assert.deepEqual(figures.checkIn.overrideByReason, { chip_unreadable: 1, no_card: 1 });
    assert.deepEqual(figures.checkIn.refusedByReason, { identity_mismatch: 1 });
    assert.deepEqual(figures.checkIn.refusedAttemptsByReason, { card_read_failed: 2, identity_mismatch: 1 });
  });

  it('times only check-ins that read a card', () => {
    // 33 candidates came, and the 2 admitted by override (stored with 0 ms) are left out:
    // 4.0 s to 6.9 s in steps of 0.1 s for the chip candidates, and 7.2 s for the refused one.
    assert.deepEqual(figures.checkIn.timePerCandidateMs, { count: 31, min: 4_000, mean: 170_700 / 31, median: 5_500, p95: 6_850, max: 7_200 });
  });

  it('counts candidates per time band', () => {
    // Card-read station times: 4.0–4.9 s fall in 0–5 s (10), 5.0–6.9 s and 7.2 s in 5–10 s (21).
    assert.deepEqual(figures.checkIn.timeBands.map((band) => band.count), [10, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(figures.checkIn.timeBands[12]?.toS, null);
    assert.equal(departmentFigures(1).checkIn.timeBands[4]?.count, 1);
  });

  it('summarises step times', () => {
    const pace = figures.checkIn.stepTimesMs['pace'];
    assert.ok(pace);
    assert.equal(pace.count, 30);
    assert.equal(pace.median, 945);
    assert.equal(pace.max, 1_090);
    assert.equal(figures.checkIn.stepTimesMs['passive_authentication']?.median, 120);
  });

  it('counts registry outcomes, billing and outages', () => {
    assert.equal(figures.registry.checks, 32);
    assert.deepEqual(figures.registry.byOutcome, { match: 29, mismatch: 1, not_found: 0, revoked: 0, pending: 1, error: 1 });
    assert.equal(figures.registry.billableChecks, 29);
    assert.equal(figures.registry.outages, 1);
    assert.equal(figures.registry.outageMinutes, 12.5);
  });

  it('counts incidents by kind', () => {
    assert.deepEqual(figures.incidents, { total: 3, byKind: { network_loss: 2, power_cut: 1 } });
  });

  it('counts exams and resent answers', () => {
    assert.deepEqual(figures.exams, { started: 32, submitted: 29, autoFinalised: 2, inProgress: 1, answersResent: 8, attemptsWithResends: 2 });
  });

  it('counts held attempts by decision', () => {
    assert.deepEqual(figures.holds, {
      held: 4,
      readmitted: 2,
      keptLocked: 1,
      undecided: 1,
      byReason: { registry_mismatch: 3, registry_not_found: 1 },
    });
  });

  it('aggregates candidate feedback', () => {
    const feedback = figures.feedback.candidate;
    const quick = feedback.likert.find((item) => item.questionId === 'candidate.checkin_quick');
    const stable = feedback.likert.find((item) => item.questionId === 'candidate.exam_stable');
    const trust = feedback.likert.find((item) => item.questionId === 'candidate.data_trust');

    assert.equal(feedback.responses, 4);
    assert.deepEqual(quick, { questionId: 'candidate.checkin_quick', answered: 4, mean: 3.75, counts: [0, 1, 0, 2, 1] });
    assert.deepEqual(stable?.counts, [0, 0, 0, 1, 2]);
    assert.equal(stable?.answered, 3);
    assert.equal(trust?.answered, 0);
    assert.equal(trust?.mean, null);
    assert.deepEqual(feedback.comments, ['Nhanh hơn ký tên vào danh sách giấy.']);
  });

  it('aggregates proctor feedback', () => {
    const feedback = figures.feedback.proctor;

    assert.equal(feedback.responses, 1);
    assert.equal(feedback.likert.find((item) => item.questionId === 'proctor.station_easy')?.mean, 4);
    assert.equal(feedback.likert.find((item) => item.questionId === 'proctor.exceptions_clear')?.answered, 0);
    assert.deepEqual(feedback.comments, ['Cần thêm một đầu đọc dự phòng.']);
  });
});

describe('pilot evaluation of the department', () => {
  const figures = departmentFigures(1);

  it('adds up the units of the round', () => {
    assert.equal(figures.registration.registered, 50);
    assert.equal(figures.registration.withoutChippedCard, 3);
    assert.equal(figures.checkIn.byChip, 39);
    assert.equal(figures.checkIn.refused, 2);
    assert.equal(figures.checkIn.absent, 7);
    assert.deepEqual(figures.checkIn.refusedByReason, { identity_mismatch: 1, chip_not_genuine: 1 });
    assert.equal(figures.registry.billableChecks, 38);
    assert.equal(figures.exams.submitted, 38);
    assert.equal(figures.feedback.candidate.responses, 5);
    assert.equal(figures.holds.held, 5);
    assert.equal(figures.holds.readmitted, 3);
    assert.deepEqual(figures.holds.byReason, { registry_mismatch: 3, registry_not_found: 1, registry_revoked: 1 });
  });

  it('takes percentiles over all candidates', () => {
    const time = figures.checkIn.timePerCandidateMs;

    assert.equal(time.count, 41);
    assert.equal(time.min, 3_000);
    assert.equal(time.median, 5_500);
    assert.ok(Math.abs((time.p95 ?? 0) - 7_000) < 1e-6, String(time.p95));
    assert.equal(time.max, 20_000);
    assert.equal(figures.checkIn.stepTimesMs['pace']?.median, 900);
  });

  it('keeps units of other rounds apart', () => {
    assert.equal(unitFigures(2, 'uB').registration.registered, 0);
    assert.equal(unitFigures(2, 'uB').checkIn.timePerCandidateMs.median, null);
    assert.equal(unitFigures(2, 'uA').registration.registered, 40);
  });
});

describe('comparison between rounds', () => {
  function row(key: string): Record<number, number | null> {
    const found = REPORT.comparison.find((entry) => entry.key === key);
    assert.ok(found, `no comparison row ${key}`);
    return found.values;
  }

  it('lists rounds in order', () => {
    assert.deepEqual(REPORT.rounds.map((entry) => entry.round.number), [1, 2, 3]);
  });

  it('compares counts and shares', () => {
    assert.deepEqual(row('registered'), { 1: 50, 2: 40, 3: 40 });
    assert.deepEqual(row('byChip'), { 1: 39, 2: 38, 3: 40 });
    assert.deepEqual(row('byOverride'), { 1: 2, 2: 1, 3: 0 });
    assert.deepEqual(row('chipShare'), { 1: 39 / 43, 2: 38 / 39, 3: 1 });
    assert.deepEqual(row('incidents'), { 1: 3, 2: 1, 3: 0 });
    assert.deepEqual(row('answersResent'), { 1: 8, 2: 1, 3: 0 });
    assert.deepEqual(row('attemptsHeld'), { 1: 5, 2: 0, 3: 0 });
    assert.deepEqual(row('heldReadmitted'), { 1: 3, 2: 0, 3: 0 });
    assert.deepEqual(row('heldKeptLocked'), { 1: 1, 2: 0, 3: 0 });
    assert.deepEqual(row('heldUndecided'), { 1: 1, 2: 0, 3: 0 });
  });

  it('compares check-in times in seconds', () => {
    // Round 2 has one override, which is left out: 38 card reads from 3.0 s to 4.85 s.
    assert.deepEqual(row('checkInMedianS'), { 1: 5.5, 2: 3.925, 3: 2.9875 });
    assert.deepEqual(row('checkInMaxS'), { 1: 20, 2: 4.85, 3: 3.475 });
  });

  it('compares satisfaction', () => {
    // Round 1: candidate ratings 5,4,4,2 and 5,5,4 (unit A) and 3 (unit B): 32 / 8.
    assert.deepEqual(row('candidateSatisfaction'), { 1: 4, 2: 4.5, 3: null });
    assert.deepEqual(row('proctorSatisfaction'), { 1: 14 / 3, 2: 5, 3: null });
  });
});

describe('registry outages across exam events', () => {
  // One record per exam event: uA's two events and uB overlap from 09:00 to 09:30, and uA has a
  // second outage from 11:00 that was still open at the report time 11:10.
  const input = generateExamDay(UNITS, []);
  input.rounds.push({ number: 1, name: 'Đợt 1' });
  input.registryOutages.push(
    { round: 1, unitId: 'uA', startedAt: '2026-03-09T09:00:00.000Z', endedAt: '2026-03-09T09:10:00.000Z' },
    { round: 1, unitId: 'uA', startedAt: '2026-03-09T09:05:00.000Z', endedAt: '2026-03-09T09:20:00.000Z' },
    { round: 1, unitId: 'uB', startedAt: '2026-03-09T09:15:00.000Z', endedAt: '2026-03-09T09:30:00.000Z' },
    { round: 1, unitId: 'uA', startedAt: '2026-03-09T11:00:00.000Z', endedAt: '2026-03-09T11:10:00.000Z', ongoing: true },
  );
  const [round] = evaluatePilot(input).rounds;

  it('merges overlaps within a unit', () => {
    const unitA = round?.units.find((entry) => entry.unit.id === 'uA')?.figures.registry;
    assert.equal(unitA?.outages, 2);
    assert.equal(unitA?.outageMinutes, 30);
    assert.equal(unitA?.ongoingOutages, 1);
  });

  it('merges overlaps across units', () => {
    assert.equal(round?.department.registry.outages, 2);
    assert.equal(round?.department.registry.outageMinutes, 40);
    assert.equal(round?.department.registry.ongoingOutages, 1);
  });

  it('keeps separate periods apart', () => {
    const unitB = round?.units.find((entry) => entry.unit.id === 'uB')?.figures.registry;
    assert.equal(unitB?.outages, 1);
    assert.equal(unitB?.outageMinutes, 15);
    assert.equal(unitB?.ongoingOutages, 0);
  });
});
