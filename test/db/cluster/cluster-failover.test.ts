// Three `examgate serve` instances on one PostgreSQL schema and one Redis prefix, behind nginx on
// loopback. A check-in station connects through nginx and proctor dashboards connect to the
// other instances; candidates take an exam through nginx while the instance holding the station
// is killed with SIGKILL. Checks: every acknowledged answer is stored, no attempt is finished
// twice, station commands and room events cross instances, and dashboards stay live and replay
// what they missed after reconnecting to another instance.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import pg from 'pg';
import { Redis } from 'ioredis';
import WebSocket from 'ws';

import { NGINX_PATH, startInstance, startNginx, stopInstance, type Instance, type Proxy } from '../../../bench/cluster.js';
import { createUser } from '../../../src/server/accounts/users.js';
import { issueStationToken } from '../../../src/server/checkin/station-tokens.js';
import { createDatabase } from '../../../src/server/db/database.js';
import { migrateToLatest } from '../../../src/server/db/migrate.js';
import { createRoom } from '../../../src/server/events/rooms.js';
import { assignSeatsAutomatically } from '../../../src/server/events/seating.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam, type SeededCandidate } from '../../../src/server/exam/exam-seed.js';
import { ManualCardSlot } from '../../../src/station/manual-card-slot.js';
import { Station } from '../../../src/station/station.js';
import { POSTGRES_URL, postgresUnavailableReason } from '../../support/databases.js';
import { requirePart } from '../../support/require.js';
import { deleteRedisKeys, REDIS_URL, redisUnavailableReason } from '../../support/redis.js';
import { ApiClient, TEST_PASSWORD } from '../../support/server.js';

const CANDIDATES = 24;
const QUESTIONS = 12;
/** Candidates that never submit: the finalisers of the surviving instances close their attempts. */
const LEFT_TO_FINALISER = 4;

interface ViewQuestion {
  id: string;
  kind: string;
  options?: { id: string }[];
  statements?: { id: string }[];
}

/** Returns a valid answer of the question's kind; `round` varies it. */
function answerFor(question: ViewQuestion, round: number): unknown {
  switch (question.kind) {
    case 'single':
      return { choice: question.options?.[round % (question.options?.length ?? 1)]?.id ?? null };
    case 'true_false':
      return { statements: Object.fromEntries((question.statements ?? []).map((statement, index) => [statement.id, (index + round) % 2 === 0])) };
    default:
      return { text: String(round) };
  }
}

interface Dashboard {
  events: any[];
  socket: WebSocket;
  waitFor(predicate: (event: any) => boolean, timeoutMs?: number): Promise<any>;
}


function openDashboard(baseUrl: string, roomId: string, cookie: string, after?: string): Promise<Dashboard> {
  const url = `${baseUrl.replace('http', 'ws')}/api/checkin/rooms/${roomId}/live${after === undefined ? '' : `?after=${after}`}`;
  const socket = new WebSocket(url, { headers: { cookie } });
  const events: any[] = [];
  const waiters = new Set<() => void>();

  socket.on('message', (data) => {
    events.push(JSON.parse(String(data)));
    for (const wake of waiters) wake();
  });

  const waitFor = (predicate: (event: any) => boolean, timeoutMs = 10_000): Promise<any> => new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = events.find(predicate);
      if (found === undefined) return false;
      waiters.delete(wake);
      clearTimeout(timer);
      resolve(found);
      return true;
    };
    const wake = (): void => { check(); };
    const timer = setTimeout(() => {
      waiters.delete(wake);
      reject(new Error(`dashboard on ${baseUrl} got no matching event in ${timeoutMs} ms; events: ${JSON.stringify(events.map((event) => event.type))}`));
    }, timeoutMs);
    waiters.add(wake);
    check();
  });

  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ events, socket, waitFor }));
    socket.once('error', reject);
  });
}

/** Sends one request through the proxy as the web app's answer queue does: resend the same body until acknowledged. */
async function sendUntilAcknowledged(baseUrl: string, candidate: SeededCandidate, path: string, body: unknown): Promise<any> {
  const deadline = Date.now() + 30_000;

  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `examgate_session=${candidate.sessionToken}; examgate_csrf=${candidate.csrfToken}`, 'x-csrf-token': candidate.csrfToken },
        body: JSON.stringify(body),
      });

      if (response.status === 200) return await response.json();
      if (response.status < 500) throw new Error(`POST ${path} failed with ${response.status}: ${await response.text()}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('POST ')) throw error;
    }

    if (Date.now() > deadline) throw new Error(`POST ${path} was not acknowledged within 30 s (${attempt + 1} tries)`);
    await new Promise((resolve) => setTimeout(resolve, 50 * Math.min(attempt + 1, 10)));
  }
}

test('cluster survives SIGKILL of an instance', { timeout: 150_000 }, async (t) => {
  if (!requirePart(t, await postgresUnavailableReason())) return;
  if (!requirePart(t, await redisUnavailableReason())) return;
  if (!requirePart(t, existsSync(NGINX_PATH) ? null : 'nginx is missing: apt-get install nginx')) return;

  const schema = `cluster_${randomBytes(5).toString('hex')}`;
  const redisPrefix = `test:${randomBytes(5).toString('hex')}:`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const databaseUrl = `${POSTGRES_URL}?schema=${schema}`;
  const database = createDatabase(databaseUrl);
  const instances: Instance[] = [];
  let proxy: Proxy | null = null;
  let station: Station | null = null;
  const dashboards: Dashboard[] = [];

  t.after(async () => {
    for (const dashboard of dashboards) dashboard.socket.terminate();
    await station?.stop();
    await proxy?.stop();
    for (const instance of instances) await stopInstance(instance);
    await database.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    await deleteRedisKeys(redisPrefix);
  });

  // Storage: migrations in the test's schema, an exam of generated candidates, a room with a
  // station and a proctor.
  const migrated = await migrateToLatest(database.db);
  assert.ok(migrated.length > 0, 'no migration was applied to the fresh schema');
  const { db } = database;
  const seeded = await seedExam(db, { candidates: CANDIDATES, questions: QUESTIONS, durationMinutes: 45, windowMinutes: 15 });
  await createUser(db, { username: 'proctor', displayName: 'Cán bộ coi thi', role: 'proctor', unitId: seeded.unitId, password: TEST_PASSWORD }, null);
  const room = await createRoom(db, seeded.unitId, { code: 'P201', name: 'Phòng máy 201', seatCount: CANDIDATES + 2, stationNames: ['Trạm 1'] }, null);
  const session = await db.selectFrom('exam_sessions').selectAll().where('id', '=', seeded.examSessionId).executeTakeFirstOrThrow();
  const event = await db.selectFrom('exam_events').selectAll().where('id', '=', session.exam_event_id).executeTakeFirstOrThrow();
  await assignSeatsAutomatically(db, session, event, [room.id], null);
  const stationRow = await db.selectFrom('check_in_stations').select(['id', 'room_id']).where('room_id', '=', room.id).executeTakeFirstOrThrow();
  const stationToken = (await issueStationToken(db, stationRow, seeded.unitId, 'cluster test', null)).token;

  // Three instances and nginx.
  for (const name of ['i1', 'i2', 'i3']) {
    instances.push(await startInstance(name, { databaseUrl, redisUrl: REDIS_URL, redisPrefix, env: { EXAMGATE_FINALISER: 'on' } }));
  }
  proxy = await startNginx(instances.map((instance) => instance.port));

  // The station connects through nginx; Redis tells which instance holds its socket.
  const slot = new ManualCardSlot(['Manual reader 0']);
  station = new Station({ serverUrl: proxy.url, token: stationToken, slot, reconnectMinMs: 100, reconnectMaxMs: 500 });
  station.start();
  await station.waitUntilConnected();
  const redis = new Redis(REDIS_URL);
  t.after(() => redis.disconnect());
  const holderOf = async (): Promise<string | undefined> => {
    const entry = await redis.hget(`${redisPrefix}stations`, stationRow.id);
    return entry === null ? undefined : (JSON.parse(entry) as { instanceId: string }).instanceId;
  };
  let holder: string | undefined;
  for (let tries = 0; tries < 50 && holder === undefined; tries++) {
    holder = await holderOf();
    if (holder === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const victim = instances.find((instance) => instance.name === holder);
  assert.ok(victim !== undefined, 'the station is registered in Redis by the instance holding it');
  const survivors = instances.filter((instance) => instance !== victim);

  // Dashboards on the two other instances see the station's events, and a check-in started on
  // an instance without the station reaches it and comes back decided.
  const proctors = await Promise.all(survivors.map((instance) => new ApiClient(instance.url).login('proctor', TEST_PASSWORD)));
  const cookieOf = (client: ApiClient): string => client.cookieHeader();
  for (const [index, instance] of survivors.entries()) {
    dashboards.push(await openDashboard(instance.url, room.id, cookieOf(proctors[index] as ApiClient)));
  }
  for (const dashboard of dashboards) {
    const snapshot = await dashboard.waitFor((entry) => entry.type === 'snapshot');
    assert.deepEqual(snapshot.data.stations.map((entry: { stationId: string }) => entry.stationId), [stationRow.id], 'the snapshot lists the station held by another instance');
  }

  const candidate = seeded.candidates[0] as SeededCandidate;
  const started = await (proctors[0] as ApiClient).post(`/api/checkin/sessions/${session.id}/rooms/${room.id}/check-ins`, { candidateId: candidate.candidateId });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  slot.present({ transmit: async () => Uint8Array.of(0x6a, 0x82) });
  for (const dashboard of dashboards) {
    await dashboard.waitFor((entry) => entry.type === 'check-in-started' && entry.checkInId === started.body.id);
    const decided = await dashboard.waitFor((entry) => entry.type === 'check-in-decided' && entry.checkInId === started.body.id, 20_000);
    assert.match(decided.id, /^\d+-\d+$/, 'live events carry their stream id');
  }
  slot.remove();

  // The exam through nginx: every candidate saves every question, in rounds.
  const acknowledged = new Map<string, number>();
  const attempts = new Map<string, string>();
  let questions: ViewQuestion[] = [];
  for (const entry of seeded.candidates) {
    const response = await fetch(`${proxy.url}/api/exam/attempt`, { headers: { cookie: `examgate_session=${entry.sessionToken}; examgate_csrf=${entry.csrfToken}` } });
    assert.equal(response.status, 200);
    const body = await response.json() as { attempt: { id: string }; questions: ViewQuestion[] };
    attempts.set(entry.candidateId, body.attempt.id);
    questions = body.questions;
  }
  let killed = false;
  let duplicates = 0;

  for (let round = 1; round <= 2; round++) {
    for (const [index, question] of questions.entries()) {
      // Mid-exam, the instance that holds the station dies without any chance to clean up.
      if (round === 1 && index === Math.floor(questions.length / 2) && !killed) {
        victim.child.kill('SIGKILL');
        killed = true;
      }

      await Promise.all(seeded.candidates.map(async (entry) => {
        const attemptId = attempts.get(entry.candidateId) as string;
        const change = { questionId: question.id, clientVersion: round, value: answerFor(question, round), idempotencyKey: `${entry.candidateId}.${question.id}.${round}` };
        const reply = await sendUntilAcknowledged(proxy!.url, entry, `/api/exam/attempts/${attemptId}/answers`, { answers: [change] });
        const ack = reply.acks[0];
        assert.ok(ack.result === 'stored' || ack.result === 'duplicate', `ack ${JSON.stringify(ack)}`);
        if (ack.result === 'duplicate') duplicates++;
        acknowledged.set(`${attemptId}|${question.id}`, ack.storedVersion);
      }));
    }
  }
  assert.ok(killed);

  // Dashboards on the survivors stay live: the station reconnects through nginx to a survivor,
  // and its events reach both dashboards.
  for (const dashboard of dashboards) {
    await dashboard.waitFor((entry) => entry.type === 'station-online' && entry.stationId === stationRow.id, 20_000);
  }
  const holderAfter = await holderOf();
  assert.ok(survivors.some((instance) => instance.name === holderAfter), `the station is held by a survivor, found ${String(holderAfter)}`);

  // A dashboard that reconnects to the other survivor replays the events it missed.
  const leaving = dashboards[0] as Dashboard;
  const lastSeen = [...leaving.events].reverse().find((entry) => typeof entry.id === 'string').id as string;
  leaving.socket.terminate();
  slot.present({ transmit: async () => Uint8Array.of(0x6a, 0x82) });
  await (dashboards[1] as Dashboard).waitFor((entry) => entry.type === 'card-present' && entry.id > lastSeen);
  slot.remove();
  const rejoined = await openDashboard((survivors[1] as Instance).url, room.id, cookieOf(proctors[0] as ApiClient), lastSeen);
  dashboards.push(rejoined);
  await rejoined.waitFor((entry) => entry.type === 'card-present');
  const replayedIds = rejoined.events.filter((entry) => typeof entry.id === 'string').map((entry) => entry.id as string);
  assert.equal(new Set(replayedIds).size, replayedIds.length, 'no event is replayed twice');
  assert.ok(!replayedIds.includes(lastSeen), 'the replay starts after the last event seen');

  // Submit all but a few attempts through nginx (twice, as a browser retrying after a lost reply).
  const submitting = seeded.candidates.slice(LEFT_TO_FINALISER);
  for (const entry of submitting) {
    const attemptId = attempts.get(entry.candidateId) as string;
    const first = await sendUntilAcknowledged(proxy.url, entry, `/api/exam/attempts/${attemptId}/submit`, { idempotencyKey: 'submit' });
    const again = await sendUntilAcknowledged(proxy.url, entry, `/api/exam/attempts/${attemptId}/submit`, { idempotencyKey: 'submit' });
    assert.equal(again.submittedAt, first.submittedAt);
  }

  // The rest pass their deadline (moved into the past in the database); the finalisers of both
  // survivors race for them and each attempt is finalised exactly once.
  const leftIds = seeded.candidates.slice(0, LEFT_TO_FINALISER).map((entry) => attempts.get(entry.candidateId) as string);
  const past = new Date(Date.now() - 60_000).toISOString();
  await examDb(db).updateTable('exam_attempts').set({ deadline_at: past, finalise_after: past }).where('id', 'in', leftIds).execute();
  const finaliseDeadline = Date.now() + 20_000;
  for (;;) {
    const open = await examDb(db).selectFrom('exam_attempts').select('id').where('id', 'in', leftIds).where('status', '=', 'in_progress').execute();
    if (open.length === 0) break;
    assert.ok(Date.now() < finaliseDeadline, `${open.length} attempts are still open 20 s after their deadline`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  // No acknowledged answer is lost.
  const stored = await examDb(db).selectFrom('exam_answers').select(['attempt_id', 'question_id', 'version']).execute();
  const storedVersions = new Map(stored.map((row) => [`${row.attempt_id}|${row.question_id}`, Number(row.version)]));
  const lost = [...acknowledged].filter(([key, version]) => (storedVersions.get(key) ?? 0) < version);
  assert.equal(acknowledged.size, CANDIDATES * questions.length);
  assert.deepEqual(lost, []);

  // Each write is recorded once, whatever the retries.
  const history = await examDb(db).selectFrom('exam_answer_history').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  assert.equal(Number(history.count), CANDIDATES * questions.length * 2);

  // No attempt is finished twice: one submit or finalise audit entry per attempt.
  const finishes = await db.selectFrom('audit_log').select(['subject_id', 'action']).where('action', 'in', ['exam.attempt.submit', 'exam.attempt.finalise']).execute();
  const perAttempt = new Map<string, number>();
  for (const row of finishes) perAttempt.set(String(row.subject_id), (perAttempt.get(String(row.subject_id)) ?? 0) + 1);
  assert.equal(perAttempt.size, CANDIDATES);
  assert.deepEqual([...perAttempt.values()].filter((count) => count !== 1), []);
  const statuses = await examDb(db).selectFrom('exam_attempts').select(['status']).where('exam_session_id', '=', seeded.examSessionId).execute();
  assert.equal(statuses.filter((row) => row.status === 'submitted').length, CANDIDATES - LEFT_TO_FINALISER);
  assert.equal(statuses.filter((row) => row.status === 'expired').length, LEFT_TO_FINALISER);
  t.diagnostic(`answers acknowledged ${acknowledged.size}, duplicates acknowledged after retries ${duplicates}`);
});
