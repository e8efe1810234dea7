// Registry outage periods on SQLite and PostgreSQL, through the server's registry wiring and the
// registry simulator. A check that finds the service unavailable opens one period per exam
// event, and the first answer (at check-in or from the retry queue) closes it. Instances that
// race open one row. The pilot evaluation shows count and duration per round and unit.
import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import { HttpRegistryClient } from '../../../src/registry/http-client.js';
import { RegistrySimulator } from '../../../src/registry/simulator.js';
import { buildEvaluationDocument } from '../../../src/reports/evaluation-document.js';
import { evaluatePilot } from '../../../src/reports/evaluation.js';
import type { TableBlock } from '../../../src/reports/document.js';
import { wireRegistry } from '../../../src/server/checkin/checkin-config.js';
import { checkInDb } from '../../../src/server/checkin/checkin-schema.js';
import { KyselyRegistryOutageStore, outageDb } from '../../../src/server/checkin/registry-outage-store.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { Database } from '../../../src/server/db/schema.js';
import { loadEvaluationInput } from '../../../src/server/reports/evaluation-query.js';
import { forEachDatabase } from '../../support/databases.js';
import { RECORDS, requestFor } from '../../unit/registry/support.js';

interface Seeded {
  unitA: string;
  unitB: string;
  /** Exam events by unit letter and round number, e.g. `A1`. */
  events: Record<'A1' | 'B1' | 'A2' | 'B2', string>;
  sessionA1: string;
  candidateA: string;
}

/** Two units, pilot rounds 1 and 2, one exam event per unit and round, and one check-in in A1. */
async function seed(db: Kysely<Database>): Promise<Seeded> {
  const now = nowIso();
  const departmentId = newId();
  const units = { A: newId(), B: newId() };
  const rounds = { 1: newId(), 2: newId() };
  const events = { A1: newId(), B1: newId(), A2: newId(), B2: newId() };
  const sessionA1 = newId();
  const roomA = newId();
  const candidateA = newId();

  await db.insertInto('departments').values({ id: departmentId, code: 'SO', name: 'Sở GDĐT Thử Nghiệm', created_at: now }).execute();
  for (const [code, id] of Object.entries(units)) {
    await db.insertInto('units').values({ id, department_id: departmentId, code, name: `Trường ${code}`, kind: 'school', created_at: now, updated_at: now }).execute();
  }
  for (const [number, id] of Object.entries(rounds)) {
    await db.insertInto('pilot_rounds').values({ id, department_id: departmentId, number: Number(number), name: `Đợt ${number}`, starts_on: null, ends_on: null, created_at: now }).execute();
  }
  for (const [name, id] of Object.entries(events)) {
    const unitId = units[name[0] as 'A' | 'B'];
    const roundId = rounds[Number(name[1]) as 1 | 2];
    await db.insertInto('exam_events').values({ id, unit_id: unitId, pilot_round_id: roundId, kind: 'exam', code: name, title: `Kiểm tra ${name}`, starts_on: null, ends_on: null, created_at: now }).execute();
  }

  await db.insertInto('exam_sessions').values({ id: sessionA1, exam_event_id: events.A1, code: 'CA1', date: '2026-12-04', start_time: '08:00', duration_minutes: 45, window_minutes: 15, created_at: now }).execute();
  await db.insertInto('rooms').values({ id: roomA, unit_id: units.A, code: 'P1', name: 'Phòng 1', created_at: now }).execute();
  await db.insertInto('candidates').values({
    id: candidateA, unit_id: units.A, class_id: null, match_key: `id:${RECORDS[0]!.idNumber}`, id_number: RECORDS[0]!.idNumber, legacy_id_number: null, card_issued_on: null,
    full_name: RECORDS[0]!.fullName, full_name_display: RECORDS[0]!.fullName, birth_date: RECORDS[0]!.birthDate, sex: 'M', chip_status: 'chipped', email: null, phone: null, created_at: now, updated_at: now,
  }).execute();
  await checkInDb(db).insertInto('check_ins').values({
    id: newId(), exam_event_id: events.A1, exam_session_id: sessionA1, room_id: roomA, unit_id: units.A, station_id: null, candidate_id: candidateA,
    registration_id: null, seat_id: null, selection_method: 'dashboard', selected_by: null, status: 'verifying',
    nonce: null, nonce_used: 0, outcome: null, reason: null, registry_state: 'not_checked', registry_outcome: null, registry_job_id: null, registry_billable: 0,
    face_confirmed_by: null, override_reason: null, access_control: null, sod_sha256: null, checks: '[]', step_durations_ms: '{}',
    duration_ms: null, attempt_id: null, started_at: now, card_read_at: null, decided_at: null, ended_at: null, updated_at: now,
  } as never).execute();

  return { unitA: units.A, unitB: units.B, events, sessionA1, candidateA };
}

function outages(db: Kysely<Database>) {
  return outageDb(db).selectFrom('registry_outages').selectAll().orderBy('started_at').execute();
}

function tableTitled(document: ReturnType<typeof buildEvaluationDocument>, titleEn: string): TableBlock {
  const block = document.sections[0]?.blocks.find((entry) => entry.type === 'table' && entry.titleEn === titleEn);
  assert.ok(block !== undefined, `the document has a table "${titleEn}"`);
  assert.ok(block.type === 'table', `block "${titleEn}" is a table`);
  return block;
}

forEachDatabase('registry outage periods', async ({ database }, t) => {
  const { db } = database;
  const seeded = await seed(db);
  const simulator = new RegistrySimulator({ records: RECORDS });
  const baseUrl = await simulator.listen();
  const client = new HttpRegistryClient({ baseUrl, maxAttempts: 1, connectTimeoutMs: 500, responseTimeoutMs: 500, totalTimeoutMs: 1000, circuitBreaker: { failureThreshold: 100, openDurationMs: 60_000, halfOpenMaxProbes: 1 } });
  const resolved: string[] = [];
  const wiring = wireRegistry(db, client, async (resolution) => {
    resolved.push(resolution.checkInId);
  });

  try {
    await t.test('unavailable check opens a period', async () => {
      simulator.setFault('unavailable');
      const outcome = await wiring.check.check(requestFor(0, seeded.events.A1, seeded.candidateA), 'check-in-a1');

      assert.equal(outcome.state, 'pending');
      const rows = await outages(db);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.exam_event_id, seeded.events.A1);
      assert.equal(rows[0]?.unit_id, seeded.unitA);
      assert.equal(rows[0]?.exam_session_id, seeded.sessionA1);
      assert.equal(rows[0]?.reason, 'server_error');
      assert.equal(rows[0]?.ended_at, null);
    });

    await t.test('further failures keep one period', async () => {
      await wiring.check.check(requestFor(1, seeded.events.A1), 'check-in-a1-2');
      await wiring.check.check(requestFor(2, seeded.events.B1), 'check-in-b1');

      const rows = await outages(db);
      assert.equal(rows.length, 2);
      assert.deepEqual(rows.map((row) => row.exam_event_id), [seeded.events.A1, seeded.events.B1]);
      assert.equal(rows[1]?.unit_id, seeded.unitB);
      assert.equal(rows[1]?.exam_session_id, null, 'no check-in names the session of B1');
    });

    await t.test('retry queue success closes periods', async () => {
      simulator.setFault('none');
      const handled = await wiring.worker.runOnce();

      assert.equal(handled, 3);
      assert.deepEqual([...resolved].sort(), ['check-in-a1', 'check-in-a1-2', 'check-in-b1']);
      const rows = await outages(db);
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.notEqual(row.ended_at, null);
        assert.ok(Date.parse(row.ended_at as string) >= Date.parse(row.started_at));
        assert.notEqual(row.closed_by, null);
      }
    });

    await t.test('answer at check-in closes a period', async () => {
      simulator.setFault('unavailable');
      await wiring.check.check(requestFor(3, seeded.events.A1), 'check-in-a1-3');
      assert.equal((await outages(db)).filter((row) => row.ended_at === null).length, 1);

      simulator.setFault('none');
      const outcome = await wiring.check.check(requestFor(5, seeded.events.B1), 'check-in-b1-2');

      assert.equal(outcome.state, 'answered');
      const rows = await outages(db);
      assert.equal(rows.length, 3);
      assert.equal(rows.filter((row) => row.ended_at === null).length, 0);
    });

    await t.test('open circuit opens a period', async () => {
      const fragile = new HttpRegistryClient({ baseUrl, maxAttempts: 1, connectTimeoutMs: 500, responseTimeoutMs: 500, totalTimeoutMs: 1000, circuitBreaker: { failureThreshold: 1, openDurationMs: 60_000, halfOpenMaxProbes: 1 } });
      const fragileWiring = wireRegistry(db, fragile, async () => {});

      try {
        simulator.setFault('unavailable');
        await fragileWiring.check.check(requestFor(6, seeded.events.A2), 'check-in-a2');
        simulator.setFault('none');
        const rejected = await fragileWiring.check.check(requestFor(7, seeded.events.B2), 'check-in-b2');

        assert.equal(rejected.state, 'pending');
        assert.equal(rejected.result.outcome === 'unavailable' ? rejected.result.reason : null, 'circuit_open');
        const open = (await outages(db)).filter((row) => row.ended_at === null);
        assert.deepEqual(open.map((row) => [row.exam_event_id, row.reason]), [[seeded.events.A2, 'server_error'], [seeded.events.B2, 'circuit_open']]);
      } finally {
        fragile.close();
      }

      await wiring.check.check(requestFor(8, seeded.events.A2), 'check-in-a2-2');
      assert.equal((await outages(db)).filter((row) => row.ended_at === null).length, 0);
    });

    await t.test('instances racing open one row', async () => {
      const first = new KyselyRegistryOutageStore(db, 'instance-1');
      const second = new KyselyRegistryOutageStore(db, 'instance-2');
      const at = nowIso();
      const key = { examEventId: seeded.events.B2, candidateId: 'candidate-race' };

      const opened = await Promise.all(Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? first : second).recordUnavailable({ key, reason: 'connect_timeout', at })));

      assert.equal(opened.filter(Boolean).length, 1);
      const open = (await outages(db)).filter((row) => row.ended_at === null);
      assert.equal(open.length, 1);
      const opener = open[0]?.opened_by;
      const closer = opener === 'instance-1' ? second : first;
      assert.equal(await closer.recordAvailable(nowIso()), 1);
      const closed = (await outages(db)).find((row) => row.id === open[0]?.id);
      assert.equal(closed?.closed_by, opener === 'instance-1' ? 'instance-2' : 'instance-1');
    });

    await t.test('unknown exam event is not recorded', async () => {
      const store = new KyselyRegistryOutageStore(db, 'instance-1');
      const before = (await outages(db)).length;

      assert.equal(await store.recordUnavailable({ key: { examEventId: 'no-such-event', candidateId: 'c' }, reason: 'connection_failed', at: nowIso() }), false);
      assert.equal((await outages(db)).length, before);
    });

    await t.test('evaluation shows outages per unit', async () => {
      // Round 2 gets periods of known length. A2 10:00-10:12 and B2 10:05-10:20 overlap, so they
      // are one outage of 20 minutes for the department. A2 has a second one from 11:00, still open.
      await outageDb(db).deleteFrom('registry_outages').where('exam_event_id', 'in', [seeded.events.A2, seeded.events.B2]).execute();
      const store = new KyselyRegistryOutageStore(db, 'instance-1');
      const day = '2026-12-04T';
      await store.recordUnavailable({ key: { examEventId: seeded.events.A2, candidateId: 'c1' }, reason: 'connect_timeout', at: `${day}10:00:00.000Z` });
      await store.recordUnavailable({ key: { examEventId: seeded.events.B2, candidateId: 'c2' }, reason: 'server_error', at: `${day}10:05:00.000Z` });
      await outageDb(db).updateTable('registry_outages').set({ ended_at: `${day}10:12:00.000Z` }).where('exam_event_id', '=', seeded.events.A2).execute();
      assert.equal(await store.recordAvailable(`${day}10:20:00.000Z`), 1);
      await store.recordUnavailable({ key: { examEventId: seeded.events.A2, candidateId: 'c3' }, reason: 'connection_failed', at: `${day}11:00:00.000Z` });

      const report = evaluatePilot(await loadEvaluationInput(db, new Date(`${day}11:30:00.000Z`)));
      const round2 = report.rounds.find((entry) => entry.round.number === 2);
      const unitA = round2?.units.find((entry) => entry.unit.id === seeded.unitA)?.figures.registry;
      const unitB = round2?.units.find((entry) => entry.unit.id === seeded.unitB)?.figures.registry;

      assert.equal(round2?.department.registry.outages, 2);
      assert.equal(round2?.department.registry.outageMinutes, 50);
      assert.equal(round2?.department.registry.ongoingOutages, 1);
      assert.equal(unitA?.outages, 2);
      assert.equal(unitA?.outageMinutes, 42);
      assert.equal(unitB?.outages, 1);
      assert.equal(unitB?.outageMinutes, 15);
      assert.equal(unitB?.ongoingOutages, 0);
      assert.equal(report.comparison.find((row) => row.key === 'registryOutageMinutes')?.values[2], 50);
      assert.deepEqual(report.comparison.find((row) => row.key === 'registryOngoingOutages')?.values, { 1: 0, 2: 1 });

      const round1 = report.rounds.find((entry) => entry.round.number === 1);
      assert.equal(round1?.department.registry.outages, 2, 'round 1 had two separate outages (closed by the queue, then at check-in)');

      const document = buildEvaluationDocument(report, { header: { organisation: 'Sở GDĐT Thử Nghiệm', place: 'Hà Nội', issuedAt: new Date(`${day}11:30:00.000Z`) }, round: 2 });
      const perUnit = tableTitled(document, 'Per unit');
      assert.deepEqual(perUnit.rows.map((row) => [row.unit, row.outages, row.outageMinutes]), [['Trường A', 2, 42], ['Trường B', 1, 15]]);
      const registry = tableTitled(document, 'National population database checks');
      assert.equal(registry.rows.find((row) => row.labelEn === 'Outages')?.value, 2);
      assert.equal(registry.rows.find((row) => row.labelEn === 'Outage time (minutes)')?.value, 50);
    });
  } finally {
    await wiring.worker.stop();
    client.close();
    await simulator.close();
  }
});
