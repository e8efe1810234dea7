import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { VerificationCheck } from '../../../src/chip/pa/report.js';
import { parsePhotoKey } from '../../../src/server/checkin/photo-store.js';
import { REFUSAL_REASONS } from '../../../src/server/checkin/decisions.js';
import { reasonForFailedChecks, sameName } from '../../../src/server/checkin/verify-check-in.js';

const failed = (threat: VerificationCheck['threat']): VerificationCheck => ({ id: `check-${threat}`, kind: 'parse', status: 'failed', threat, message: 'failed' });
const passed: VerificationCheck = { id: 'ok', kind: 'parse', status: 'passed', message: 'ok' };

describe('reasonForFailedChecks', () => {
  it('returns null when nothing failed', () => {
    assert.equal(reasonForFailedChecks([passed]), null);
  });

  const table: [VerificationCheck['threat'], string][] = [
    ['cloned-chip', 'clone_suspected'],
    ['replayed-signature', 'clone_suspected'],
    ['tampered-file', 'tampered_file'],
    ['bad-signature', 'invalid_signature'],
    ['unknown-issuer', 'unknown_issuer'],
    ['expired-signer', 'expired_signer_or_card'],
    [undefined, 'invalid_signature'],
  ];

  for (const [threat, reason] of table) {
    it(`maps ${threat ?? 'no threat'} to ${reason}`, () => {
      assert.equal(reasonForFailedChecks([passed, failed(threat)]), reason);
    });
  }

  it('prefers clone over an unknown issuer', () => {
    assert.equal(reasonForFailedChecks([failed('unknown-issuer'), failed('cloned-chip')]), 'clone_suspected');
  });
});

describe('decision catalogue', () => {
  it('every reason has both languages and a next step', () => {
    for (const [code, reason] of Object.entries(REFUSAL_REASONS)) {
      assert.ok(reason.vi.length > 0, `${code} vi`);
      assert.ok(reason.en.length > 0, `${code} en`);
      assert.ok(reason.nextStep.vi.length > 0, `${code} next step vi`);
      assert.ok(reason.nextStep.en.length > 0, `${code} next step en`);
    }
  });
});

describe('sameName', () => {
  it('ignores case, spaces and Unicode form', () => {
    assert.equal(sameName('Trần  Thị Bích Ngọc', 'TRẦN THỊ BÍCH NGỌC'.normalize('NFD')), true);
  });

  it('counts diacritics', () => {
    assert.equal(sameName('Trần Thị Bích Ngọc', 'Tran Thi Bich Ngoc'), false);
  });
});

describe('parsePhotoKey', () => {
  it('accepts 64 hex digits', () => {
    assert.equal(parsePhotoKey('ab'.repeat(32)).key.length, 32);
  });

  it('rejects a short key without echoing it', () => {
    assert.throws(() => parsePhotoKey('c2hvcnQ='), (error: Error) => /expected 32 bytes/.test(error.message) && !error.message.includes('c2hvcnQ='));
  });
});
