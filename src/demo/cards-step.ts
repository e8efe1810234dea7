// Step 4a: a virtual card for every candidate with a chipped card, from the registration and
// the test PKI made for this run. Six cards carry a fault, each chosen to be refused for its own
// reason. The registry simulator's records follow the cards, one differing on purpose.
// `planCards` reads the registrations; `buildCardImages` signs the cards, which takes a while,
// so the demo runs it while the server process starts.
import type { Kysely } from 'kysely';

import { SeededRandom, shuffled } from '../exam/seeded-random.js';
import type { SimulatorRecord } from '../registry/simulator-data.js';
import { buildCardImage } from '../sim/card-image.js';
import type { CardFault } from '../sim/card/faults.js';
import type { PersonRecord } from '../sim/person.js';
import type { TestPki } from '../sim/pki.js';
import type { Database } from '../server/db/schema.js';
import type { CardPlan, DemoCandidate } from './demo-context.js';

const FAULTY_PLANS: CardPlan['kind'][] = ['tampered-file', 'cloned-chip', 'expired-card', 'unknown-issuer', 'data-mismatch', 'registry-mismatch'];

const FAULTS_OF_PLAN: Partial<Record<CardPlan['kind'], CardFault[]>> = {
  'tampered-file': [{ name: 'tampered-dg', value: 'DG2' }],
  'cloned-chip': [{ name: 'cloned-chip' }],
  'unknown-issuer': [{ name: 'unknown-signer' }],
};

/** Returns the next date a CCCD expires for its holder: the 25th, 40th or 60th birthday after `today`. */
function expiryAfter(birthDate: string, today: string): string {
  const year = Number(birthDate.slice(0, 4));

  for (const age of [25, 40, 60]) {
    const date = `${year + age}${birthDate.slice(4)}`;
    if (date > today) return date;
  }

  return `${year + 60}${birthDate.slice(4)}`;
}

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** Builds the card's holder from the registered identity, generating the other DG13 fields. */
function personOf(row: { id_number: string; full_name: string; birth_date: string; sex: 'M' | 'F' }, today: string): PersonRecord {
  const birthYear = Number(row.birth_date.slice(0, 4));
  return {
    idNumber: row.id_number, fullName: row.full_name, birthDate: row.birth_date, sex: row.sex,
    nationality: 'Việt Nam', ethnicity: 'Kinh', religion: 'Không',
    placeOfOrigin: 'Xã Tân Phú Trung, Huyện Củ Chi, Thành phố Hồ Chí Minh',
    placeOfResidence: 'Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh',
    identifyingMarks: 'Nốt ruồi C:1cm trên đầu mày trái',
    issueDate: `${Math.max(birthYear + 14, 2021)}-03-15`,
    expiryDate: expiryAfter(row.birth_date, today),
    fatherName: 'Nguyễn Văn Hùng', motherName: 'Phạm Thị Thu Hương', spouseName: null,
  };
}

/** A name one letter of the given name away: what a typing slip in the list looks like. */
function misspelt(fullName: string): string {
  const parts = fullName.split(' ');
  const given = parts.pop() ?? '';
  return [...parts, given === 'Anh' ? 'Ánh' : 'Anh'].join(' ');
}

export interface CardsResult {
  candidates: DemoCandidate[];
  registryRecords: SimulatorRecord[];
}

export async function planCards(db: Kysely<Database>, input: { examEventId: string; examSessionId: string; seed: number; today: string }): Promise<CardsResult> {
  const rows = await db
    .selectFrom('exam_registrations')
    .innerJoin('candidates', 'candidates.id', 'exam_registrations.candidate_id')
    .innerJoin('seat_assignments', (join) => join.onRef('seat_assignments.registration_id', '=', 'exam_registrations.id').on('seat_assignments.exam_session_id', '=', input.examSessionId))
    .innerJoin('seats', 'seats.id', 'seat_assignments.seat_id')
    .select(['candidates.id', 'candidates.id_number', 'candidates.full_name', 'candidates.birth_date', 'candidates.sex', 'candidates.chip_status', 'exam_registrations.candidate_number', 'seats.room_id'])
    .where('exam_registrations.exam_event_id', '=', input.examEventId)
    .orderBy('exam_registrations.candidate_number')
    .execute();

  const chipped = rows.filter((row) => row.chip_status === 'chipped' && row.id_number !== null);
  const faulty = shuffled(chipped.map((row) => row.id), new SeededRandom(`demo-cards-${input.seed}`)).slice(0, FAULTY_PLANS.length);
  const planOf = new Map(faulty.map((id, index) => [id, FAULTY_PLANS[index] as CardPlan['kind']]));
  const candidates: DemoCandidate[] = [];
  const registryRecords: SimulatorRecord[] = [];

  for (const row of rows) {
    const base = { candidateId: row.id, candidateNumber: row.candidate_number, roomId: row.room_id, fullName: row.full_name, idNumber: row.id_number, seatLogin: null };

    if (row.chip_status !== 'chipped' || row.id_number === null) {
      candidates.push({ ...base, plan: { kind: 'no-chip' }, person: null, image: null });
      continue;
    }

    const kind = planOf.get(row.id) ?? 'good';
    const registered = personOf({ id_number: row.id_number, full_name: row.full_name, birth_date: row.birth_date, sex: row.sex }, input.today);
    const person: PersonRecord = kind === 'expired-card' ? { ...registered, expiryDate: daysBefore(input.today, 40) }
      : kind === 'data-mismatch' ? { ...registered, fullName: misspelt(registered.fullName) }
        : registered;
    candidates.push({ ...base, plan: { kind } as CardPlan, person, image: null });
    registryRecords.push({
      idNumber: person.idNumber,
      fullName: kind === 'registry-mismatch' ? misspelt(person.fullName) : person.fullName,
      birthDate: person.birthDate,
      sex: person.sex,
      status: 'active',
    });
  }

  return { candidates, registryRecords };
}

/** Builds and signs the card image of every candidate who has a card person. */
export async function buildCardImages(candidates: DemoCandidate[], pki: TestPki): Promise<number> {
  let built = 0;

  for (const candidate of candidates) {
    if (candidate.person === null) continue;

    candidate.image = await buildCardImage({ person: candidate.person, pki, faults: FAULTS_OF_PLAN[candidate.plan.kind] ?? [] });
    built += 1;
  }

  return built;
}
