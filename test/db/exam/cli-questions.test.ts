// `examgate import questions` and `examgate export questions` against a SQLite file: a clean
// file is stored, a file with an error stores nothing and exits 1, the bank exports as Moodle XML.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { main } from '../../../src/cli/main.js';
import { importMoodleXml } from '../../../src/exam/import/moodle-xml.js';
import { createDatabase } from '../../../src/server/db/database.js';
import { migrateToLatest } from '../../../src/server/db/migrate.js';
import { examDb } from '../../../src/server/exam/exam-schema.js';
import { createUnit } from '../../../src/server/organisation/units.js';
import { buildSampleQuestionsDocx } from '../../../scripts/sample-questions-docx.js';

async function run(args: string[]): Promise<{ code: number; output: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;

  try {
    return { code: await main(args), output: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

describe('question import and export commands', () => {
  it('imports, refuses a broken file and exports', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'examgate-cli-'));

    try {
      const databasePath = join(folder, 'exam.sqlite');
      const database = createDatabase(databasePath);
      await migrateToLatest(database.db);
      await createUnit(database.db, { code: 'TT-GDTX', name: 'Trung tâm GDTX Thử nghiệm', kind: 'continuing_education_centre' }, null);
      await database.close();

      const docx = join(folder, 'de-mau.docx');
      writeFileSync(docx, await buildSampleQuestionsDocx());
      const imported = await run(['import', 'questions', docx, '--bank', 'Toán 10', '--database', databasePath]);
      assert.equal(imported.code, 0, imported.output);
      assert.match(imported.output, /stored: 8/);

      const broken = join(folder, 'hong.txt');
      writeFileSync(broken, 'Câu một?\nA. x\nB. y\nANSWER: B\n\nCâu hai?\nA. x\nANSWER: A\n');
      const refused = await run(['import', 'questions', broken, '--bank', 'Toán 10', '--json', '--database', databasePath]);
      assert.equal(refused.code, 1);
      const report = JSON.parse(refused.output) as { errors: { question: string }[]; stored: number | null };
      assert.equal(report.errors[0]?.question, '2');
      assert.equal(report.stored, null);

      const damaged = join(folder, 'hong.docx');
      const sample = await buildSampleQuestionsDocx();
      writeFileSync(damaged, sample.subarray(0, Math.floor(sample.length / 2)));
      const unreadable = await run(['import', 'questions', damaged, '--dry-run']);
      assert.equal(unreadable.code, 1);
      assert.match(unreadable.output, /0 câu hợp lệ \/ 0 valid questions \(none\), 1 lỗi \/ 1 error, 0 lưu ý \/ 0 warnings/);
      assert.match(unreadable.output, /Không đọc được tệp như tài liệu Word \(\.docx\): tệp nén bị hỏng hoặc bị cắt cụt/);
      assert.match(unreadable.output, /The file cannot be read as a Word document \(\.docx\): the compressed file is damaged or cut short/);
      assert.doesNotMatch(unreadable.output, /https?:|central directory/i);

      const check = createDatabase(databasePath);
      const count = await examDb(check.db).selectFrom('questions').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
      await check.close();
      assert.equal(Number(count.count), 8);

      const output = join(folder, 'bank.xml');
      const exported = await run(['export', 'questions', '--bank', 'Toán 10', '--format', 'moodle-xml', '--output', output, '--database', databasePath]);
      assert.equal(exported.code, 0);
      const back = importMoodleXml(readFileSync(output, 'utf8'));
      assert.deepEqual(back.errors, []);
      assert.equal(back.questions.length, 8);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
