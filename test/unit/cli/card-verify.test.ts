import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

import { signActiveAuthenticationEcdsa } from '../../../src/chip/aa/index.js';
import { toHex } from '../../../src/chip/codec/bytes.js';
import { cardDumpToJson } from '../../../src/chip/dump.js';
import { buildDocumentFiles, documentDump, syntheticFaceImage } from '../../../src/sim/document-files.js';
import { findSigner, readTestPki } from '../../../src/sim/pki.js';

const run = promisify(execFile);

async function examgate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/examgate.js', ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('examgate sim pki and card verify', () => {
  let directory = '';
  let nonce = '';
  let signature = '';

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'examgate-card-verify-'));
    const created = await examgate('sim', 'pki', '--out', join(directory, 'pki'));
    assert.equal(created.code, 0, created.stderr);

    const pki = await readTestPki(join(directory, 'pki'));
    const face = { image: syntheticFaceImage(16, 16), width: 16, height: 16 };

    for (const id of ['ds-brainpoolP384r1', 'ds-unknown-issuer']) {
      const document = buildDocumentFiles({ signer: findSigner(pki, id), face });
      await writeFile(join(directory, `${id}.json`), JSON.stringify(cardDumpToJson(documentDump(document))));

      if (id === 'ds-brainpoolP384r1') {
        const challenge = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
        nonce = toHex(challenge);
        signature = toHex(signActiveAuthenticationEcdsa(document.activeAuthenticationKey, challenge, 'SHA-256'));
      }
    }
  });

  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('names a dump that is not JSON', async () => {
    const path = join(directory, 'broken.json');
    await writeFile(path, '{not json');
    const result = await examgate('card', 'verify', path, '--trust', join(directory, 'pki', 'trust'));

    assert.equal(result.code, 2);
    assert.ok(result.stderr.includes(`${path} is not valid JSON`), result.stderr);
  });

  it('names a missing trust folder', async () => {
    const missing = join(directory, 'no-such-trust');
    const result = await examgate('card', 'verify', join(directory, 'ds-brainpoolP384r1.json'), '--trust', missing);

    assert.equal(result.code, 2);
    assert.ok(result.stderr.includes(`File not found: ${missing}`), result.stderr);
  });

  it('passes a genuine dump and lists each check', async () => {
    const result = await examgate('card', 'verify', join(directory, 'ds-brainpoolP384r1.json'), '--trust', join(directory, 'pki', 'trust'),
      '--at', '2026-06-01', '--nonce', nonce, '--aa-signature', signature);

    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /ĐẠT \/ PASSED/);
    assert.match(result.stdout, /pass {4}sod-signature/);
    assert.match(result.stdout, /pass {4}active-authentication/);
  });

  it('exits non-zero for an unknown issuer and says so in JSON', async () => {
    const result = await examgate('card', 'verify', join(directory, 'ds-unknown-issuer.json'), '--trust', join(directory, 'pki', 'trust'), '--at', '2026-06-01', '--json');
    const report = JSON.parse(result.stdout) as { passed: boolean; checks: { id: string; threat?: string }[] };

    assert.equal(result.code, 1);
    assert.equal(report.passed, false);
    assert.equal(report.checks.find((check) => check.id === 'certificate-chain')?.threat, 'unknown-issuer');
  });

  it('rejects a bad date', async () => {
    const result = await examgate('card', 'verify', join(directory, 'ds-unknown-issuer.json'), '--trust', join(directory, 'pki', 'trust'), '--at', 'tomorrow');

    assert.equal(result.code, 2);
    assert.match(result.stderr, /not a date/);
  });
});
