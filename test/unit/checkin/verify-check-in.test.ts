import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';

import type { CardDump } from '../../../src/chip/dump.js';
import { DEFAULT_FILES } from '../../../src/chip/reader/index.js';
import { TrustStore } from '../../../src/chip/pa/trust-store.js';
import { accessKeysFor } from '../../../src/server/checkin/access-keys.js';
import { completeChipAuthentication, verifyCheckIn, type ExpectedHolder } from '../../../src/server/checkin/verify-check-in.js';
import { buildCardImage, virtualCardFromImage } from '../../../src/sim/card-image.js';
import { TEST_PKI_VERIFY_AT, trustedCscaCertificates } from '../../../src/sim/pki.js';
import { readWithKeys } from '../../../src/station/read-with-keys.js';
import { directTransport, samplePerson, testPki } from '../../support/virtual-cards.js';

const EXAM_DATE = '2026-06-01';
const person = samplePerson();
const holder: ExpectedHolder = { idNumber: person.idNumber, fullName: person.fullName, birthDate: person.birthDate };
const trustStore = new TrustStore();
const nonce = new Uint8Array(randomBytes(8));
let dump: CardDump;

function verify(overrides: Partial<Parameters<typeof verifyCheckIn>[0]> = {}) {
  return verifyCheckIn({ dump, nonce, trustStore, at: TEST_PKI_VERIFY_AT, examDate: EXAM_DATE, findRegistration: () => holder, ...overrides });
}

describe('verifyCheckIn', () => {
  before(async () => {
    for (const certificate of trustedCscaCertificates(testPki())) trustStore.addCertificates(certificate);
    const image = await buildCardImage({ person, pki: testPki() });
    const read = await readWithKeys(directTransport(virtualCardFromImage(image)), accessKeysFor(person, EXAM_DATE), nonce, DEFAULT_FILES);
    dump = read.result.dump;
  });

  it('passes a genuine card of the registration', async () => {
    const result = await verify();
    assert.equal(result.reason, null);
    assert.deepEqual(result.holder, holder);
  });

  it('refuses another nonce as a clone', async () => {
    const result = await verify({ nonce: new Uint8Array(randomBytes(8)) });
    assert.equal(result.reason, 'clone_suspected');
  });

  it('defers a chip without DG15 to chip authentication', async () => {
    const { DG15: _removed, ...files } = dump.files;
    const result = await verify({ dump: { ...dump, files }, findRegistration: () => assert.fail('no registration is matched before the chip is proven') });
    assert.equal(result.reason, null);
    assert.equal(result.chipAuthentication?.protocolOid, '0.4.0.127.0.7.2.2.3.2.2');
    assert.equal(result.holder, null);
  });

  it('refuses a chip without DG15 or DG14', async () => {
    const { DG15: _aaKey, DG14: _caKey, ...files } = dump.files;
    const result = await verify({ dump: { ...dump, files } });
    assert.equal(result.reason, 'clone_suspected');
    assert.equal(result.chipAuthentication, null);
  });

  it('matches the registration after chip authentication', async () => {
    const { DG15: _removed, ...files } = dump.files;
    const deferred = await verify({ dump: { ...dump, files } });
    const result = await completeChipAuthentication(deferred, { passed: true }, { examDate: EXAM_DATE, findRegistration: () => holder });
    assert.equal(result.reason, null);
    assert.deepEqual(result.holder, holder);
    assert.ok(result.checks.some((check) => check.id === 'chip-authentication' && check.status === 'passed'));
  });

  it('refuses a failed chip authentication', async () => {
    const { DG15: _removed, ...files } = dump.files;
    const deferred = await verify({ dump: { ...dump, files } });
    const result = await completeChipAuthentication(deferred, { passed: false, reason: 'clone_suspected', checkId: 'chip-authentication:mac' }, { examDate: EXAM_DATE, findRegistration: () => holder });
    assert.equal(result.reason, 'clone_suspected');
    assert.equal(result.holder, null);
    assert.ok(result.checks.some((check) => check.id === 'chip-authentication:mac' && check.threat === 'cloned-chip'));
  });

  it('refuses a name that differs', async () => {
    const result = await verify({ findRegistration: () => ({ ...holder, fullName: 'Trần Thị Bích Ngoc' }) });
    assert.equal(result.reason, 'data_mismatch');
    assert.deepEqual(result.mismatchedFields, ['fullName']);
  });

  it('refuses an unregistered holder', async () => {
    const result = await verify({ findRegistration: () => null });
    assert.equal(result.reason, 'not_registered');
  });

  it('refuses a card expired on the exam date', async () => {
    const result = await verify({ examDate: '2031-01-01' });
    assert.equal(result.reason, 'expired_signer_or_card');
  });

  it('refuses without trust anchors', async () => {
    const result = await verify({ trustStore: new TrustStore() });
    assert.equal(result.reason, 'unknown_issuer');
  });
});
