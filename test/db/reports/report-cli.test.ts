import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import ExcelJS from 'exceljs';

import { savePriceList } from '../../../src/server/reports/price-list-store.js';
import { DEFAULT_PRICE_LIST } from '../../../src/reports/cost.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { seed, seedRegistry } from './seed-reports.js';

function runExamgate(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/examgate.js', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// The queries run on both databases in report-queries.test.ts; the command line is checked on
// SQLite only, because every run starts a new process.
describe('examgate report with a database', () => {
  let testDatabase: TestDatabase;

  before(async () => {
    testDatabase = await createTestDatabase('sqlite');
    const seeded = await seed(testDatabase.database.db);
    await seedRegistry(testDatabase.database.db, seeded);
    await savePriceList(testDatabase.database.db, seeded.departmentId, { ...DEFAULT_PRICE_LIST, verificationFeePerCheck: 5_000 }, null);
  });

  after(async () => {
    await testDatabase.dispose();
  });

  it('runs evaluation, no-chip and cost', async () => {
    const folder = join(testDatabase.url, '..');
    const noChipFile = join(folder, 'no-chip.xlsx');
    const [evaluation, noChip, cost, missingUnit] = await Promise.all([
      runExamgate(['report', 'evaluation', '--database', testDatabase.url, '--round', '1', '--json']),
      runExamgate(['report', 'no-chip', '--database', testDatabase.url, '--unit', 'A', '--format', 'xlsx', '--out', noChipFile]),
      runExamgate(['report', 'cost', '--database', testDatabase.url, '--round', '1', '--json']),
      runExamgate(['report', 'no-chip', '--database', testDatabase.url, '--unit', 'ZZZ', '--json']),
    ]);

    assert.equal(evaluation.status, 0, evaluation.stderr);
    const report = JSON.parse(evaluation.stdout) as { rounds: { department: { registration: { registered: number } } }[] };
    assert.equal(report.rounds[0]?.department.registration.registered, 6);

    assert.equal(noChip.status, 0, noChip.stderr);
    const workbook = new ExcelJS.Workbook();
    const bytes = readFileSync(noChipFile);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const names: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
      if (cell.value === 'Bùi Thị Yến' || cell.value === 'Đặng Văn Ước' || cell.value === 'Hồ Ngọc Ánh') {
        names.push(cell.value);
      }
    })));
    assert.deepEqual(names.sort(), ['Bùi Thị Yến', 'Đặng Văn Ước']);

    // Round 1 has two billable checks, at the stored fee of 5,000 VND plus 10% VAT.
    assert.equal(cost.status, 0, cost.stderr);
    const costReport = JSON.parse(cost.stdout) as { billableChecks: number; total: number };
    assert.equal(costReport.billableChecks, 2);
    assert.equal(costReport.total, 11_000);

    assert.equal(missingUnit.status, 1);
    assert.match(missingUnit.stderr, /unit ZZZ was not found/);
  });
});
