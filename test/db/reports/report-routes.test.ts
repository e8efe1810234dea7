import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { ChipStatus, Database, UnitTable } from '../../../src/server/db/schema.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { extractPdfText } from '../../unit/reports/extract-pdf-text.js';

// One round-1 exam event in each unit, with one chipped and one unchipped candidate each.
async function seedRound(db: Kysely<Database>, units: UnitTable[]): Promise<Record<string, string>> {
  const now = nowIso();
  const department = await db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
  const roundId = newId();
  await db.insertInto('pilot_rounds').values({ id: roundId, department_id: department.id, number: 1, name: 'Đợt khảo sát lần 1', starts_on: null, ends_on: null, created_at: now }).execute();

  const events: Record<string, string> = {};
  for (const [unitIndex, unit] of units.entries()) {
    const eventId = newId();
    events[unit.code] = eventId;
    await db.insertInto('exam_events').values({ id: eventId, unit_id: unit.id, pilot_round_id: roundId, kind: 'exam', code: 'GK1', title: 'Giữa kỳ', starts_on: null, ends_on: null, created_at: now }).execute();

    const people: [string, ChipStatus, string | null][] = [
      [`Nguyễn Văn Định ${unitIndex}`, 'chipped', `00120401234${unitIndex}`],
      [`Lê Thị Ngọc Ánh ${unitIndex}`, 'no_card', null],
    ];
    for (const [index, [name, chip, idNumber]] of people.entries()) {
      const candidateId = newId();
      await db.insertInto('candidates').values({
        id: candidateId, unit_id: unit.id, class_id: null, match_key: `name:${name}`, id_number: idNumber, legacy_id_number: null, card_issued_on: null,
        full_name: name, full_name_display: name, birth_date: '2009-01-01', sex: 'M', chip_status: chip, email: null, phone: null, created_at: now, updated_at: now,
      }).execute();
      await db.insertInto('exam_registrations').values({ id: newId(), exam_event_id: eventId, candidate_id: candidateId, candidate_number: `00000${index + 1}`, created_at: now }).execute();
    }
  }

  return events;
}

forEachDatabase('report routes', async (testDatabase, t) => {
  const organisation = await seedTestOrganisation(testDatabase);
  const events = await seedRound(testDatabase.database.db, [organisation.unitA, organisation.unitB]);
  const server = await startTestServer(testDatabase);

  try {
    const department = await new ApiClient(server.baseUrl).login('dept', TEST_PASSWORD);
    const unitAdminA = await new ApiClient(server.baseUrl).login('unitadmin.a', TEST_PASSWORD);

    await t.test('department sees every unit in the evaluation', async () => {
      const response = await department.get('/api/reports/evaluation?round=1');

      assert.equal(response.status, 200);
      assert.equal(response.body.rounds[0].department.registration.registered, 4);
      assert.equal(response.body.rounds[0].units.length, 2);
    });

    await t.test('unit administrator sees only their unit', async () => {
      const own = await unitAdminA.get('/api/reports/evaluation');
      const other = await unitAdminA.get(`/api/reports/no-chip?unitId=${organisation.unitB.id}`);

      assert.equal(own.status, 200);
      assert.equal(own.body.rounds[0].department.registration.registered, 2);
      assert.deepEqual(own.body.rounds[0].units.map((entry: { unit: { id: string } }) => entry.unit.id), [organisation.unitA.id]);
      assert.equal(other.status, 403);
      assert.equal(other.body.code, 'AUTH_FORBIDDEN_UNIT');
    });

    await t.test('no-chip list as PDF', async () => {
      const response = await unitAdminA.get('/api/reports/no-chip?format=pdf&place=H%C3%B2a%20B%C3%ACnh');
      const { text } = await extractPdfText(response.body as Buffer);

      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/pdf');
      assert.ok(text.includes('Lê Thị Ngọc Ánh 0'));
      assert.ok(!text.includes('Lê Thị Ngọc Ánh 1'));
      assert.ok(text.includes('Hòa Bình, ngày'));
    });

    await t.test('price list edit and cost', async () => {
      const forbidden = await unitAdminA.request('PUT', '/api/reports/price-list', { readerPrice: 1, readerVatRate: 0, licencePricePerUnitYear: 0, licenceVatRate: 0, verificationFeePerCheck: 0, verificationVatRate: 0 });
      const stored = await department.request('PUT', '/api/reports/price-list', {
        readerPrice: 6_669_000, readerVatRate: 1000, licencePricePerUnitYear: 10_000_000, licenceVatRate: 0, verificationFeePerCheck: 6_000, verificationVatRate: 1000,
      });
      const cost = await department.get('/api/reports/cost?candidates=1000&units=1');
      const invalid = await department.get('/api/reports/cost');

      assert.equal(forbidden.status, 403);
      assert.equal(stored.status, 200);
      assert.equal(stored.body.prices.verificationFeePerCheck, 6_000);
      assert.equal(cost.status, 200);
      assert.equal(cost.body.total, 7_335_900 + 10_000_000 + 6_600_000);
      assert.equal(invalid.status, 400);
    });

    await t.test('proctor feedback is stored and counted', async () => {
      const proctor = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);
      const rejected = await proctor.post('/api/reports/feedback', { examEventId: events['UNIT-A'], answers: { 'proctor.continue': 7 } });
      const otherUnit = await proctor.post('/api/reports/feedback', { examEventId: events['UNIT-B'], answers: { 'proctor.continue': 5 } });
      const accepted = await proctor.post('/api/reports/feedback', { examEventId: events['UNIT-A'], answers: { 'proctor.continue': 5, 'proctor.comment': 'Ổn định.' } });
      const evaluation = await department.get('/api/reports/evaluation?round=1');

      assert.equal(rejected.status, 400);
      assert.equal(rejected.body.code, 'REQUEST_INVALID');
      assert.equal(otherUnit.status, 403);
      assert.equal(accepted.status, 204);
      assert.deepEqual(evaluation.body.rounds[0].department.feedback.proctor.comments, ['Ổn định.']);
    });

    await t.test('results require access to the event', async () => {
      const own = await unitAdminA.get(`/api/reports/results?examEventId=${events['UNIT-A']}&format=xlsx`);
      const other = await unitAdminA.get(`/api/reports/results?examEventId=${events['UNIT-B']}`);

      assert.equal(own.status, 200);
      assert.match(own.headers.get('content-disposition') ?? '', /ket-qua-thi\.xlsx/);
      assert.equal(other.status, 403);
    });
  } finally {
    await server.close();
  }
});
