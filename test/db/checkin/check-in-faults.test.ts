// Each fault of a card, a station or the registry ends a check-in with its own reason. The
// cards are virtual cards driven in-process (no pcscd), so the whole pipeline runs fast on both
// databases.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import WebSocket from 'ws';

import { cardDumpToJson } from '../../../src/chip/dump.js';
import { HttpRegistryClient } from '../../../src/registry/http-client.js';
import { RegistrySimulator } from '../../../src/registry/simulator.js';
import { accessKeysFor } from '../../../src/server/checkin/access-keys.js';
import { configureCheckIn } from '../../../src/server/checkin/checkin-plugin.js';
import { checkInDb } from '../../../src/server/checkin/checkin-schema.js';
import { buildCardImage } from '../../../src/sim/card-image.js';
import { STATION_PROTOCOL_VERSION } from '../../../src/station/protocol.js';
import { readWithKeys } from '../../../src/station/read-with-keys.js';
import { DEFAULT_FILES } from '../../../src/chip/reader/index.js';
import { forEachDatabase } from '../../support/databases.js';
import { testPki } from '../../support/virtual-cards.js';
import { cardTransport, EXAM_DATE, generatedPerson, setUpCheckInRoom, tapCard, waitForDecision, type CheckInRoom } from './check-in-room.js';

const GOOD = 0;
const TAMPERED = 1;
const CLONED = 2;
const UNKNOWN_ISSUER = 3;
const EXPIRED_SIGNER = 4;
const EXPIRED_CARD = 5;
const DATA_MISMATCH = 6;
const REGISTRY_MISMATCH = 7;
const REGISTRY_REVOKED = 8;
const REGISTRY_NOT_FOUND = 9;
const REGISTRY_DOWN = 10;
const REPLAYED = 11;
const NAMED = 12;
const OTHER_CARD = 13;
const COUNT = 14;

function expiredCardPerson() {
  // Born in 2001: the card expired on the 25th birthday, before the exam date.
  const person = generatedPerson(500, { birthYears: [2001, 2001] });
  return { ...person, expiryDate: '2026-01-15' };
}

function qrText(person: { idNumber: string; fullName: string; birthDate: string; sex: 'M' | 'F'; issueDate: string }): string {
  const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
  return `${person.idNumber}||${person.fullName}|${ddmmyyyy(person.birthDate)}|${person.sex === 'M' ? 'Nam' : 'Nữ'}|Số 12 Đường Lê Lợi, Quận 1|${ddmmyyyy(person.issueDate)}\n`;
}

async function startRegistry(room: CheckInRoom): Promise<RegistrySimulator> {
  const records = room.candidates
    .filter((_, index) => index !== REGISTRY_NOT_FOUND)
    .map((candidate, index) => ({
      idNumber: candidate.person.idNumber,
      fullName: index === REGISTRY_MISMATCH ? 'Lê Thị Khác' : candidate.person.fullName,
      birthDate: candidate.person.birthDate,
      sex: candidate.person.sex,
      status: index === REGISTRY_REVOKED ? ('revoked' as const) : ('active' as const),
    }));
  const simulator = new RegistrySimulator({ records });
  const url = await simulator.listen();
  await configureCheckIn(room.app, {}, new HttpRegistryClient({ baseUrl: url }));
  return simulator;
}

forEachDatabase('check-in faults', async (database, t) => {
  const room = await setUpCheckInRoom(database, {
    count: COUNT,
    faults: {
      [TAMPERED]: [{ name: 'tampered-dg', value: 'DG2' }],
      [CLONED]: [{ name: 'cloned-chip' }],
      [UNKNOWN_ISSUER]: [{ name: 'unknown-signer' }],
      [EXPIRED_SIGNER]: [{ name: 'expired-signer' }],
    },
    people: { [EXPIRED_CARD]: expiredCardPerson() },
    registeredNames: { [DATA_MISMATCH]: 'Nguyễn Văn Sai Tên' },
  });
  const simulator = await startRegistry(room);
  const db = checkInDb(database.database.db);

  try {
    const { slot } = await room.startStation(0);
    const stationId = room.stationIds[0];
    const tap = (index: number, body: Record<string, unknown> = { candidateId: room.candidates[index]!.candidateId }) => tapCard(room, slot, { ...body, stationId }, cardTransport(room.candidates[index]!.image));

    await t.test('good card verified and registry match', async () => {
      const result = await tap(GOOD);
      assert.equal(result.status, 'verified');
      assert.equal(result.registryState, 'answered');
      assert.equal(result.registryOutcome, 'match');
    });

    const cases: [string, number, string][] = [
      ['tampered file', TAMPERED, 'tampered_file'],
      ['cloned chip', CLONED, 'clone_suspected'],
      ['unknown issuer', UNKNOWN_ISSUER, 'unknown_issuer'],
      ['expired signer', EXPIRED_SIGNER, 'expired_signer_or_card'],
      ['expired card', EXPIRED_CARD, 'expired_signer_or_card'],
      ['data mismatch', DATA_MISMATCH, 'data_mismatch'],
      ['registry mismatch', REGISTRY_MISMATCH, 'registry_mismatch'],
      ['registry revoked', REGISTRY_REVOKED, 'registry_revoked'],
      ['registry not found', REGISTRY_NOT_FOUND, 'registry_not_found'],
    ];

    for (const [name, index, reason] of cases) {
      await t.test(`${name} refused`, async () => {
        const result = await tap(index);
        assert.equal(result.status, 'decided');
        assert.equal(result.outcome, 'refused');
        assert.equal(result.reason, reason);
        assert.ok(result.decision.vi.length > 0, 'the reason has its Vietnamese text');
        assert.ok(result.decision.en.length > 0, 'the reason has its English text');
        assert.ok(result.decision.nextStep.vi.length > 0, 'the reason names the next step');
      });
    }

    await t.test('wrong person refused as wrong key', async () => {
      const result = await tapCard(room, slot, { candidateId: room.candidates[NAMED]!.candidateId, stationId }, cardTransport(room.candidates[OTHER_CARD]!.image));
      assert.equal(result.reason, 'wrong_access_key');
    });

    await t.test('unregistered card refused after proof', async () => {
      const stranger = generatedPerson(900);
      const image = await buildCardImage({ person: stranger, pki: testPki() });
      const result = await tapCard(room, slot, { qr: qrText(stranger), stationId }, cardTransport(image));
      assert.equal(result.reason, 'not_registered');
      assert.ok(result.checks.every((check: any) => check.status !== 'failed'), 'the chip itself verified');
    });

    await t.test('candidate number and QR name the candidate', async () => {
      const byNumber = await tap(NAMED, { candidateNumber: room.candidates[NAMED]!.candidateNumber });
      assert.equal(byNumber.status, 'verified');
      assert.equal(byNumber.selectionMethod, 'candidate_number');
      await room.proctor.post(`/api/checkin/check-ins/${byNumber.id}/cancel`);
      const byQr = await tap(NAMED, { qr: qrText(room.candidates[NAMED]!.person) });
      assert.equal(byQr.status, 'verified');
      assert.equal(byQr.candidateId, room.candidates[NAMED]!.candidateId);
    });

    await t.test('registry down pends and resolves later', async () => {
      simulator.setFault('unavailable');
      const result = await tap(REGISTRY_DOWN);
      assert.equal(result.status, 'verified', 'a registry outage never blocks the room');
      assert.equal(result.registryState, 'pending');

      simulator.setFault('none');
      const wiring = await configureCheckIn(room.app, {});
      assert.ok(wiring);
      assert.equal(await wiring.worker.runOnce(), 1);
      const row = await db.selectFrom('check_ins').selectAll().where('id', '=', result.id).executeTakeFirstOrThrow();
      assert.equal(row.registry_state, 'answered');
      assert.equal(row.registry_outcome, 'match');
    });

    await t.test('repeated tap never billed twice', async () => {
      const before = simulator.stats().billableChecks;
      const again = await tap(GOOD);
      assert.equal(again.registryOutcome, 'match');
      assert.equal(simulator.stats().billableChecks, before);
      const billed = await db.selectFrom('registry_billable_checks').selectAll().where('candidate_id', '=', room.candidates[GOOD]!.candidateId).execute();
      assert.equal(billed.length, 1);
    });

    await t.test('replayed dump refused as clone', async () => {
      const candidate = room.candidates[REPLAYED]!;
      const earlier = await readWithKeys(cardTransport(candidate.image), accessKeysFor(candidate.person, EXAM_DATE), new Uint8Array(randomBytes(8)), DEFAULT_FILES);
      const socket = new WebSocket(`ws://127.0.0.1:${room.port}/api/checkin/station`, { headers: { authorization: `Bearer ${room.tokens[1]}` } });
      const requests: any[] = [];
      socket.on('message', (data) => requests.push(JSON.parse(data.toString())));
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'hello', protocolVersion: STATION_PROTOCOL_VERSION, stationVersion: 'replay', readers: ['fake'] }));
      while (!requests.some((message) => message.type === 'welcome')) await new Promise((resolve) => setTimeout(resolve, 10));

      const started = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, { candidateId: candidate.candidateId, stationId: room.stationIds[1] });
      assert.equal(started.status, 201);
      while (!requests.some((message) => message.type === 'read')) await new Promise((resolve) => setTimeout(resolve, 10));

      const result = { type: 'read-result', checkInId: started.body.id, keyIndex: 0, dump: cardDumpToJson(earlier.result.dump), steps: earlier.steps, timings: { waitForCardMs: 0, readMs: 1 }, reader: 'fake' };
      socket.send(JSON.stringify(result));
      const decided = await waitForDecision(room, started.body.id);
      assert.equal(decided.reason, 'clone_suspected');

      // The same result sent again is ignored: a check-in is decided once.
      socket.send(JSON.stringify(result));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const after = await room.proctor.get(`/api/checkin/check-ins/${started.body.id}`);
      assert.equal(after.body.reason, 'clone_suspected');
      socket.close();
    });

    await t.test('face mismatch refuses', async () => {
      const verified = await tap(NAMED);
      const refused = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: false });
      assert.equal(refused.body.outcome, 'refused');
      assert.equal(refused.body.reason, 'face_mismatch');
    });

    await t.test('override admits with a flagged reason', async () => {
      const response = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/overrides`, { candidateId: room.candidates[TAMPERED]!.candidateId, kind: 'broken_chip', reason: 'Chip không trả lời, đã đối chiếu giấy tờ' });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.outcome, 'override');
      assert.equal(response.body.decision.override, true);
      const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['checkin.override', 'exam.attempt.override_unlock']).execute();
      assert.equal(audit.length, 2);
    });
  } finally {
    await room.close();
    await simulator.close();
  }
});
