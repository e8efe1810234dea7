import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { describeFileError } from '../../../src/cli/file-errors.js';

test('missing file names the path', async () => {
  const path = join(tmpdir(), 'examgate-no-such-file.xlsx');
  const error = await readFile(path).catch((caught: unknown) => caught);
  const message = describeFileError(error);

  assert.ok(message !== null);
  assert.ok(message.includes(path));
  assert.match(message, /Không tìm thấy tệp/);
  assert.match(message, /File not found/);
});

test('other errors keep their message', () => {
  assert.equal(describeFileError(new Error('bad')), null);
  assert.equal(describeFileError('text'), null);
});
