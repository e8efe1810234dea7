// HTTP tests of holds on SQLite and PostgreSQL: a late negative registry result for a candidate
// admitted with "registry pending" relocks the attempt (locked before the start, suspended
// after it), a suspended attempt rejects saves, submit and its view, and the proctor keeps the
// hold or re-admits by override. A face confirmation after a rejection refuses the check-in.
import assert from 'node:assert/strict';

import type { Kysely } from 'kysely';

import type { RegistryResult } from '../../../src/registry/types.js';
import { checkInServiceOf } from '../../../src/server/checkin/checkin-plugin.js';
import { checkInDb } from '../../../src/server/checkin/checkin-schema.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { Database } from '../../../src/server/db/schema.js';
import { finaliseDueAttempts } from '../../../src/server/exam/attempt-finishing.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { answerFor, CandidateClient } from './candidate-client.js';
import { openLive, waitFor } from './live-socket.js';

process.env.EXAMGATE_FINALISER = 'off';

/** Stores a chip check-in whose registry check is still pending: admitted, or verified and waiting for the face confirmation. */
async function admitPending(db: Kysely<Database>, input: { sessionId: string; roomId: string; unitId: string; candidateId: string }, waitingForFace = false): Promise<string> {
  const session = await db.selectFrom('exam_sessions').select('exam_event_id').where('id', '=', input.sessionId).executeTakeFirstOrThrow();
  const attempt = await examDb(db).selectFrom('exam_attempts').select('id').where('exam_session_id', '=', input.sessionId).where('candidate_id', '=', input.candidateId).executeTakeFirstOrThrow();
  const id = newId();
  const now = nowIso();

  await checkInDb(db).insertInto('check_ins').values({
    id, exam_event_id: session.exam_event_id, exam_session_id: input.sessionId, room_id: input.roomId, unit_id: input.unitId, station_id: null, candidate_id: input.candidateId,
    registration_id: null, seat_id: null, selection_method: 'dashboard', selected_by: null, status: waitingForFace ? 'verified' : 'decided', nonce: null, nonce_used: 1,
    outcome: waitingForFace ? null : 'admitted', reason: null,
    registry_state: 'pending', registry_outcome: 'pending', registry_job_id: null, registry_billable: 0, face_confirmed_by: null, override_reason: null, access_control: null,
    sod_sha256: null, checks: '[]', step_durations_ms: '{}', duration_ms: 1200, attempt_id: waitingForFace ? null : attempt.id, started_at: now, card_read_at: now, decided_at: now,
    ended_at: waitingForFace ? null : now, updated_at: now,
  }).execute();

  return id;
}

function answer(outcome: 'mismatch' | 'revoked' | 'match'): RegistryResult {
  const base = { referenceId: 'ref-1', latencyMs: 40, billable: true };
  return outcome === 'mismatch' ? { ...base, outcome, mismatchedFields: ['fullName'] } : { ...base, outcome };
}

async function auditActions(db: Kysely<Database>, attemptId: string): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select(['action', 'seq']).where('subject_id', '=', attemptId).orderBy('seq').execute();
  return rows.map((row) => row.action);
}

forEachDatabase('attempt holds', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const organisation = await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase);

  try {
    const seeded = await seedExam(db, { candidates: 3, questions: 6, unitId: organisation.unitA.id });
    const roomId = newId();
    await db.insertInto('rooms').values({ id: roomId, unit_id: organisation.unitA.id, code: 'P-HOLD', name: 'Phòng giữ', created_at: nowIso() }).execute();
    const place = { sessionId: seeded.examSessionId, roomId, unitId: organisation.unitA.id };
    const [working, waiting, clean] = seeded.candidates;
    const workingClient = new CandidateClient(server.baseUrl, working!);
    const waitingClient = new CandidateClient(server.baseUrl, waiting!);
    const service = checkInServiceOf(server.app);
    const proctor = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);

    const loaded = await workingClient.load();
    assert.equal(loaded.status, 200);
    const attemptId = loaded.body.attempt.id as string;
    const question = loaded.body.questions[0];
    const before = await workingClient.save(attemptId, [{ questionId: question.id, clientVersion: 1, value: answerFor(question, 1) }]);
    assert.equal(before.body.acks[0].result, 'stored');
    const workingCheckIn = await admitPending(db, { ...place, candidateId: working!.candidateId });
    const waitingCheckIn = await admitPending(db, { ...place, candidateId: waiting!.candidateId });
    const cleanCheckIn = await admitPending(db, { ...place, candidateId: clean!.candidateId });
    const waitingAttempt = await examDb(db).selectFrom('exam_attempts').select('id').where('candidate_id', '=', waiting!.candidateId).executeTakeFirstOrThrow();

    // The candidate's browser keeps its live socket open through the hold and the re-admission.
    const live = openLive(server.baseUrl, attemptId, `examgate_session=${working!.sessionToken}`);
    t.after(() => live.socket.close());
    await waitFor(() => live.messages.find((message) => message.cause === 'connected'), 'the first clock message');

    await t.test('mismatch suspends a started attempt', async () => {
      await service.onRegistryResolved({ jobId: 'job-1', checkInId: workingCheckIn, key: { examEventId: 'e', candidateId: working!.candidateId }, result: answer('mismatch'), attempts: 2 });
      const row = await examDb(db).selectFrom('exam_attempts').selectAll().where('id', '=', attemptId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'suspended');
      assert.equal(row.hold_reason, 'registry_mismatch');
      assert.ok(row.held_at !== null);
      assert.ok((await auditActions(db, attemptId)).includes('exam.attempt.relock'));
      const pushed = await waitFor(() => live.messages.find((message) => message.cause === 'status' && message.status === 'suspended'), 'the pushed hold');
      assert.equal(pushed.deadline, loaded.body.attempt.deadline);
    });

    await t.test('suspended attempt rejects saves', async () => {
      const refused = await workingClient.save(attemptId, [{ questionId: question.id, clientVersion: 2, value: answerFor(question, 2) }]);
      assert.equal(refused.status, 423);
      assert.equal(refused.body.code, 'EXAM_ATTEMPT_SUSPENDED');
      assert.match(refused.body.message.vi, /^Bài thi đang tạm dừng .*\(CSDL quốc gia về dân cư có thông tin khác với chip \/ The national population database holds data that differs from the chip\)/);
      assert.match(refused.body.message.en, /^The exam is suspended .*\(CSDL quốc gia về dân cư có thông tin khác với chip \/ The national population database holds data that differs from the chip\)/);
      assert.equal(refused.body.details.holdReason, 'registry_mismatch');
      const stored = await examDb(db).selectFrom('exam_answers').select('version').where('attempt_id', '=', attemptId).where('question_id', '=', question.id).executeTakeFirstOrThrow();
      assert.equal(Number(stored.version), 1);
    });

    await t.test('suspended attempt rejects view and submit', async () => {
      const view = await workingClient.load();
      assert.equal(view.status, 423);
      assert.equal(view.body.code, 'EXAM_ATTEMPT_SUSPENDED');
      const submitted = await workingClient.submit(attemptId);
      assert.equal(submitted.status, 423);
      const clock = await workingClient.clock(attemptId);
      assert.equal(clock.status, 200);
      assert.equal(clock.body.status, 'suspended');
    });

    await t.test('revoked locks an unstarted attempt', async () => {
      await service.onRegistryResolved({ jobId: 'job-2', checkInId: waitingCheckIn, key: { examEventId: 'e', candidateId: waiting!.candidateId }, result: answer('revoked'), attempts: 1 });
      const refused = await waitingClient.load();
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'EXAM_ATTEMPT_LOCKED');
      assert.match(refused.body.message.en, /no longer valid/);
      const row = await examDb(db).selectFrom('exam_attempts').select(['status', 'started_at']).where('id', '=', waitingAttempt.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'locked');
      assert.equal(row.started_at, null);
    });

    await t.test('match leaves the attempt open', async () => {
      await service.onRegistryResolved({ jobId: 'job-3', checkInId: cleanCheckIn, key: { examEventId: 'e', candidateId: clean!.candidateId }, result: answer('match'), attempts: 1 });
      const row = await examDb(db).selectFrom('exam_attempts').select('status').where('candidate_id', '=', clean!.candidateId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'unlocked');
    });

    await t.test('face confirmation after rejection refuses', async () => {
      const checkInId = await admitPending(db, { ...place, candidateId: clean!.candidateId }, true);
      await service.onRegistryResolved({ jobId: 'job-4', checkInId, key: { examEventId: 'e', candidateId: clean!.candidateId }, result: { referenceId: null, latencyMs: 30, billable: true, outcome: 'not_found' }, attempts: 1 });
      const proctorUser = await db.selectFrom('users').select('id').where('username', '=', 'proctor.a').executeTakeFirstOrThrow();
      const view = await service.confirmFace(checkInId, true, proctorUser.id);
      assert.equal(view.outcome, 'refused');
      assert.equal(view.reason, 'registry_not_found');
      assert.equal(view.attemptId, null);
      const row = await examDb(db).selectFrom('exam_attempts').select('status').where('candidate_id', '=', clean!.candidateId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'unlocked');
    });

    await t.test('repeated resolution relocks once', async () => {
      await service.onRegistryResolved({ jobId: 'job-1', checkInId: workingCheckIn, key: { examEventId: 'e', candidateId: working!.candidateId }, result: answer('mismatch'), attempts: 2 });
      const relocks = (await auditActions(db, attemptId)).filter((action) => action === 'exam.attempt.relock');
      assert.equal(relocks.length, 1);
    });

    await t.test('finaliser skips a held attempt', async () => {
      const count = await finaliseDueAttempts(db, new Date(Date.now() + 24 * 3600_000));
      assert.equal(count, 0);
    });

    await t.test('monitor lists the hold', async () => {
      const listed = await proctor.get(`/api/exam/sessions/${seeded.examSessionId}/attempts`);
      assert.equal(listed.status, 200);
      const entry = listed.body.find((row: { attemptId: string }) => row.attemptId === attemptId);
      assert.equal(entry.status, 'suspended');
      assert.equal(entry.holdReason, 'registry_mismatch');
      assert.equal(entry.holdKept, false);
    });

    await t.test('blank notes are rejected', async () => {
      const blank = ' '.repeat(12);
      const calls = [
        { path: `/api/exam/attempts/${attemptId}/readmit`, body: { kind: 'other', reason: blank }, minLength: 10 },
        { path: `/api/exam/attempts/${waitingAttempt.id}/keep-locked`, body: { reason: blank }, minLength: 10 },
        { path: `/api/exam/attempts/${attemptId}/extra-time`, body: { extraMinutes: 5, reason: '  .  ' }, minLength: 3 },
        { path: `/api/exam/sessions/${seeded.examSessionId}/unlock`, body: { candidateId: clean!.candidateId, kind: 'other', reason: blank }, minLength: 10 },
        // Nine characters after trimming: the unlock override needs the same 10 as the check-in override.
        { path: `/api/exam/sessions/${seeded.examSessionId}/unlock`, body: { candidateId: clean!.candidateId, kind: 'other', reason: '  Máy hỏng.  ' }, minLength: 10 },
        { path: `/api/exam/sessions/${seeded.examSessionId}/unlock`, body: { candidateId: clean!.candidateId, seatId: newId(), reason: ' Máy hỏng ' }, minLength: 10 },
        { path: `/api/checkin/sessions/${seeded.examSessionId}/rooms/${roomId}/overrides`, body: { candidateId: clean!.candidateId, kind: 'broken_chip', reason: blank }, minLength: 10 },
      ];

      for (const call of calls) {
        const refused = await proctor.post(call.path, call.body);
        assert.equal(refused.status, 400, `${call.path}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.code, 'REQUEST_NOTE_TOO_SHORT', call.path);
        assert.equal(refused.body.details.minLength, call.minLength, call.path);
        assert.match(refused.body.message.vi, /body\.reason/, call.path);
      }

      const rows = await examDb(db).selectFrom('exam_attempts').select(['id', 'status', 'extra_seconds', 'hold_kept_at']).where('id', 'in', [attemptId, waitingAttempt.id]).execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      assert.equal(byId.get(attemptId)!.status, 'suspended');
      assert.equal(Number(byId.get(attemptId)!.extra_seconds), 0);
      assert.equal(byId.get(waitingAttempt.id)!.hold_kept_at, null);
      const cleanAttempt = await examDb(db).selectFrom('exam_attempts').select('status').where('candidate_id', '=', clean!.candidateId).executeTakeFirstOrThrow();
      assert.equal(cleanAttempt.status, 'unlocked');
    });

    await t.test('proctor keeps the hold', async () => {
      const kept = await proctor.post(`/api/exam/attempts/${waitingAttempt.id}/keep-locked`, { reason: 'Chờ công an xác minh thông tin thẻ.' });
      assert.equal(kept.status, 200, JSON.stringify(kept.body));
      assert.equal(kept.body.status, 'locked');
      const listed = await proctor.get(`/api/exam/sessions/${seeded.examSessionId}/attempts`);
      assert.equal(listed.body.find((row: { attemptId: string }) => row.attemptId === waitingAttempt.id).holdKept, true);
      assert.equal((await waitingClient.load()).status, 403);
      assert.ok((await auditActions(db, waitingAttempt.id)).includes('exam.attempt.keep_locked'));
    });

    await t.test('re-admit needs a catalogue code', async () => {
      const refused = await proctor.post(`/api/exam/attempts/${attemptId}/readmit`, { kind: 'because', reason: 'Đã đối chiếu giấy khai sinh bản gốc.' });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, 'REQUEST_INVALID');
      assert.match(refused.body.message.vi, /body\.kind phải là một trong các giá trị: .*other.*; giá trị đã gửi: "because"/);
    });

    await t.test('re-admit resumes the suspended attempt', async () => {
      const readmitted = await proctor.post(`/api/exam/attempts/${attemptId}/readmit`, { kind: 'other', reason: 'Đã đối chiếu giấy khai sinh bản gốc.' });
      assert.equal(readmitted.status, 200, JSON.stringify(readmitted.body));
      assert.equal(readmitted.body.status, 'in_progress');
      assert.equal(readmitted.body.deadline, loaded.body.attempt.deadline);
      await waitFor(() => live.messages.find((message) => message.cause === 'status' && message.status === 'in_progress'), 'the pushed re-admission');
      const saved = await workingClient.save(attemptId, [{ questionId: question.id, clientVersion: 2, value: answerFor(question, 2) }]);
      assert.equal(saved.status, 200);
      assert.equal(saved.body.acks[0].result, 'stored');
      const view = await workingClient.load();
      assert.equal(view.status, 200);
      assert.equal(view.body.attempt.status, 'in_progress');
      const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', attemptId).where('action', '=', 'exam.attempt.readmit').executeTakeFirstOrThrow();
      const details = JSON.parse(audit.details as string) as Record<string, unknown>;
      assert.equal(details.kind, 'other');
      assert.equal(details.holdReason, 'registry_mismatch');
      assert.equal(details.override, true);
    });

    await t.test('re-admit without a hold fails', async () => {
      const again = await proctor.post(`/api/exam/attempts/${attemptId}/readmit`, { kind: 'other', reason: 'Đã đối chiếu giấy khai sinh bản gốc.' });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'EXAM_ATTEMPT_NOT_HELD');
      assert.match(again.body.message.vi, /in_progress và không bị giữ lại/);
      assert.doesNotMatch(again.body.message.vi, /re-admit/);
      assert.equal(again.body.details.action, 're-admit');
    });

    await t.test('re-admit unlocks a locked attempt', async () => {
      const readmitted = await proctor.post(`/api/exam/attempts/${waitingAttempt.id}/readmit`, { kind: 'no_card', reason: 'Thẻ đang cấp lại, đã xem giấy hẹn của công an.' });
      assert.equal(readmitted.status, 200, JSON.stringify(readmitted.body));
      assert.equal(readmitted.body.status, 'unlocked');
      const started = await waitingClient.load();
      assert.equal(started.status, 200);
      assert.equal(started.body.attempt.status, 'in_progress');
    });
  } finally {
    await server.close();
  }
});
