import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { cardDumpFromJson, CARD_DUMP_FORMAT } from '../../../src/chip/dump.js';

describe('cardDumpFromJson', () => {
  it('reads files and the AA signature', () => {
    const dump = cardDumpFromJson({ format: CARD_DUMP_FORMAT, files: { DG1: 'YQM=' }, activeAuthentication: { nonce: 'AQI=', signature: 'AwQ=' } });

    assert.deepEqual([...(dump.files.DG1 ?? [])], [0x61, 0x03]);
    assert.deepEqual([...(dump.activeAuthentication?.nonce ?? [])], [1, 2]);
  });

  it('names the file with bad base64', () => {
    assert.throws(() => cardDumpFromJson({ format: CARD_DUMP_FORMAT, files: { 'EF.SOD': '!!!notbase64' } }), (error: Error) => {
      assert.match(error.message, /file EF\.SOD is not valid base64/);
      assert.match(error.message, /examgate card read --out/);
      return true;
    });
  });

  it('names the bad AA field', () => {
    assert.throws(() => cardDumpFromJson({ format: CARD_DUMP_FORMAT, files: {}, activeAuthentication: { nonce: 'AQI=', signature: 'not base64!' } }), /activeAuthentication\.signature is not valid base64/);
    assert.throws(() => cardDumpFromJson({ format: CARD_DUMP_FORMAT, files: {}, activeAuthentication: { nonce: 7, signature: 'AwQ=' } }), /activeAuthentication\.nonce is not a base64 string/);
  });

  it('rejects a null AA field', () => {
    assert.throws(() => cardDumpFromJson({ format: CARD_DUMP_FORMAT, files: {}, activeAuthentication: null }), /"activeAuthentication" is not an object/);
  });
});
