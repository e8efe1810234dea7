// The sim commands name a missing PKI folder or card image in both languages, in place of
// Node's raw ENOENT text. No vpcd is needed: sim insert fails before it connects.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';

const run = promisify(execFile);

async function examgate(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['bin/examgate.js', ...args], { encoding: 'utf8' });
    return { code: 0, stderr };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
}

test('sim card names a missing PKI', async () => {
  const pki = join(tmpdir(), 'examgate-no-such-pki');
  const result = await examgate('sim', 'card', '--person', 'samples/people/tran-thi-bich-ngoc.json', '--pki', pki, '--out', join(tmpdir(), 'examgate-unused-card.json'));

  assert.equal(result.code, 2);
  assert.match(result.stderr, /Không tìm thấy tệp .*examgate-no-such-pki/);
  assert.match(result.stderr, /File not found: .*examgate-no-such-pki/);
  assert.doesNotMatch(result.stderr, /ENOENT/);
});

test('sim insert names a missing card image', async () => {
  const card = join(tmpdir(), 'examgate-no-such-card.json');
  const result = await examgate('sim', 'insert', card);

  assert.equal(result.code, 2);
  assert.match(result.stderr, /Không tìm thấy tệp .*examgate-no-such-card\.json/);
  assert.doesNotMatch(result.stderr, /ENOENT/);
});
