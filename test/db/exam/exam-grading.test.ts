// Versions, grading by hand and regrading on SQLite and PostgreSQL: an edited question that an
// exam uses gets a new version while attempts keep theirs; essays are graded by hand; a key
// correction regrades finished attempts with an audit entry; imports store all or nothing.
import assert from 'node:assert/strict';

import { buildSampleQuestionsDocx } from '../../../scripts/sample-questions-docx.js';
import type { Question } from '../../../src/exam/question.js';
import { finaliseDueAttempts } from '../../../src/server/exam/attempt-finishing.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { seedExam } from '../../../src/server/exam/exam-seed.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { CandidateClient } from './candidate-client.js';

process.env.EXAMGATE_FINALISER = 'off';

forEachDatabase('exam grading and versions', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const organisation = await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase);

  try {
    const seeded = await seedExam(db, { candidates: 2, questions: 20, unitId: organisation.unitA.id, setup: { shuffleQuestions: false } });
    const teacher = await new ApiClient(server.baseUrl).login('teacher.a', TEST_PASSWORD);
    const candidate = new CandidateClient(server.baseUrl, seeded.candidates[0]!);
    const loaded = await candidate.load();
    const attemptId = loaded.body.attempt.id as string;
    const single = loaded.body.questions[0];
    const essay = loaded.body.questions.find((question: { kind: string }) => question.kind === 'essay');
    const bankRows = (await teacher.get(`/api/exam/banks/${seeded.bankId}/questions`)).body as { versionId: string; question: Question }[];
    const bankSingle = bankRows.find((row) => row.question.id === single.id)!.question as Extract<Question, { kind: 'single' }>;
    const wrongOption = bankSingle.options.find((option) => option.id !== bankSingle.correctOptionId)!.id;

    await candidate.save(attemptId, [
      { questionId: single.id, clientVersion: 1, value: { choice: wrongOption } },
      { questionId: essay.id, clientVersion: 1, value: { text: 'Lời giải của em' } },
    ]);
    await candidate.submit(attemptId);

    await t.test('essay waits for a hand grade', async () => {
      const attempt = await examDb(db).selectFrom('exam_attempts').selectAll().where('id', '=', attemptId).executeTakeFirstOrThrow();
      assert.equal(Number(attempt.manual_pending), 1);
      assert.equal(Number(attempt.score), 0);
      const graded = await teacher.post(`/api/exam/attempts/${attemptId}/grades/${essay.id}`, { score: 0.75 });
      assert.equal(graded.status, 200, JSON.stringify(graded.body));
      assert.equal(graded.body.manualPending, 0);
      assert.equal(graded.body.score, 0.75);
      const tooHigh = await teacher.post(`/api/exam/attempts/${attemptId}/grades/${essay.id}`, { score: 5 });
      assert.equal(tooHigh.status, 400);
      assert.equal(tooHigh.body.code, 'EXAM_GRADE_INVALID');
    });

    await t.test('a key correction makes a version and regrades', async () => {
      const corrected = { ...bankSingle, correctOptionId: wrongOption };
      const edited = await teacher.request('PUT', `/api/exam/questions/${single.id}`, { question: corrected });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.newVersion, true);
      assert.equal(edited.body.version, 2);

      const attempt = await examDb(db).selectFrom('exam_attempts').select('form').where('id', '=', attemptId).executeTakeFirstOrThrow();
      const oldVersionId = bankRows.find((row) => row.question.id === single.id)!.versionId;
      assert.ok(attempt.form!.includes(oldVersionId));

      const regraded = await teacher.post(`/api/exam/questions/${single.id}/regrade`, { reason: 'Sửa đáp án câu 1' });
      assert.equal(regraded.status, 200, JSON.stringify(regraded.body));
      assert.equal(regraded.body.changed, 1);
      const after = await examDb(db).selectFrom('exam_attempts').select(['score', 'manual_pending']).where('id', '=', attemptId).executeTakeFirstOrThrow();
      assert.equal(Number(after.score), 1);
      assert.equal(Number(after.manual_pending), 0);
      const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'exam.grade.regrade').execute();
      assert.equal(audit.length, 1);
      assert.match(audit[0]!.details, /Sửa đáp án câu 1/);
    });

    await t.test('results list the finished attempt', async () => {
      const results = await teacher.get(`/api/exam/sessions/${seeded.examSessionId}/results`);
      assert.equal(results.status, 200);
      assert.equal(results.body.length, 1);
      assert.equal(results.body[0].score, 1);
      assert.equal(results.body[0].questions.length, 20);
      const monitor = await teacher.get(`/api/exam/sessions/${seeded.examSessionId}/attempts`);
      assert.equal(monitor.body.length, 2);
    });

    await t.test('a later attempt uses the corrected key', async () => {
      const other = new CandidateClient(server.baseUrl, seeded.candidates[1]!);
      const { body } = await other.load();
      await other.save(body.attempt.id, [{ questionId: single.id, clientVersion: 1, value: { choice: wrongOption } }]);
      await finaliseDueAttempts(db, new Date(Date.parse(body.attempt.deadline) + (body.attempt.graceSeconds + 1) * 1000));
      const attempt = await examDb(db).selectFrom('exam_attempts').selectAll().where('id', '=', body.attempt.id).executeTakeFirstOrThrow();
      assert.equal(attempt.status, 'expired');
      assert.equal(attempt.finish_reason, 'deadline');
      assert.equal(Number(attempt.score), 0.25);
    });

    await t.test('form codes give identical forms', async () => {
      const printed = await seedExam(db, { candidates: 6, questions: 8, setup: { formCodeCount: 2 } });
      const forms = await Promise.all(printed.candidates.map(async (entry) => (await new CandidateClient(server.baseUrl, entry).load()).body));
      const byCode = new Map<string, string>();

      for (const form of forms) {
        assert.ok(['101', '102'].includes(form.attempt.formCode));
        const order = JSON.stringify(form.questions.map((question: { id: string; options?: { id: string }[] }) => [question.id, question.options?.map((option) => option.id)]));
        assert.equal(byCode.get(form.attempt.formCode) ?? order, order);
        byCode.set(form.attempt.formCode, order);
      }
    });

    await t.test('import stores all or nothing', async () => {
      const bank = await teacher.post('/api/exam/banks', { unitId: organisation.unitA.id, name: 'Đề mẫu 2025' });
      assert.equal(bank.status, 201);
      const form = new FormData();
      form.append('file', new Blob([await buildSampleQuestionsDocx()]), 'de-mau-2025.docx');
      const imported = await teacher.request('POST', `/api/exam/banks/${bank.body.id}/import`, form);
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      assert.equal(imported.body.questionCount, 8);

      const broken = new FormData();
      broken.append('file', new Blob(['Câu một?\nA. x\nB. y\nANSWER: B\n\nCâu hai?\nA. x\nANSWER: A\n']), 'hong.txt');
      const refused = await teacher.request('POST', `/api/exam/banks/${bank.body.id}/import`, broken);
      assert.equal(refused.status, 422);
      assert.equal(refused.body.code, 'EXAM_IMPORT_FAILED');
      assert.equal(refused.body.details.errors[0].question, '2');
      assert.match(refused.body.message.en, /^Errors in the question file: 1; nothing was imported/);
      assert.match(refused.body.message.vi, /^Tệp câu hỏi có 1 lỗi; chưa nhập câu nào/);

      const damaged = new FormData();
      const sample = await buildSampleQuestionsDocx();
      damaged.append('file', new Blob([sample.subarray(0, Math.floor(sample.length / 2))]), 'hong.docx');
      const unreadable = await teacher.request('POST', `/api/exam/banks/${bank.body.id}/import`, damaged);
      assert.equal(unreadable.status, 422);
      assert.match(unreadable.body.details.errors[0].messageVi, /^Không đọc được tệp như tài liệu Word \(\.docx\)/);
      assert.doesNotMatch(JSON.stringify(unreadable.body), /https?:|central directory/i);
      const questions = await teacher.get(`/api/exam/banks/${bank.body.id}/questions`);
      assert.equal(questions.body.length, 8);

      const exported = await teacher.get(`/api/exam/banks/${bank.body.id}/export?format=moodle-xml`);
      assert.equal(exported.status, 200);
      assert.match(String(exported.body), /<quiz>/);
    });
  } finally {
    await server.close();
  }
});
