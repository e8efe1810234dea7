import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

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

// Each case starts a process, so the cases run side by side.
describe('examgate report cost', { concurrency: true }, () => {
  it('prints the plan total as JSON', async () => {
    const result = await runExamgate(['report', 'cost', '--candidates', '1000', '--units', '1', '--json']);

    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { total: number; lines: { code: string; gross: number }[] };
    assert.equal(report.total, 24_293_400);
    assert.deepEqual(report.lines.map((line) => [line.code, line.gross]), [
      ['reader', 7_335_900],
      ['licence', 10_000_000],
      ['verification', 6_957_500],
    ]);
  });

  it('writes a PDF file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'examgate-report-'));
    const file = join(folder, 'cost.pdf');

    try {
      const result = await runExamgate(['report', 'cost', '--candidates', '1000', '--units', '1', '--format', 'pdf', '--out', file]);

      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('requires --out for xlsx', async () => {
    const result = await runExamgate(['report', 'cost', '--candidates', '10', '--units', '1', '--format', 'xlsx']);

    assert.equal(result.status, 2);
    assert.match(result.stderr, /--out FILE/);
  });

  it('rejects a missing candidate count', async () => {
    const result = await runExamgate(['report', 'cost', '--units', '1', '--json']);

    assert.equal(result.status, 2);
    assert.match(result.stderr, /--candidates is missing/);
  });
});
