import assert from 'node:assert/strict';

import { DEFAULT_PRICE_LIST } from '../../../src/reports/cost.js';
import { evaluatePilot } from '../../../src/reports/evaluation.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { InvalidFeedbackError, saveFeedback } from '../../../src/server/reports/feedback-store.js';
import { listNoChipCandidates } from '../../../src/server/reports/no-chip-query.js';
import { loadPriceList, savePriceList } from '../../../src/server/reports/price-list-store.js';
import { forEachDatabase } from '../../support/databases.js';
import { seed, seedRegistry } from './seed-reports.js';

forEachDatabase('report queries', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const seeded = await seed(db);

  await t.test('price list defaults to the plan and keeps versions', async () => {
    const initial = await loadPriceList(db, seeded.departmentId);
    assert.equal(initial.id, null);
    assert.deepEqual(initial.prices, DEFAULT_PRICE_LIST);

    await savePriceList(db, seeded.departmentId, DEFAULT_PRICE_LIST, null);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = { ...DEFAULT_PRICE_LIST, verificationFeePerCheck: 5_500, readerPrice: 12_000_000_000 };
    const id = await savePriceList(db, seeded.departmentId, edited, null);

    const loaded = await loadPriceList(db, seeded.departmentId);
    assert.equal(loaded.id, id);
    assert.deepEqual(loaded.prices, edited);
    assert.equal(typeof loaded.prices.readerPrice, 'number');
  });

  await t.test('price list rejects a negative fee', async () => {
    await assert.rejects(savePriceList(db, seeded.departmentId, { ...DEFAULT_PRICE_LIST, verificationFeePerCheck: -1 }, null), /verificationFeePerCheck -1 VND/);
  });

  await t.test('no-chip list per unit and class', async () => {
    const all = await listNoChipCandidates(db);
    assert.deepEqual(all.map((candidate) => [candidate.fullName, candidate.className, candidate.chipStatus]), [
      ['Đặng Văn Ước', '10A1', 'legacy_id'],
      ['Bùi Thị Yến', '10A2', 'pre_2021_card'],
      ['Hồ Ngọc Ánh', null, 'no_card'],
    ]);
    assert.equal(all[1]?.idNumber, '001309000045');
    assert.equal(all[0]?.legacyIdNumber, '012345678');

    const unitB = await listNoChipCandidates(db, { unitId: seeded.unitB });
    assert.deepEqual(unitB.map((candidate) => candidate.fullName), ['Hồ Ngọc Ánh']);

    const round2 = await listNoChipCandidates(db, { round: 2 });
    assert.deepEqual(round2, []);
  });

  await t.test('feedback is validated and replaced', async () => {
    const base = { examEventId: seeded.events['A1'] as string, unitId: seeded.unitA, respondent: 'candidate' as const, candidateId: seeded.candidates['a1'] as string };

    await assert.rejects(saveFeedback(db, { ...base, answers: { 'candidate.checkin_quick': 9 } }), InvalidFeedbackError);
    await saveFeedback(db, { ...base, answers: { 'candidate.checkin_quick': 2 } });
    await saveFeedback(db, { ...base, answers: { 'candidate.checkin_quick': 5, 'candidate.comment': 'Nhanh, dễ làm theo.' } });
    await saveFeedback(db, { ...base, candidateId: seeded.candidates['a4'] as string, answers: { 'candidate.checkin_quick': 4 } });

    const rows = await db.selectFrom('feedback_responses').selectAll().where('exam_event_id', '=', base.examEventId).execute();
    assert.equal(rows.length, 2);
  });

  await t.test('evaluation input from storage', async () => {
    await seedRegistry(db, seeded);
    const input = await loadEvaluationInput(db);
    const report = evaluatePilot(input);

    assert.deepEqual(report.rounds.map((entry) => entry.round.number), [1, 2]);
    const round1 = report.rounds[0];
    assert.ok(round1);
    assert.deepEqual(round1.department.registration, { registered: 6, withChippedCard: 3, withoutChippedCard: 3, chippedShare: 0.5 });

    const unitA = round1.units.find((entry) => entry.unit.id === seeded.unitA)?.figures;
    assert.ok(unitA);
    assert.equal(unitA.registration.registered, 4);
    assert.deepEqual(unitA.registry.byOutcome, { match: 1, mismatch: 1, not_found: 0, revoked: 0, pending: 0, error: 0 });
    assert.equal(unitA.registry.billableChecks, 2);
    assert.equal(unitA.feedback.candidate.responses, 2);
    assert.equal(unitA.feedback.candidate.likert[0]?.mean, 4.5);
    assert.deepEqual(unitA.feedback.candidate.comments, ['Nhanh, dễ làm theo.']);

    const unitB = round1.units.find((entry) => entry.unit.id === seeded.unitB)?.figures;
    assert.equal(unitB?.registry.byOutcome.pending, 1);
    assert.equal(unitB?.registry.billableChecks, 0);

    assert.equal(report.rounds[1]?.department.registration.registered, 2);
  });
});
