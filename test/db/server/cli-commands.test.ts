import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createUnit } from '../../../src/server/organisation/units.js';
import { forEachDatabase } from '../../support/databases.js';
import { buildXlsx, makePeople, personRow } from './candidate-files.js';

const run = promisify(execFile);

async function examgate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/examgate.js', ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

forEachDatabase('import, admin and audit commands', async (testDatabase, t) => {
  await createUnit(testDatabase.database.db, { code: 'TT-CLI', name: 'Trung tâm CLI', kind: 'centre' }, null);
  const folder = mkdtempSync(join(tmpdir(), 'examgate-cli-'));
  const people = makePeople(5, 41);
  const good = join(folder, 'good.xlsx');
  const bad = join(folder, 'bad.xlsx');
  const badRows = people.map(personRow);
  (badRows[2] as unknown[])[1] = people[2]?.idNumber.slice(1);

  writeFileSync(good, await buildXlsx(people.map(personRow)));
  writeFileSync(bad, await buildXlsx(badRows));

  try {
    await t.test('invalid list exits 1 and names the row', async () => {
      const result = await examgate(['import', 'candidates', bad, '--unit', 'TT-CLI', '--database', testDatabase.url]);

      assert.equal(result.code, 1);
      assert.match(result.stdout, /row 4 \[idNumber\] ROW_ID_NUMBER_LOST_ZEROS/);
      assert.match(result.stdout, new RegExp(`→ ${people[2]?.idNumber}`));
    });

    await t.test('dry run of an invalid list exits 0', async () => {
      const result = await examgate(['import', 'candidates', bad, '--unit', 'TT-CLI', '--dry-run', '--json', '--database', testDatabase.url]);
      const report = JSON.parse(result.stdout);

      assert.equal(result.code, 0);
      assert.equal(report.invalidRows, 1);
      assert.equal(report.committed, false);
    });

    await t.test('valid list is stored', async () => {
      const result = await examgate(['import', 'candidates', good, '--unit', 'tt-cli', '--database', testDatabase.url]);
      const rows = await testDatabase.database.db.selectFrom('candidates').select('id').execute();

      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /5 mới\/new/);
      assert.equal(rows.length, 5);
    });

    await t.test('admin create prints a one-time password', async () => {
      const result = await examgate(['admin', 'create', '--username', 'qt.cli', '--database', testDatabase.url]);
      const user = await testDatabase.database.db.selectFrom('users').selectAll().where('username', '=', 'qt.cli').executeTakeFirstOrThrow();

      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /one-time password: [A-Za-z0-9]{16}/);
      assert.equal(user.must_change_password, 1);
      assert.equal(user.role, 'department_admin');
    });

    await t.test('audit verify reports an intact chain', async () => {
      const result = await examgate(['audit', 'verify', '--json', '--database', testDatabase.url]);
      const verification = JSON.parse(result.stdout);

      assert.equal(result.code, 0);
      assert.equal(verification.ok, true);
      assert.ok(verification.entries >= 3);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
