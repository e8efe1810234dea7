import assert from 'node:assert/strict';

import { importCandidates } from '../../../src/server/candidates/import-candidates.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { buildXlsx, makePeople, personRow } from './candidate-files.js';

forEachDatabase('exam events, rooms and seating', async (testDatabase, t) => {
  const { unitA, unitB } = await seedTestOrganisation(testDatabase);
  const people = makePeople(30, 31);
  await importCandidates(testDatabase.database.db, { unitId: unitA.id, fileName: 'ds.xlsx', bytes: await buildXlsx(people.map(personRow)), dryRun: false, actorUserId: null });
  const server = await startTestServer(testDatabase);

  try {
    const adminA = await new ApiClient(server.baseUrl).login('unitadmin.a', TEST_PASSWORD);
    const adminB = await new ApiClient(server.baseUrl).login('unitadmin.b', TEST_PASSWORD);
    const proctorA = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);

    const roomOne = await adminA.post(`/api/units/${unitA.id}/rooms`, { code: 'P1', name: 'Phòng 1', seatCount: 20, stationNames: ['Trạm 1'] });
    const roomTwo = await adminA.post(`/api/units/${unitA.id}/rooms`, { code: 'P2', name: 'Phòng 2', seatCount: 20 });
    const event = await adminA.post(`/api/units/${unitA.id}/exam-events`, { code: 'gk1', title: 'Kiểm tra giữa kỳ', kind: 'exam' });
    const session = await adminA.post(`/api/exam-events/${event.body.id}/sessions`, { code: 'ca1', date: '2026-12-20', startTime: '07:30', durationMinutes: 45 });

    await t.test('event, rooms and session are created', () => {
      assert.equal(roomOne.status, 201);
      assert.equal(roomTwo.status, 201);
      assert.equal(event.status, 201);
      assert.equal(event.body.code, 'GK1');
      assert.equal(session.status, 201);
      assert.equal(session.body.windowMinutes, 15);
    });

    await t.test('registration gives candidate numbers', async () => {
      const registered = await adminA.post(`/api/exam-events/${event.body.id}/registrations`, { all: true });
      const again = await adminA.post(`/api/exam-events/${event.body.id}/registrations`, { all: true });
      const list = await proctorA.get(`/api/exam-events/${event.body.id}/registrations`);

      assert.equal(registered.body.registered, 30);
      assert.equal(again.body.registered, 0);
      assert.equal(list.body.length, 30);
      assert.equal(list.body[0].candidateNumber, '0001');
      assert.equal(new Set(list.body.map((row: { candidateNumber: string }) => row.candidateNumber)).size, 30);
    });

    await t.test('automatic seating fills rooms in order', async () => {
      const seated = await adminA.post(`/api/exam-sessions/${session.body.id}/seats/auto`, {});
      const plan = await proctorA.get(`/api/exam-sessions/${session.body.id}/seats`);

      assert.equal(seated.body.seated, 30);
      assert.equal(plan.body.filter((row: { roomCode: string }) => row.roomCode === 'P1').length, 20);
      assert.equal(plan.body.filter((row: { roomCode: string }) => row.roomCode === 'P2').length, 10);
    });

    await t.test('not enough seats changes nothing', async () => {
      const small = await adminA.post(`/api/exam-events/${event.body.id}/sessions`, { code: 'ca2', date: '2026-12-20', startTime: '09:30', durationMinutes: 45 });
      const response = await adminA.post(`/api/exam-sessions/${small.body.id}/seats/auto`, { roomIds: [roomTwo.body.id] });
      const plan = await adminA.get(`/api/exam-sessions/${small.body.id}/seats`);

      assert.equal(response.status, 409);
      assert.equal(response.body.code, 'SEATS_NOT_ENOUGH');
      assert.equal(plan.body.length, 0);
    });

    await t.test('imported seat plan moves a candidate', async () => {
      const response = await adminA.post(`/api/exam-sessions/${session.body.id}/seats/import`, { assignments: [{ candidateNumber: '0001', roomCode: 'p2', seatLabel: '20' }] });
      const plan = await adminA.get(`/api/exam-sessions/${session.body.id}/seats`);
      const moved = plan.body.find((row: { candidateNumber: string }) => row.candidateNumber === '0001');

      assert.equal(response.body.seated, 1);
      assert.equal(moved.roomCode, 'P2');
      assert.equal(moved.seatLabel, '20');
    });

    await t.test('imported plan rejects a taken seat', async () => {
      const response = await adminA.post(`/api/exam-sessions/${session.body.id}/seats/import`, { assignments: [{ candidateNumber: '0002', roomCode: 'P2', seatLabel: '20' }] });

      assert.equal(response.status, 409);
      assert.equal(response.body.code, 'SEAT_TAKEN');
    });

    await t.test('unit B cannot see or change unit A events', async () => {
      const read = await adminB.get(`/api/exam-events/${event.body.id}`);
      const seat = await adminB.post(`/api/exam-sessions/${session.body.id}/seats/auto`, {});
      const room = await adminB.get(`/api/rooms/${roomOne.body.id}`);
      const create = await adminB.post(`/api/units/${unitA.id}/exam-events`, { code: 'X', title: 'X', kind: 'contest' });

      assert.equal(read.status, 403);
      assert.equal(seat.status, 403);
      assert.equal(room.status, 403);
      assert.equal(create.status, 403);
    });

    await t.test('audit API scopes to the unit', async () => {
      const entriesA = await adminA.get('/api/audit?limit=500');
      const entriesB = await adminB.get(`/api/audit?unitId=${unitA.id}`);

      assert.ok(entriesA.body.length > 0);
      assert.ok(entriesA.body.every((entry: { unitId: string }) => entry.unitId === unitA.id));
      assert.equal(entriesB.status, 403);
    });
  } finally {
    await server.close();
  }
});
