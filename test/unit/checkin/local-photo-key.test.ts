import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { loadOrCreateLocalPhotoKey } from '../../../src/server/checkin/local-photo-key.js';

describe('local photo key', () => {
  it('is created once beside the database and then reused', () => {
    const folder = mkdtempSync(join(tmpdir(), 'examgate-photo-key-'));
    const databasePath = join(folder, 'examgate.sqlite');

    const first = loadOrCreateLocalPhotoKey(databasePath);
    const second = loadOrCreateLocalPhotoKey(databasePath);

    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.key, first.key);
    assert.equal(Buffer.from(first.key, 'base64').length, 32);
    assert.equal(statSync(first.file).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(folder, 'photo.key'), 'utf8').trim(), first.key);
  });

  it('rejects a key file of the wrong size', () => {
    const folder = mkdtempSync(join(tmpdir(), 'examgate-photo-key-'));
    writeFileSync(join(folder, 'photo.key'), 'c2hvcnQ=\n');

    assert.throws(() => loadOrCreateLocalPhotoKey(join(folder, 'examgate.sqlite')), /photo\.key: expected 32 bytes/);
  });
});
