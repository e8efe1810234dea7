import { createIdNumberGenerator } from '../../chip/idnumber/index.js';
import { createUser } from '../accounts/users.js';
import { upsertCandidates, type CandidateRecord } from '../candidates/store.js';
import type { Role } from '../db/schema.js';
import { createExamEvent, createExamSession } from '../events/exam-events.js';
import { createRoom } from '../events/rooms.js';
import { assignSeatsAutomatically, registerCandidates } from '../events/seating.js';
import { ensureDepartment } from '../organisation/department.js';
import { createClass, createUnit } from '../organisation/units.js';
import { newId, nowIso } from '../db/columns.js';
import type { DemoContext, DemoSeedStep } from './seed.js';
import { seededRandom, vietnameseName } from './vietnamese-names.js';

/** Password of every demo account; printed at start. Demo databases are for trying the product only. */
export const DEMO_PASSWORD = 'demo-examgate-2026';

export const DEMO_UNIT_CODE = 'DEMO-GDTX';
const DEMO_CANDIDATES_PER_CLASS = 20;
const DEMO_SEED = 2026;

const DEMO_USERS: { username: string; displayName: string; role: Role; purpose: string }[] = [
  { username: 'so.admin', displayName: 'Quản trị Sở (demo)', role: 'department_admin', purpose: 'Quản trị Sở / department administrator' },
  { username: 'donvi.admin', displayName: 'Quản trị đơn vị (demo)', role: 'unit_admin', purpose: 'Quản trị đơn vị / unit administrator' },
  { username: 'giaovien', displayName: 'Giáo viên (demo)', role: 'teacher', purpose: 'Giáo viên / teacher' },
  { username: 'canbocoithi', displayName: 'Cán bộ coi thi (demo)', role: 'proctor', purpose: 'Cán bộ coi thi / proctor' },
];

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

function demoCandidates(classIds: string[]): CandidateRecord[] {
  const random = seededRandom(DEMO_SEED);
  const generator = createIdNumberGenerator(DEMO_SEED);
  const records: CandidateRecord[] = [];

  for (const classId of classIds) {
    for (let index = 0; index < DEMO_CANDIDATES_PER_CLASS; index += 1) {
      const identity = generator.next({ birthYears: [1985, 2008] });
      const fullName = vietnameseName(identity.sex, random);

      records.push({
        matchKey: `id:${identity.idNumber}`,
        idNumber: identity.idNumber,
        legacyIdNumber: null,
        cardIssuedOn: '2022-03-15',
        fullName,
        fullNameDisplay: fullName,
        birthDate: identity.birthDate,
        sex: identity.sex,
        chipStatus: 'chipped',
        classId,
        email: null,
        phone: null,
      });
    }
  }

  return records;
}

async function run(context: DemoContext): Promise<void> {
  const { db } = context;
  const department = await ensureDepartment(db);
  const unit = await createUnit(db, { code: DEMO_UNIT_CODE, name: 'Trung tâm GDNN-GDTX Demo', kind: 'continuing_education_centre' }, null);

  context.unit = unit;

  for (const user of DEMO_USERS) {
    await createUser(db, { ...user, unitId: user.role === 'department_admin' ? null : unit.id, password: DEMO_PASSWORD }, null);
    context.logins.push({ username: user.username, password: DEMO_PASSWORD, role: user.role, purpose: user.purpose });
  }

  const classes = [
    await createClass(db, unit.id, { code: '10A1', name: 'Lớp 10A1', schoolYear: '2026-2027' }, null),
    await createClass(db, unit.id, { code: '10A2', name: 'Lớp 10A2', schoolYear: '2026-2027' }, null),
  ];
  const records = demoCandidates(classes.map((row) => row.id));

  await db.transaction().execute((trx) => upsertCandidates(trx, unit.id, records));
  context.candidateIds = (await db.selectFrom('candidates').select('id').where('unit_id', '=', unit.id).execute()).map((row) => row.id);

  context.rooms.push(await createRoom(db, unit.id, { code: 'P101', name: 'Phòng máy 101', seatCount: 24, stationNames: ['Trạm 101-A'] }, null));
  context.rooms.push(await createRoom(db, unit.id, { code: 'P102', name: 'Phòng máy 102', seatCount: 24, stationNames: ['Trạm 102-A'] }, null));

  const round = { id: newId(), department_id: department.id, number: 1, name: 'Khảo sát thí điểm lần 1', starts_on: todayIso(), ends_on: null, created_at: nowIso() };
  await db.insertInto('pilot_rounds').values(round).execute();

  const event = await createExamEvent(db, unit.id, { code: 'DEMO-TIN-HOC', title: 'Kiểm tra Tin học cơ bản (demo)', kind: 'certification_test', pilotRoundId: round.id, startsOn: todayIso() }, null);
  const session = await createExamSession(db, event, { code: 'CA1', date: todayIso(), startTime: '08:00', durationMinutes: 45, windowMinutes: 15 }, null);

  await registerCandidates(db, event, 'all', null);
  await assignSeatsAutomatically(db, session, event, null, null);

  context.examEvent = event;
  context.examSession = session;
}

export const coreDemoStep: DemoSeedStep = { name: 'core: organisation, users, candidates, rooms, exam event', run };
