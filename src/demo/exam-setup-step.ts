// Step 3: the exam event of the pilot round, its session starting now, two computer rooms with
// seats and one check-in station each, a station token per station, the test PKI's CSCAs as
// trust anchors, and the exam of the session drawn from the imported bank with a short duration.
import type { Kysely } from 'kysely';

import { TrustStore } from '../chip/pa/trust-store.js';
import { trustedCscaCertificates, type TestPki } from '../sim/pki.js';
import { issueStationToken } from '../server/checkin/station-tokens.js';
import { addTrustAnchor } from '../server/checkin/trust-anchors.js';
import type { Database } from '../server/db/schema.js';
import { createExamEvent, createExamSession } from '../server/events/exam-events.js';
import { createRoom } from '../server/events/rooms.js';
import { assignSeatsAutomatically, registerCandidates } from '../server/events/seating.js';
import { setUpExam } from '../server/exam/exam-setup.js';

/** Vietnam's time offset: sessions are set in local date and time. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export interface ExamSetupSummary {
  examEventId: string;
  examSessionId: string;
  rooms: { id: string; code: string; stationToken: string }[];
  registered: number;
  seated: number;
  trustAnchors: number;
  durationSeconds: number;
}

/** The local date (YYYY-MM-DD) and minute (hh:mm) of an instant in Vietnam. */
export function vietnamDateAndTime(instantMs: number): { date: string; time: string } {
  const local = new Date(instantMs + VIETNAM_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

export async function setUpExamDay(db: Kysely<Database>, input: { unitId: string; pilotRoundId: string; bankId: string; pki: TestPki; durationSeconds: number; seed: number }): Promise<ExamSetupSummary> {
  const start = vietnamDateAndTime(Date.now());
  const event = await createExamEvent(db, input.unitId, { code: 'KT-HK1-TOAN12', title: 'Kiểm tra học kỳ I - Toán 12 (demo)', kind: 'exam', pilotRoundId: input.pilotRoundId, startsOn: start.date }, null);
  const session = await createExamSession(db, event, { code: 'CA1', date: start.date, startTime: start.time, durationMinutes: 1, windowMinutes: 15 }, null);

  const roomPlans = [{ code: 'P201', name: 'Phòng máy 201', station: 'Trạm 201' }, { code: 'P202', name: 'Phòng máy 202', station: 'Trạm 202' }];
  const rooms: ExamSetupSummary['rooms'] = [];

  for (const plan of roomPlans) {
    const room = await createRoom(db, input.unitId, { code: plan.code, name: plan.name, seatCount: 22, stationNames: [plan.station] }, null);
    const station = await db.selectFrom('check_in_stations').select(['id', 'room_id']).where('room_id', '=', room.id).executeTakeFirstOrThrow();
    const issued = await issueStationToken(db, station, input.unitId, 'examgate demo', null);
    rooms.push({ id: room.id, code: plan.code, stationToken: issued.token });
  }

  const registered = await registerCandidates(db, event, 'all', null);
  const seated = await assignSeatsAutomatically(db, session, event, rooms.map((room) => room.id), null);

  const trustStore = new TrustStore();
  const certificates = trustedCscaCertificates(input.pki);
  for (const [index, certificate] of certificates.entries()) {
    await addTrustAnchor(db, 'certificate', `demo-csca-${index + 1}.der`, certificate, null, trustStore);
  }

  await setUpExam(db, { ...session, unit_id: input.unitId, title: event.title }, {
    bankId: input.bankId, seed: `demo-${input.seed}`, shuffleQuestions: true, shuffleOptions: true, durationMinutes: input.durationSeconds / 60, graceSeconds: 2, resultsAllowed: true,
  }, null);

  return { examEventId: event.id, examSessionId: session.id, rooms, registered, seated, trustAnchors: certificates.length, durationSeconds: input.durationSeconds };
}
