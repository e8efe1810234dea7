// Seeds a ready exam session for tests, the benchmark and demos: a unit's question bank with a
// mixed 2025-format exam, candidates with logged-in sessions, an exam session opening now, and
// every candidate unlocked. Candidates get no password (they cannot log in); their sessions are
// created directly. Every name and ID number is generated.
import type { Kysely } from 'kysely';

import type { Question } from '../../exam/question.js';
import { createSession } from '../auth/session-store.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { createExamEvent, createExamSession } from '../events/exam-events.js';
import { createUnit } from '../organisation/units.js';
import { unlockAttempt } from './attempts.js';
import { type ExamSetupInput, setUpExam } from './exam-setup.js';
import { addQuestions, createBank } from './question-store.js';

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const GIVEN_NAMES = ['Minh Anh', 'Gia Bảo', 'Thảo Chi', 'Đức Duy', 'Ngọc Hà', 'Quốc Huy', 'Thu Hương', 'Tuấn Khải', 'Bảo Ngọc', 'Thành Đạt', 'Khánh Linh', 'Hải Yến'];
const INSERT_BATCH = 400;

/** Builds a generated exam of `count` questions: 60% single choice, 20% true/false items, 15% short answers, 5% essays. */
export function generatedExamQuestions(count: number): Question[] {
  return Array.from({ length: count }, (_, index): Question => {
    const number = index + 1;
    const share = index / count;

    if (share < 0.6) {
      return { id: `g${number}`, kind: 'single', section: 'I', points: 0.25, topic: number % 2 === 0 ? 'Đại số' : 'Hình học', difficulty: 'recognition', stem: `Giá trị của $${number} + ${number}$ là`, options: [0, 1, 2, 3].map((offset) => ({ id: `g${number}o${offset}`, text: String(2 * number + offset) })), correctOptionId: `g${number}o0` };
    }

    if (share < 0.8) {
      return { id: `g${number}`, kind: 'true-false-4', section: 'II', points: 1, stem: `Xét tính đúng sai với $n = ${number}$.`, statements: ['a', 'b', 'c', 'd'].map((letter, offset) => ({ id: `g${number}${letter}`, text: `Mệnh đề ${letter}) về số ${number + offset}.`, correct: offset % 2 === 0 })) };
    }

    if (share < 0.95) {
      return { id: `g${number}`, kind: 'short', section: 'III', points: 0.5, stem: `Tính $${number} : 2$.`, answers: [{ kind: 'number', value: number / 2, tolerance: 0 }] };
    }

    return { id: `g${number}`, kind: 'essay', points: 1, stem: `Trình bày lời giải bài toán số ${number}.` };
  });
}

export interface SeededCandidate {
  candidateId: string;
  userId: string;
  /** Session cookie value and CSRF token of the candidate's login. */
  sessionToken: string;
  csrfToken: string;
}

export interface SeededExam {
  unitId: string;
  bankId: string;
  examSessionId: string;
  candidates: SeededCandidate[];
}

export interface SeedOptions {
  candidates: number;
  questions: number;
  durationMinutes?: number;
  windowMinutes?: number;
  /** Minutes from now to the session's start (negative: started already). Minutes are whole. */
  startOffsetMinutes?: number;
  setup?: Partial<ExamSetupInput>;
  unlock?: boolean;
  /** A unit to use; a new one is created when absent. */
  unitId?: string;
}

/** Returns a date and `hh:mm` in Vietnam's time (UTC+7) for an instant, rounded down to the minute. */
function localDateAndTime(instantMs: number): { date: string; time: string } {
  const local = new Date(instantMs + 7 * 3_600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/** Returns a 12-digit ID number of the right structure (Hà Nội, born 2008, male) for sequence `n`. */
function generatedIdNumber(n: number): string {
  return `0012080${String(n).padStart(5, '0')}`;
}

export async function seedExam(db: Kysely<Database>, options: SeedOptions): Promise<SeededExam> {
  const suffix = newId().slice(-8);
  const unit = options.unitId === undefined
    ? await createUnit(db, { code: `EXAM-${suffix}`.toUpperCase(), name: `Trung tâm thử nghiệm ${suffix}`, kind: 'continuing_education_centre' }, null)
    : { id: options.unitId };
  const bank = await createBank(db, unit.id, 'Toán 10', null);
  await addQuestions(db, bank.id, generatedExamQuestions(options.questions), null, 'seed');

  const event = await createExamEvent(db, unit.id, { code: `KT-${suffix}`, title: 'Kiểm tra giữa kỳ Toán 10', kind: 'exam' }, null);
  const start = localDateAndTime(Date.now() + (options.startOffsetMinutes ?? 0) * 60_000);
  const session = await createExamSession(db, event, { code: 'CA1', date: start.date, startTime: start.time, durationMinutes: options.durationMinutes ?? 45, windowMinutes: options.windowMinutes ?? 15 }, null);
  await setUpExam(db, { ...session, unit_id: unit.id, title: event.title }, { bankId: bank.id, ...options.setup }, null);

  const now = nowIso();
  const candidates: SeededCandidate[] = [];
  const rows = Array.from({ length: options.candidates }, (_, index) => {
    const fullName = `${FAMILY_NAMES[index % FAMILY_NAMES.length]} ${GIVEN_NAMES[Math.floor(index / FAMILY_NAMES.length) % GIVEN_NAMES.length]}`;
    const idNumber = generatedIdNumber(index + 1);
    return {
      candidate: { id: newId(), unit_id: unit.id, class_id: null, match_key: `id:${idNumber}`, id_number: idNumber, legacy_id_number: null, card_issued_on: null, full_name: fullName, full_name_display: fullName, birth_date: '2008-09-05', sex: 'M' as const, chip_status: 'chipped' as const, email: null, phone: null, created_at: now, updated_at: now },
      username: `ts${suffix}.${index + 1}`.toLowerCase(),
    };
  });

  for (let offset = 0; offset < rows.length; offset += INSERT_BATCH) {
    const batch = rows.slice(offset, offset + INSERT_BATCH);
    await db.insertInto('candidates').values(batch.map((row) => row.candidate)).execute();
    await db.insertInto('users').values(batch.map((row) => ({
      id: newId(), username: row.username, display_name: row.candidate.full_name_display, role: 'candidate' as const, unit_id: unit.id, candidate_id: row.candidate.id,
      password_hash: '!', must_change_password: 0, disabled: 0, failed_logins: 0, locked_until: null, created_at: now, updated_at: now,
    }))).execute();
    await db.insertInto('exam_registrations').values(batch.map((row, index) => ({
      id: newId(), exam_event_id: event.id, candidate_id: row.candidate.id, candidate_number: String(offset + index + 1).padStart(5, '0'), created_at: now,
    }))).execute();
  }

  const users = await db.selectFrom('users').select(['id', 'candidate_id']).where('unit_id', '=', unit.id).where('role', '=', 'candidate').execute();
  const userByCandidate = new Map(users.map((user) => [user.candidate_id, user.id]));

  for (const row of rows) {
    const userId = userByCandidate.get(row.candidate.id) as string;
    const created = await createSession(db, userId, 12 * 60);

    if (options.unlock !== false) {
      await unlockAttempt(db, { sessionId: session.id, candidateId: row.candidate.id, seatId: null, by: null });
    }

    candidates.push({ candidateId: row.candidate.id, userId, sessionToken: created.token, csrfToken: created.csrfToken });
  }

  return { unitId: unit.id, bankId: bank.id, examSessionId: session.id, candidates };
}
