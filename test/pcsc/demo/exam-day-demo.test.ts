// Runs `examgate demo` as a user would, on PostgreSQL (a schema of its own) and through real
// pcscd + vpcd, and checks its JSON summary and the report files. CI runs it again on the
// default SQLite as the last line of .ci/run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';

import '../../support/pcsc-exit.js';
import { createTestDatabase, requireDatabase } from '../../support/databases.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';

const run = promisify(execFile);
const BIN = new URL('../../../bin/examgate.js', import.meta.url).pathname;

it('examgate demo runs a whole exam day and passes its own checks', { timeout: 300_000 }, async (t) => {
  if (!requirePart(t, pcscUnavailableReason()) || !(await requireDatabase(t, 'postgres'))) return;

  const database = await createTestDatabase('postgres', { migrate: false });
  const out = await mkdtemp(join(tmpdir(), 'examgate-demo-test-'));

  try {
    const { stdout } = await run(process.execPath, [BIN, 'demo', '--json', '--transport', 'pcsc', '--database', database.url, '--out', out], { maxBuffer: 10 * 1024 * 1024 });
    const summary = JSON.parse(stdout);

    assert.equal(summary.passed, true, JSON.stringify(summary.failures));
    assert.equal(summary.cardPath, 'pcsc');
    assert.equal(summary.candidates, 40);
    assert.deepEqual(
      { rows: summary.candidateImport.rows, fixed: summary.candidateImport.idNumbersCorrected, nfc: summary.candidateImport.namesNormalised, duplicates: summary.candidateImport.duplicateRowsDropped, noChip: summary.candidateImport.withoutChipCard },
      { rows: 41, fixed: 3, nfc: 3, duplicates: 1, noChip: 1 },
    );
    assert.deepEqual(summary.questions.parts, { I: 4, II: 2, III: 2 });
    assert.equal(summary.admitted, 34);
    assert.equal(summary.admittedByChip, 33);
    assert.equal(summary.overrides, 1);
    assert.equal(summary.repeatedTaps, 1);
    assert.deepEqual(summary.refusedByReason, { tampered_file: 1, clone_suspected: 1, expired_signer_or_card: 1, unknown_issuer: 1, data_mismatch: 1, registry_mismatch: 1 });
    // 33 admitted by chip plus the registry mismatch, each once (its second tap is not billed),
    // by our metering and by the service.
    assert.equal(summary.billedChecks, 34);
    assert.equal(summary.billedAtService, 34);
    assert.equal(summary.answersLost, 0);
    assert.equal(summary.answersStored, summary.answersAcknowledged);
    assert.ok(summary.answerWritesAcknowledged > summary.answersAcknowledged, 'resent and changed answers make more writes than answers');
    assert.ok(summary.answersResent > 0, 'the seat that lost the network resends answers marked resent');
    assert.equal(summary.answersResentInEvaluation, summary.answersResent);
    assert.equal(summary.examsSubmitted + summary.examsFinalisedAtDeadline, 34);
    assert.ok(summary.examsFinalisedAtDeadline >= 1, 'some attempts end at the deadline');
    assert.equal(summary.examsGraded, 34);
    assert.equal(summary.serverRestarts, 1);
    assert.equal(summary.reportFiles.length, 8);

    for (const file of summary.reportFiles as string[]) {
      const head = (await readFile(file)).subarray(0, 4).toString('latin1');
      assert.equal(head, file.endsWith('.pdf') ? '%PDF' : 'PK\u0003\u0004', `${file} is a real ${file.endsWith('.pdf') ? 'PDF' : 'xlsx'} file`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
    await database.dispose();
  }
});
