import assert from 'node:assert/strict';

import WebSocket from 'ws';

import { purgeExpiredPhotos } from '../../../src/server/checkin/photo-store.js';
import { forEachDatabase } from '../../support/databases.js';
import { cardTransport, setUpCheckInRoom, tapCard } from './check-in-room.js';
import { checkInDb } from '../../../src/server/checkin/checkin-schema.js';

forEachDatabase('check-in of a good card', async (database) => {
  const room = await setUpCheckInRoom(database, { count: 2 });

  try {
    const { slot } = await room.startStation(0);
    const candidate = room.candidates[0]!;
    const events: any[] = [];
    const live = new WebSocket(`ws://127.0.0.1:${room.port}/api/checkin/rooms/${room.room.id}/live`, { headers: { cookie: room.proctor.cookieHeader() } });
    live.on('message', (data) => events.push(JSON.parse(data.toString())));
    await new Promise((resolve) => live.once('open', resolve));
    const verified = await tapCard(room, slot, { candidateId: candidate.candidateId }, cardTransport(candidate.image));
    live.close();
    const types = events.map((event) => event.type);
    assert.ok(types.includes('snapshot'), 'the dashboard gets a snapshot');
    assert.ok(types.includes('check-in-started'), 'the dashboard sees the start');
    assert.ok(types.includes('check-in-verified'), 'the dashboard sees the verdict');
    assert.ok(!JSON.stringify(events).includes(candidate.person.fullName), 'live events carry no names');

    assert.equal(verified.status, 'verified', JSON.stringify(verified.checks.filter((check: any) => check.status === 'failed')));
    assert.equal(verified.reason, null);
    assert.equal(verified.registryState, 'not_configured');
    assert.ok(verified.photoUrl, 'the chip photo is shown to the proctor');
    assert.equal(verified.registration.candidateNumber, candidate.candidateNumber);

    const photo = await room.proctor.get(verified.photoUrl);
    assert.equal(photo.status, 200);
    assert.equal(photo.headers.get('content-type'), 'image/jpeg');

    const admitted = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: true });
    assert.equal(admitted.status, 200, JSON.stringify(admitted.body));
    assert.equal(admitted.body.outcome, 'admitted');
    assert.ok(admitted.body.attemptId);

    const attempt = await checkInDb(database.database.db).selectFrom('exam_attempts').selectAll().where('id', '=', admitted.body.attemptId).executeTakeFirstOrThrow();
    assert.equal(attempt.status, 'unlocked');
    assert.equal(attempt.seat_id, verified.seatId);

    const seat = await room.proctor.get(`/api/checkin/sessions/${room.session.id}/seats/${verified.seatId}/candidate`);
    assert.equal(seat.body.admitted, true);
    assert.equal(seat.body.fullName, candidate.person.fullName);
    assert.equal(seat.body.photo.mimeType, 'image/jpeg');

    const stored = await checkInDb(database.database.db).selectFrom('check_ins').selectAll().where('id', '=', verified.id).executeTakeFirstOrThrow();
    const steps = JSON.parse(stored.step_durations_ms) as Record<string, number>;
    for (const step of ['select', 'read', 'verify', 'wait_for_card']) assert.equal(typeof steps[step], 'number', `step ${step} is recorded`);

    const audit = await database.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', verified.id).execute();
    assert.deepEqual(audit.map((row) => row.action).sort(), ['checkin.admit', 'checkin.start', 'checkin.verify']);

    // Fallback: nobody names the candidate; the station tries the room's remaining keys.
    const other = room.candidates[1]!;
    const fallback = await tapCard(room, slot, { fallback: true }, cardTransport(other.image));
    assert.equal(fallback.status, 'verified');
    assert.equal(fallback.selectionMethod, 'fallback');
    assert.equal(fallback.candidateId, other.candidateId);

    // Photos are deleted after the retention period.
    assert.equal(await purgeExpiredPhotos(database.database.db, new Date(Date.now() + 31 * 86_400_000)), 2);
    const gone = await room.proctor.get(verified.photoUrl);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'CHECKIN_PHOTO_NOT_FOUND');
  } finally {
    await room.close();
  }
});
