import assert from 'node:assert/strict';

import { newId, nowIso } from '../../../src/server/db/columns.js';
import { createExamSession } from '../../../src/server/events/exam-events.js';
import { createRoom } from '../../../src/server/events/rooms.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { extractPdfText } from '../../unit/reports/extract-pdf-text.js';

forEachDatabase('incident reports', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const organisation = await seedTestOrganisation(testDatabase);
  const now = nowIso();
  const department = await db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
  const roundId = newId();
  await db.insertInto('pilot_rounds').values({ id: roundId, department_id: department.id, number: 1, name: 'Đợt khảo sát lần 1', starts_on: null, ends_on: null, created_at: now }).execute();
  const eventId = newId();
  await db.insertInto('exam_events').values({ id: eventId, unit_id: organisation.unitA.id, pilot_round_id: roundId, kind: 'exam', code: 'GK1', title: 'Kiểm tra giữa kỳ', starts_on: null, ends_on: null, created_at: now }).execute();
  const event = await db.selectFrom('exam_events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
  const session = await createExamSession(db, event, { code: 'CA1', date: '2026-12-04', startTime: '07:30', durationMinutes: 45, windowMinutes: 15 }, null);
  const room = await createRoom(db, organisation.unitA.id, { code: 'P201', name: 'Phòng máy 201', seatCount: 4 }, null);
  const candidateId = newId();
  await db.insertInto('candidates').values({
    id: candidateId, unit_id: organisation.unitA.id, class_id: null, match_key: 'name:Trần Thị Bích Ngọc', id_number: null, legacy_id_number: null, card_issued_on: null,
    full_name: 'Trần Thị Bích Ngọc', full_name_display: 'Trần Thị Bích Ngọc', birth_date: '2009-03-02', sex: 'F', chip_status: 'no_card', email: null, phone: null, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('exam_registrations').values({ id: newId(), exam_event_id: eventId, candidate_id: candidateId, candidate_number: '0007', created_at: now }).execute();
  const server = await startTestServer(testDatabase);
  const path = `/api/checkin/sessions/${session.id}/rooms/${room.id}/incidents`;
  const report = { kind: 'network_loss', occurredAt: '2026-12-04T01:05:00.000Z', description: 'Mất mạng 4 phút ở dãy bàn 3; thí sinh làm tiếp sau khi có mạng.', candidateIds: [candidateId] };

  try {
    const proctor = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);
    const otherProctor = await new ApiClient(server.baseUrl).login('proctor.b', TEST_PASSWORD);
    const departmentAdmin = await new ApiClient(server.baseUrl).login('dept', TEST_PASSWORD);

    await t.test('proctor writes and lists a report', async () => {
      const created = await proctor.post(path, report);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.kind, 'network_loss');
      assert.deepEqual(created.body.candidates, [{ candidateId, candidateNumber: '0007', fullName: 'Trần Thị Bích Ngọc' }]);

      const listed = await proctor.get(path);
      assert.equal(listed.status, 200);
      assert.equal(listed.body.length, 1);
      assert.equal(listed.body[0].description, report.description);
    });

    await t.test('creation is audited without the description', async () => {
      const entry = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'checkin.incident.create').executeTakeFirstOrThrow();
      assert.ok(!String(entry.details).includes('Mất mạng'), 'the audit details keep no free text');
      assert.match(String(entry.details), /network_loss/);
    });

    await t.test('other units and unknown candidates are rejected', async () => {
      const foreign = await otherProctor.post(path, report);
      assert.equal(foreign.status, 403);
      const unknown = await proctor.post(path, { ...report, candidateIds: [newId()] });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.code, 'CHECKIN_INCIDENT_CANDIDATE_INVALID');
      const badKind = await proctor.post(path, { ...report, kind: 'alien_invasion' });
      assert.equal(badKind.status, 400);
    });

    await t.test('PDF has the header and the candidates', async () => {
      const [incident] = (await proctor.get(path)).body;
      const pdf = await proctor.get(`/api/checkin/incidents/${incident.id}/pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const { text } = await extractPdfText(pdf.body as Buffer);
      assert.match(text, /BIÊN BẢN XỬ LÝ SỰ CỐ TẠI PHÒNG THI/);
      assert.match(text, /TRƯỜNG A/i);
      assert.match(text, /Mất mạng/);
      assert.match(text, /Trần Thị Bích Ngọc/);
      const foreign = await otherProctor.get(`/api/checkin/incidents/${incident.id}/pdf`);
      assert.equal(foreign.status, 403);
    });

    await t.test('evaluation counts the incident', async () => {
      const evaluation = await departmentAdmin.get('/api/reports/evaluation?round=1');
      assert.equal(evaluation.status, 200);
      assert.equal(evaluation.body.rounds[0].department.incidents.total, 1);
      assert.deepEqual(evaluation.body.rounds[0].department.incidents.byKind, { network_loss: 1 });
    });
  } finally {
    await server.close();
  }
});
