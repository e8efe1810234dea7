// A ready exam room for check-in tests and the benchmark. It holds a unit with a proctor, a
// room with seats and two stations, and an exam session on the test PKI's verification date.
// Generated candidates are registered and seated, each with a virtual card image. The test
// PKI's CSCAs are loaded as trust anchors, and a server runs with a token per station.
import { randomBytes } from 'node:crypto';

import type { FastifyInstance } from 'fastify';

import { createIdNumberGenerator } from '../../../src/chip/idnumber/index.js';
import { buildCardImage, virtualCardFromImage, type BuildCardImageOptions, type CardImage } from '../../../src/sim/card-image.js';
import type { CardFault } from '../../../src/sim/card/faults.js';
import type { PersonRecord } from '../../../src/sim/person.js';
import { TEST_PKI_VERIFY_AT, trustedCscaCertificates } from '../../../src/sim/pki.js';
import { createUser } from '../../../src/server/accounts/users.js';
import { buildServer } from '../../../src/server/app.js';
import { checkInServiceOf, configureCheckIn } from '../../../src/server/checkin/checkin-plugin.js';
import { parsePhotoKey } from '../../../src/server/checkin/photo-store.js';
import { issueStationToken } from '../../../src/server/checkin/station-tokens.js';
import { addTrustAnchor } from '../../../src/server/checkin/trust-anchors.js';
import { TrustStore } from '../../../src/chip/pa/trust-store.js';
import { newId, nowIso } from '../../../src/server/db/columns.js';
import type { ExamEventTable, ExamSessionTable, RoomTable, UnitTable } from '../../../src/server/db/schema.js';
import { createExamEvent, createExamSession } from '../../../src/server/events/exam-events.js';
import { createRoom } from '../../../src/server/events/rooms.js';
import { assignSeatsAutomatically, registerCandidates } from '../../../src/server/events/seating.js';
import { createUnit } from '../../../src/server/organisation/units.js';
import { ManualCardSlot } from '../../../src/station/manual-card-slot.js';
import { Station } from '../../../src/station/station.js';
import type { TestDatabase } from '../../support/databases.js';
import { ApiClient, TEST_PASSWORD } from '../../support/server.js';
import { testPki } from '../../support/virtual-cards.js';

/** The exam date: the day the test PKI's certificates are checked against. */
export const EXAM_DATE = TEST_PKI_VERIFY_AT.toISOString().slice(0, 10);

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Ngọc', 'Minh', 'Thu', 'Quốc', 'Hữu', 'Thanh', 'Bảo'];
const GIVEN = ['Anh', 'Bảo', 'Chi', 'Dũng', 'Hà', 'Huy', 'Hương', 'Khải', 'Ngọc', 'Đạt', 'Linh', 'Yến', 'Phúc', 'Tâm', 'Quỳnh', 'Sơn'];

/** Generates a person with full Vietnamese diacritics whose card expires on the 25th birthday. */
export function generatedPerson(index: number, options: { birthYears?: [number, number] } = {}): PersonRecord {
  const identity = createIdNumberGenerator(4_000 + index).next({ birthYears: options.birthYears ?? [2006, 2008] });
  const birthYear = Number(identity.birthDate.slice(0, 4));
  const fullName = `${FAMILY[index % FAMILY.length]} ${MIDDLE[(index >> 2) % MIDDLE.length]} ${GIVEN[(index * 7) % GIVEN.length]}`;

  return {
    idNumber: identity.idNumber, fullName, birthDate: identity.birthDate, sex: identity.sex, nationality: 'Việt Nam', ethnicity: 'Kinh', religion: 'Không',
    placeOfOrigin: 'Xã Tân Phú Trung, Huyện Củ Chi, Thành phố Hồ Chí Minh', placeOfResidence: 'Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh',
    identifyingMarks: 'Nốt ruồi C:1cm trên đầu mày trái', issueDate: `${birthYear + 15}-03-01`, expiryDate: `${birthYear + 25}${identity.birthDate.slice(4)}`,
    fatherName: 'Nguyễn Văn Hùng', motherName: 'Phạm Thị Thu Hương', spouseName: null,
  };
}

export interface RoomCandidate {
  person: PersonRecord;
  image: CardImage;
  candidateId: string;
  candidateNumber: string;
}

export interface CheckInRoom {
  app: FastifyInstance;
  baseUrl: string;
  port: number;
  unit: UnitTable;
  room: RoomTable;
  event: ExamEventTable;
  session: ExamSessionTable;
  stationIds: string[];
  tokens: string[];
  candidates: RoomCandidate[];
  proctor: ApiClient;
  /** Starts a station with its own manual card slot on station `index` (0 or 1). */
  startStation(index?: number, options?: { reconnectMinMs?: number }): Promise<{ station: Station; slot: ManualCardSlot }>;
  /** Builds a server again on the same database and port (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface CheckInRoomOptions {
  count: number;
  /** Faults per candidate index, baked into that candidate's card. */
  faults?: Record<number, CardFault[]>;
  /** Other card image options per candidate index, e.g. `activeAuthenticationKey: null` for a card without DG15. */
  cardOptions?: Record<number, Partial<Omit<BuildCardImageOptions, 'person' | 'pki' | 'faults'>>>;
  /** Registration names that differ from the card, per candidate index. */
  registeredNames?: Record<number, string>;
  people?: Record<number, PersonRecord>;
}

const PHOTO_KEY = parsePhotoKey(randomBytes(32).toString('base64'));

async function addCandidate(database: TestDatabase, unitId: string, person: PersonRecord, registeredName: string): Promise<string> {
  const id = newId();
  const now = nowIso();
  await database.database.db.insertInto('candidates').values({
    id, unit_id: unitId, class_id: null, match_key: `id:${person.idNumber}`, id_number: person.idNumber, legacy_id_number: null, card_issued_on: person.issueDate,
    full_name: registeredName.normalize('NFC'), full_name_display: registeredName, birth_date: person.birthDate, sex: person.sex, chip_status: 'chipped',
    email: null, phone: null, created_at: now, updated_at: now,
  }).execute();
  return id;
}

export async function setUpCheckInRoom(database: TestDatabase, options: CheckInRoomOptions): Promise<CheckInRoom> {
  const { db } = database.database;
  const unit = await createUnit(db, { code: 'TT-GDTX', name: 'Trung tâm GDTX-NNTH Quận 1', kind: 'continuing_education_centre' }, null);
  await createUser(db, { username: 'proctor', displayName: 'Cán bộ coi thi', role: 'proctor', unitId: unit.id, password: TEST_PASSWORD }, null);
  const room = await createRoom(db, unit.id, { code: 'P101', name: 'Phòng máy 101', seatCount: options.count + 2, stationNames: ['Trạm 1', 'Trạm 2'] }, null);
  const event = await createExamEvent(db, unit.id, { code: 'KT-HK1', title: 'Kiểm tra học kỳ I', kind: 'exam' }, null);
  const session = await createExamSession(db, event, { code: 'CA1', date: EXAM_DATE, startTime: '07:30', durationMinutes: 60, windowMinutes: 15 }, null);

  const candidates: RoomCandidate[] = [];

  for (let index = 0; index < options.count; index++) {
    const person = options.people?.[index] ?? generatedPerson(index);
    const image = await buildCardImage({ ...options.cardOptions?.[index], person, pki: testPki(), faults: options.faults?.[index] ?? [] });
    const candidateId = await addCandidate(database, unit.id, person, options.registeredNames?.[index] ?? person.fullName);
    candidates.push({ person, image, candidateId, candidateNumber: '' });
  }

  await registerCandidates(db, event, 'all', null);
  await assignSeatsAutomatically(db, session, event, [room.id], null);
  const numbers = await db.selectFrom('exam_registrations').select(['candidate_id', 'candidate_number']).where('exam_event_id', '=', event.id).execute();
  for (const candidate of candidates) candidate.candidateNumber = numbers.find((row) => row.candidate_id === candidate.candidateId)?.candidate_number ?? '';

  const trustStore = new TrustStore();
  for (const certificate of trustedCscaCertificates(testPki())) {
    await addTrustAnchor(db, 'certificate', 'test-csca.der', certificate, null, trustStore);
  }

  const stations = await db.selectFrom('check_in_stations').select(['id', 'room_id']).where('room_id', '=', room.id).orderBy('name').execute();
  const tokens: string[] = [];
  for (const station of stations) tokens.push((await issueStationToken(db, station, unit.id, 'test', null)).token);

  let app = await buildServer({ logLevel: 'warn', webRoot: '/nonexistent', database: database.database });
  await configureCheckIn(app, { now: () => TEST_PKI_VERIFY_AT, photoKey: PHOTO_KEY, cardTimeoutMs: 10_000 });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(baseUrl).port);
  const proctor = await new ApiClient(baseUrl).login('proctor', TEST_PASSWORD);
  const started: { station: Station; slot: ManualCardSlot }[] = [];

  const roomSetup: CheckInRoom = {
    app, baseUrl, port, unit, room, event, session, stationIds: stations.map((station) => station.id), tokens, candidates, proctor,
    async startStation(index = 0, stationOptions = {}) {
      const slot = new ManualCardSlot([`Manual reader ${index}`]);
      const station = new Station({ serverUrl: baseUrl, token: tokens[index] as string, slot, reconnectMinMs: stationOptions.reconnectMinMs ?? 50, reconnectMaxMs: 200 });
      station.start();
      await station.waitUntilConnected();
      started.push({ station, slot });
      return { station, slot };
    },
    async restart() {
      await app.close();
      app = await buildServer({ logLevel: 'warn', webRoot: '/nonexistent', database: database.database });
      await configureCheckIn(app, { now: () => TEST_PKI_VERIFY_AT, photoKey: PHOTO_KEY, cardTimeoutMs: 10_000 });
      await app.listen({ port, host: '127.0.0.1' });
      roomSetup.app = app;
    },
    async close() {
      for (const entry of started) await entry.station.stop();
      await app.close();
    },
  };

  return roomSetup;
}

/** Returns a virtual card of a candidate as a transport for a manual card slot. */
export function cardTransport(image: CardImage, latencyMs = 0) {
  const card = virtualCardFromImage(image, latencyMs === 0 ? {} : { latencyMs });
  return { transmit: (command: Uint8Array) => card.processApdu(command) };
}

/** Polls a check-in until the server has verified or decided it. */
export async function waitForDecision(room: CheckInRoom, checkInId: string, timeoutMs = 15_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const response = await room.proctor.get(`/api/checkin/check-ins/${checkInId}`);

    if (response.status !== 200) throw new Error(`reading check-in ${checkInId} failed with ${response.status}: ${JSON.stringify(response.body)}`);
    if (response.body.status === 'verified' || response.body.status === 'decided') return response.body;
    if (Date.now() > deadline) throw new Error(`check-in ${checkInId} is still ${response.body.status} after ${timeoutMs} ms`);

    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Names a candidate, taps the card and returns the check-in once verified or decided. */
export async function tapCard(room: CheckInRoom, slot: ManualCardSlot, body: Record<string, unknown>, transport: { transmit(command: Uint8Array): Promise<Uint8Array> }): Promise<any> {
  const started = await room.proctor.post(`/api/checkin/sessions/${room.session.id}/rooms/${room.room.id}/check-ins`, body);

  if (started.status !== 201) throw new Error(`starting the check-in failed with ${started.status}: ${JSON.stringify(started.body)}`);

  slot.present(transport);

  try {
    return await waitForDecision(room, started.body.id);
  } finally {
    slot.remove();
  }
}

export { checkInServiceOf };
