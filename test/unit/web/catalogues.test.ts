import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { en } from '../../../web/src/i18n/en.js';
import { vi } from '../../../web/src/i18n/vi.js';

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('web message catalogues', () => {
  it('have the same keys', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
  });

  it('have no empty messages', () => {
    for (const [key, message] of [...Object.entries(vi), ...Object.entries(en)]) {
      assert.notEqual(message.trim(), '', key);
    }
  });

  it('use the same placeholders', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      assert.deepEqual(placeholders(en[key]), placeholders(vi[key]), key);
    }
  });

  it('keep Vietnamese text in NFC', () => {
    for (const [key, message] of Object.entries(vi)) {
      assert.equal(message, message.normalize('NFC'), key);
    }
  });
});
