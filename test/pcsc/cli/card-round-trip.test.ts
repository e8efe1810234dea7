// The reading path as a user runs it: `sim pki`, `sim card`, `sim insert` (a second process that
// holds the card in the vpcd reader), `card read --out` through pcscd, then `card verify`.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

import { PcscContext } from '../../../src/pcsc/pcsc-context.js';
import '../../support/pcsc-exit.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';
import { lockVpcd } from '../../support/vpcd-lock.js';
import { VPCD_READER } from '../../support/virtual-reader.js';

const run = promisify(execFile);
const EXAMGATE = new URL('../../../bin/examgate.js', import.meta.url).pathname;

function examgate(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [EXAMGATE, ...args], { timeout: 120_000 });
}

/** Starts `examgate sim insert` and resolves once it reports the card inserted. */
function startInsert(cardPath: string): Promise<{ stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [EXAMGATE, 'sim', 'insert', cardPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    let output = '';

    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();

      if (output.includes('Card inserted')) {
        resolve({
          async stop() {
            child.kill('SIGINT');
            return exited;
          },
        });
      }
    });

    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });

    void exited.then((code) => reject(new Error(`sim insert exited with ${code} before inserting the card: ${output}`)));
  });
}

async function waitUntilReaderEmpty(): Promise<void> {
  const context = new PcscContext();
  context.on('error', () => undefined);

  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await context.waitForRemoval(VPCD_READER, 15_000);
  } finally {
    await context.close();
  }
}

describe('examgate sim and card commands', () => {
  it('round-trips a card through pcscd', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const folder = await mkdtemp(join(tmpdir(), 'examgate-round-trip-'));
    const lock = await lockVpcd();

    try {
      await examgate('sim', 'pki', '--out', join(folder, 'pki'));
      const made = await examgate('sim', 'card', '--person', 'samples/people/le-hoang-duc.json', '--pki', join(folder, 'pki'), '--out', join(folder, 'card.json'));
      assert.match(made.stdout, /Card image written/);

      const insertion = await startInsert(join(folder, 'card.json'));
      let summary: { accessControl: string; holder: { idNumber: string; fullName: string; birthDate: string }; apduCount: number; activeAuthentication: { nonce: string } };

      try {
        const read = await examgate('card', 'read', '--id', '038090007788', '--out', join(folder, 'dump.json'), '--json', '--timeout', '30');
        summary = JSON.parse(read.stdout) as typeof summary;
      } finally {
        assert.equal(await insertion.stop(), 0);
        await waitUntilReaderEmpty();
      }

      assert.equal(summary.accessControl, 'PACE-CAN');
      assert.equal(summary.holder.idNumber, '038090007788');
      assert.equal(summary.holder.fullName, 'Lê Hoàng Đức');
      assert.equal(summary.holder.birthDate, '1990-11-23');
      assert.ok(summary.apduCount < 200, `${summary.apduCount} APDUs`);

      const dump = JSON.parse(await readFile(join(folder, 'dump.json'), 'utf8')) as { format: string };
      assert.equal(dump.format, 'examgate-card-dump/1');

      const verified = await examgate('card', 'verify', join(folder, 'dump.json'), '--trust', join(folder, 'pki', 'trust'), '--nonce', summary.activeAuthentication.nonce, '--json');
      const report = JSON.parse(verified.stdout) as { passed: boolean; checks: { id: string; status: string }[] };

      assert.equal(report.passed, true, report.checks.filter((check) => check.status === 'failed').map((check) => check.id).join(', '));
      assert.ok(report.checks.some((check) => check.id === 'active-authentication' && check.status === 'passed'));
    } finally {
      await lock.release();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('card read times out without a card', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const lock = await lockVpcd();

    try {
      await assert.rejects(examgate('card', 'read', '--can', '123456', '--reader', VPCD_READER, '--timeout', '1'), (error: unknown) => {
        const failure = error as { code: number; stderr: string };
        assert.equal(failure.code, 4);
        assert.match(failure.stderr, /CARD_WAIT_TIMEOUT/);
        return true;
      });
    } finally {
      await lock.release();
    }
  });
});
