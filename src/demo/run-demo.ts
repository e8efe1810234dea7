// `examgate demo`: a whole exam day with no one at the keyboard, step by step, on the shipped
// sample files, a fresh database, a registry simulator, virtual cards and the server as a child
// process. Each step lives in its own file; this one runs them in order and judges the day.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';

import type { Kysely } from 'kysely';

import { RegistrySimulator } from '../registry/simulator.js';
import type { RegistryTables } from '../registry/storage-schema.js';
import { createTestPki } from '../sim/pki.js';
import { createUser } from '../server/accounts/users.js';
import { createDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { auditAnswers } from './answer-audit.js';
import { DemoApiClient } from './api-client.js';
import { lockVpcdReaders, pcscUnavailableReason } from './card-path.js';
import { buildCardImages, planCards } from './cards-step.js';
import { checkInEveryone } from './check-in-step.js';
import type { DemoOptions, DemoState } from './demo-context.js';
import { takeExam } from './exam-step.js';
import { setUpExamDay, vietnamDateAndTime } from './exam-setup-step.js';
import { importCandidateList } from './import-candidates-step.js';
import { importQuestions } from './import-questions-step.js';
import { createOrganisation } from './organisation-step.js';
import { readEvaluationFigures, writeReports } from './reports-step.js';
import { startServerProcess } from './server-process.js';
import { findFailures, type DemoSummary } from './summary.js';

/**
 * Exam length: the saves, the restart (up to about 8 s on a busy 2-core machine) and the submits
 * must fit with room to spare, and three attempts wait for the deadline.
 */
export const DEMO_EXAM_SECONDS = 40;
const GRACE_SECONDS = 2;
const PILOT_ROUND = 1;

function choosePath(requested: DemoOptions['transport']): { path: 'pcsc' | 'in-process'; note: string } {
  const reason = pcscUnavailableReason();

  if (requested === 'in-process') return { path: 'in-process', note: 'chọn bằng --transport / chosen with --transport' };
  if (reason === null) return { path: 'pcsc', note: 'pcscd + vpcd, Virtual PCD 00 00 và / and 00 01' };
  if (requested === 'pcsc') throw new Error(`--transport pcsc: ${reason}`);
  return { path: 'in-process', note: `không có PC/SC / no PC/SC: ${reason}` };
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  const progress = options.progress;
  const { path: cardPath, note: cardPathNote } = choosePath(options.transport);
  await mkdir(options.outDir, { recursive: true });

  let database = createDatabase(options.databaseUrl);
  await migrateToLatest(database.db);

  // The demo creates its own department data; on a database in use it would mix with real records.
  const existing = await database.db.selectFrom('units').select('code').limit(1).executeTakeFirst();
  if (existing !== undefined) {
    await database.close();
    throw new Error(`the database ${options.databaseUrl} already has units (e.g. ${existing.code}); run the demo on a new database, or leave out --database to use a temporary one`);
  }
  const today = vietnamDateAndTime(Date.now()).date;

  progress.step(0, 'Tạo Sở, đợt thí điểm, đơn vị, lớp và tài khoản', 'Creating the department, pilot round, unit, classes and accounts');
  const organisation = await createOrganisation(database.db, today);

  progress.step(1, 'Nhập danh sách thí sinh mẫu', 'Importing the sample candidate list');
  const candidateImport = await importCandidateList(database.db, organisation.unitId);
  progress.line(
    `${candidateImport.rows} dòng, ${candidateImport.imported} thí sinh; sửa ${candidateImport.idNumbersCorrected} số CCCD mất số 0, ${candidateImport.namesNormalised} tên về NFC, bỏ ${candidateImport.duplicateRowsDropped} dòng trùng; ${candidateImport.withoutChipCard} thí sinh chưa có CCCD gắn chip`,
    `${candidateImport.rows} rows, ${candidateImport.imported} candidates; ${candidateImport.idNumbersCorrected} ID numbers got their zeros back, ${candidateImport.namesNormalised} names to NFC, ${candidateImport.duplicateRowsDropped} duplicate rows dropped; ${candidateImport.withoutChipCard} without a chipped card`,
  );

  progress.step(2, 'Nhập đề mẫu .docx (định dạng 2025)', 'Importing the sample .docx questions (2025 format)');
  const questions = await importQuestions(database.db, organisation.unitId);
  progress.line(`${questions.questions} câu: ${Object.entries(questions.parts).map(([part, count]) => `phần ${part} ${count}`).join(', ')}`, `${questions.questions} questions: ${Object.entries(questions.parts).map(([part, count]) => `part ${part} ${count}`).join(', ')}`);

  progress.step(3, 'Tạo kỳ thi, ca thi, phòng, chỗ ngồi, mã trạm; khởi động giả lập CSDL dân cư', 'Creating the exam, session, rooms, seats, station tokens; starting the registry simulator');
  const pki = createTestPki();
  const setup = await setUpExamDay(database.db, { unitId: organisation.unitId, pilotRoundId: organisation.pilotRoundId, bankId: questions.bankId, pki, durationSeconds: DEMO_EXAM_SECONDS, seed: options.seed });
  const cards = await planCards(database.db, { examEventId: setup.examEventId, examSessionId: setup.examSessionId, seed: options.seed, today });

  // Every candidate's account, for the login at the seat computer.
  for (const candidate of cards.candidates) {
    const login = { username: `ts.${candidate.candidateNumber}`, password: randomBytes(12).toString('base64url') };
    await createUser(database.db, { ...login, displayName: candidate.fullName, role: 'candidate', unitId: organisation.unitId, candidateId: candidate.candidateId }, null);
    candidate.seatLogin = login;
  }

  const registry = new RegistrySimulator({ records: cards.registryRecords });
  const registryUrl = await registry.listen(0, '127.0.0.1');
  progress.line(
    `${setup.registered} thí sinh đăng ký, ${setup.seated} chỗ ngồi ở ${setup.rooms.length} phòng; giả lập CSDL dân cư tại ${registryUrl}`,
    `${setup.registered} registered, ${setup.seated} seated in ${setup.rooms.length} rooms; registry simulator at ${registryUrl}`,
  );
  await database.close();

  // The server process starts on the other core while this one signs the cards.
  const serverEnv = { EXAMGATE_REGISTRY_URL: registryUrl, EXAMGATE_PHOTO_KEY: randomBytes(32).toString('base64') };
  const starting = startServerProcess(options.databaseUrl, 0, serverEnv);
  const [serverStart, cardBuild] = await Promise.allSettled([starting, buildCardImages(cards.candidates, pki)]);

  if (serverStart.status === 'rejected' || cardBuild.status === 'rejected') {
    if (serverStart.status === 'fulfilled') await serverStart.value.stop();
    await registry.close();
    throw serverStart.status === 'rejected' ? serverStart.reason : (cardBuild as PromiseRejectedResult).reason;
  }

  let server = serverStart.value;
  progress.line(`máy chủ chạy tại ${server.baseUrl}; ${cardBuild.value} thẻ CCCD ảo đã ký`, `server listening on ${server.baseUrl}; ${cardBuild.value} virtual ID cards signed`);
  const state: DemoState = {
    options, db: database.db, unitId: organisation.unitId, examEventId: setup.examEventId, examSessionId: setup.examSessionId, bankId: questions.bankId,
    rooms: setup.rooms, accounts: organisation.accounts, pki, candidates: cards.candidates, baseUrl: server.baseUrl,
  };

  try {
    progress.step(4, `Điểm danh bằng thẻ CCCD qua trạm (${cardPath === 'pcsc' ? 'PC/SC thật: pcscd + vpcd' : 'truyền trong tiến trình'})`, `Checking in with the ID card through the stations (${cardPath === 'pcsc' ? 'real PC/SC: pcscd + vpcd' : 'in-process transport'}; ${cardPathNote})`);
    const proctor = await new DemoApiClient(server.baseUrl).login(organisation.accounts.proctor.username, organisation.accounts.proctor.password);
    const release = cardPath === 'pcsc' ? await lockVpcdReaders() : async () => undefined;
    let checkIns;

    try {
      checkIns = await checkInEveryone(state, proctor, cardPath, (candidate, record) => {
        const tap = record.repeated ? 'chạm thẻ lần hai, ' : '';
        if (record.outcome === 'refused') progress.line(`SBD ${candidate.candidateNumber}: ${tap}từ chối (${record.reason})`, `candidate ${candidate.candidateNumber}: ${record.repeated ? 'second tap, ' : ''}refused (${record.reason}), card ${record.plan}`);
        if (record.outcome === 'override') progress.line(`SBD ${candidate.candidateNumber}: cho vào thi không qua chip (chưa có CCCD gắn chip)`, `candidate ${candidate.candidateNumber}: admitted by override (no chipped card)`);
      });
    } finally {
      await release();
    }

    const firstTaps = checkIns.filter((record) => !record.repeated);
    const admittedIds = new Set(firstTaps.filter((record) => record.outcome !== 'refused').map((record) => record.candidateId));
    progress.line(`${firstTaps.filter((record) => record.outcome === 'admitted').length} được vào thi qua chip, ${firstTaps.filter((record) => record.outcome === 'refused').length} bị từ chối`, `${firstTaps.filter((record) => record.outcome === 'admitted').length} admitted by chip, ${firstTaps.filter((record) => record.outcome === 'refused').length} refused`);

    progress.step(5, 'Thí sinh làm bài qua API; một máy mất mạng; khởi động lại máy chủ giữa giờ', 'Candidates take the exam through the API; one seat loses the network; the server restarts mid-exam');
    const exam = await takeExam({
      candidates: cards.candidates.filter((candidate) => admittedIds.has(candidate.candidateId)),
      baseUrl: server.baseUrl, seed: options.seed, durationSeconds: DEMO_EXAM_SECONDS, graceSeconds: GRACE_SECONDS,
      restart: async () => {
        await server.stop();
        server = await startServerProcess(options.databaseUrl, server.port, serverEnv);
      },
      note: (vi, en) => progress.line(vi, en),
    });

    progress.step(6, 'Chấm điểm và xuất báo cáo (.xlsx, PDF)', 'Grading and writing the reports (.xlsx, PDF)');
    const unitAdmin = await new DemoApiClient(server.baseUrl).login(organisation.accounts.unitAdmin.username, organisation.accounts.unitAdmin.password);
    const results = await unitAdmin.get(`/api/exam/sessions/${setup.examSessionId}/results`);
    const graded = (results.body as { score: number | null }[]).filter((row) => row.score !== null).length;
    const departmentAdmin = await new DemoApiClient(server.baseUrl).login(organisation.accounts.departmentAdmin.username, organisation.accounts.departmentAdmin.password);
    const reports = await writeReports(departmentAdmin, options.outDir, { round: PILOT_ROUND, examEventId: setup.examEventId });
    const evaluation = await readEvaluationFigures(departmentAdmin, PILOT_ROUND);

    await server.stop();
    const billedAtService = registry.stats().billableChecks;

    progress.step(7, 'Đối chiếu: câu trả lời đã lưu, lượt tính phí', 'Checking: stored answers, billed checks');
    database = createDatabase(options.databaseUrl);
    const audit = await auditAnswers(database.db, exam.seats);
    // The registry's tables are typed in src/registry; the handle is widened by a cast.
    const registryDb = database.db as unknown as Kysely<RegistryTables>;
    const billedRows = await registryDb.selectFrom('registry_billable_checks').select(['candidate_id']).where('exam_event_id', '=', setup.examEventId).execute();
    await database.close();

    const billedPerCandidate = new Map<string, number>();
    for (const row of billedRows) billedPerCandidate.set(row.candidate_id, (billedPerCandidate.get(row.candidate_id) ?? 0) + 1);

    const failures = findFailures({ checkIns, billedPerCandidate, billedAtService, audit, exam: exam.summary, graded, reports, evaluation });
    const refusedByReason: Record<string, number> = {};
    for (const record of firstTaps.filter((entry) => entry.outcome === 'refused')) refusedByReason[record.reason ?? 'unknown'] = (refusedByReason[record.reason ?? 'unknown'] ?? 0) + 1;

    return {
      passed: failures.length === 0, failures, cardPath, cardPathNote, database: options.databaseUrl, outDir: options.outDir, seconds: (Date.now() - started) / 1000,
      candidates: cards.candidates.length, candidateImport, questions,
      admitted: firstTaps.filter((record) => record.outcome !== 'refused').length,
      admittedByChip: firstTaps.filter((record) => record.outcome === 'admitted').length,
      refused: firstTaps.filter((record) => record.outcome === 'refused').length, refusedByReason,
      overrides: firstTaps.filter((record) => record.outcome === 'override').length,
      repeatedTaps: checkIns.length - firstTaps.length,
      billedChecks: billedRows.length, billedAtService,
      answersAcknowledged: audit.acknowledgedAnswers, answerWritesAcknowledged: exam.summary.acknowledgedWrites, answersStored: audit.storedAnswers, answersLost: audit.lost.length,
      answersResent: exam.summary.resentItemsSaved, answersResentInEvaluation: evaluation.answersResent,
      examsSubmitted: exam.summary.submitted, examsFinalisedAtDeadline: exam.summary.finalisedAtDeadline, examsGraded: graded, serverRestarts: exam.summary.serverRestarts,
      reportFiles: reports.map((file) => file.path),
    };
  } finally {
    await server.stop();
    await registry.close();
  }
}
