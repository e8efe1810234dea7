import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

function runExamgate(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/examgate.js', ...args], { encoding: 'utf8' });

  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('examgate report cost', () => {
  it('prints the plan total as JSON', () => {
    const result = runExamgate(['report', 'cost', '--candidates', '1000', '--units', '1', '--json']);

    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { total: number; lines: { code: string; gross: number }[] };
    assert.equal(report.total, 24_293_400);
    assert.deepEqual(report.lines.map((line) => [line.code, line.gross]), [
      ['reader', 7_335_900],
      ['licence', 10_000_000],
      ['verification', 6_957_500],
    ]);
  });

  it('writes a PDF file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'examgate-report-'));
    const file = join(folder, 'cost.pdf');

    try {
      const result = runExamgate(['report', 'cost', '--candidates', '1000', '--units', '1', '--format', 'pdf', '--out', file]);

      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('requires --out for xlsx', () => {
    const result = runExamgate(['report', 'cost', '--candidates', '10', '--units', '1', '--format', 'xlsx']);

    assert.equal(result.status, 2);
    assert.match(result.stderr, /--out FILE/);
  });

  it('rejects a missing candidate count', () => {
    const result = runExamgate(['report', 'cost', '--units', '1', '--json']);

    assert.equal(result.status, 2);
    assert.match(result.stderr, /--candidates is missing/);
  });
});
