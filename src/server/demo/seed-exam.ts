// Demo step of the exam: the shipped sample question file in a bank, the exam of the demo session
// drawn from it, and a login for every demo candidate, so that `npm start` can be walked through
// from check-in to results. The session opens when the demo is seeded and takes late starts for
// the rest of the working day, because the demo is tried at any hour.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { importQuestionFile } from '../../exam/import/import-file.js';
import { createUser } from '../accounts/users.js';
import { setUpExam } from '../exam/exam-setup.js';
import { addQuestions, createBank } from '../exam/question-store.js';
import type { DemoContext, DemoSeedStep } from './seed.js';
import { DEMO_PASSWORD } from './seed-core.js';

export const DEMO_QUESTION_FILE = fileURLToPath(new URL('../../../samples/questions/de-mau-2025.docx', import.meta.url));

/** Minutes after the opening during which a demo candidate may still start. */
const DEMO_LATE_START_MINUTES = 10 * 60;
const DEMO_DURATION_MINUTES = 45;

/** Vietnam's local time (UTC+7) as `yyyy-mm-dd` and `hh:mm`, the form exam sessions are stored in. */
function localDateAndTime(now: Date): { date: string; time: string } {
  const local = new Date(now.getTime() + 7 * 3_600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

async function run(context: DemoContext): Promise<void> {
  const { db, unit, examSession, examEvent } = context;

  if (unit === undefined || examSession === undefined || examEvent === undefined) {
    throw new Error('the core demo step must run first: no unit, exam event or session');
  }

  const imported = await importQuestionFile('de-mau-2025.docx', new Uint8Array(await readFile(DEMO_QUESTION_FILE)));

  if (imported.errors.length > 0) {
    throw new Error(`the sample question file ${DEMO_QUESTION_FILE} has errors: ${imported.errors.map((issue) => issue.message).join('; ')}`);
  }

  const bank = await createBank(db, unit.id, 'Đề mẫu 2025 (demo)', null);
  await addQuestions(db, bank.id, imported.questions.map((entry) => entry.question), null, 'demo');
  context.extra.questionBankId = bank.id;

  const opening = localDateAndTime(new Date());
  await db.updateTable('exam_sessions').set({ date: opening.date, start_time: opening.time, window_minutes: DEMO_LATE_START_MINUTES }).where('id', '=', examSession.id).execute();
  const session = await db.selectFrom('exam_sessions').selectAll().where('id', '=', examSession.id).executeTakeFirstOrThrow();

  await setUpExam(db, { ...session, unit_id: unit.id, title: examEvent.title }, {
    bankId: bank.id,
    durationMinutes: DEMO_DURATION_MINUTES,
    lateStartMinutes: DEMO_LATE_START_MINUTES,
    resultsAllowed: true,
  }, null);

  const candidates = await db.selectFrom('candidates').select(['id', 'full_name_display']).where('unit_id', '=', unit.id).orderBy('full_name').execute();

  for (const [index, candidate] of candidates.entries()) {
    const username = `thisinh${String(index + 1).padStart(2, '0')}`;
    await createUser(db, { username, displayName: candidate.full_name_display, role: 'candidate', unitId: unit.id, password: DEMO_PASSWORD, candidateId: candidate.id }, null);
  }

  context.logins.push({
    username: 'thisinh01',
    password: DEMO_PASSWORD,
    role: 'candidate',
    purpose: `Thí sinh / candidate (thisinh01 … thisinh${String(candidates.length).padStart(2, '0')}; thi sau khi xác thực / exam after check-in)`,
  });
}

export const examDemoStep: DemoSeedStep = { name: 'exam: sample question bank, the session exam, candidate logins', run };
