import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { signActiveAuthenticationEcdsa, signActiveAuthenticationRsa } from '../../../src/chip/aa/index.js';
import { systemRandom } from '../../../src/chip/crypto/index.js';
import type { CardDump } from '../../../src/chip/dump.js';
import { verifyCardDump, type CardVerificationReport } from '../../../src/chip/verify.js';
import { cardVerificationReportToJson } from '../../../src/chip/verify-json.js';
import { buildDocumentFiles, documentDump, SAMPLE_PERSON, syntheticFaceImage } from '../../../src/sim/document-files.js';
import { TEST_PKI_VERIFY_AT } from '../../../src/sim/pki.js';
import { signer, trustStore } from './support/test-pki.js';

const NONCE = Uint8Array.of(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88);
const FACE = { image: syntheticFaceImage(40, 50), width: 40, height: 50 };

function failures(report: CardVerificationReport): [string, string | undefined][] {
  return report.checks.filter((check) => check.status === 'failed').map((check) => [check.id, check.threat]);
}

describe('verifyCardDump', () => {
  const store = trustStore();
  const ecDocument = buildDocumentFiles({ signer: signer('ds-brainpoolP256r1'), face: FACE });
  const rsaDocument = buildDocumentFiles({ signer: signer('ds-rsa-pss'), face: FACE, activeAuthenticationKey: { type: 'rsa', modulusBits: 1024 } });

  it('returns the holder, the face and every check', async () => {
    const report = await verifyCardDump(documentDump(ecDocument), { trustStore: store, at: TEST_PKI_VERIFY_AT });

    assert.deepEqual(failures(report), []);
    assert.equal(report.passed, true);
    assert.deepEqual(report.person, {
      idNumber: SAMPLE_PERSON.idNumber,
      fullName: SAMPLE_PERSON.fullName,
      birthDate: '1999-01-01',
      sex: 'M',
      expiryDate: '2039-01-01',
      noExpiry: false,
      documentNumber: '099012345',
      nationality: 'Việt Nam',
      source: 'DG13+DG1',
    });
    assert.equal(report.faceImage?.mimeType, 'image/jpeg');
    assert.deepEqual(report.faceImage?.data, FACE.image);
    assert.equal(report.checks.find((check) => check.id === 'active-authentication')?.status, 'skipped');
    assert.equal(report.activeAuthenticationKey?.curve, 'brainpoolP256r1');
  });

  it('passes ECDSA active authentication over the chosen nonce', async () => {
    const dump: CardDump = { ...documentDump(ecDocument), activeAuthentication: { nonce: NONCE, signature: signActiveAuthenticationEcdsa(ecDocument.activeAuthenticationKey, NONCE, 'SHA-256') } };
    const report = await verifyCardDump(dump, { trustStore: store, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce: NONCE } });

    assert.deepEqual(failures(report), []);
    assert.equal(report.checks.find((check) => check.id === 'active-authentication')?.status, 'passed');
  });

  it('passes RSA ISO 9796-2 active authentication given as a signature', async () => {
    const signature = signActiveAuthenticationRsa(rsaDocument.activeAuthenticationKey, NONCE, 'SHA-1', systemRandom);
    const report = await verifyCardDump(documentDump(rsaDocument), { trustStore: store, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce: NONCE, signature } });

    assert.deepEqual(failures(report), []);
  });

  it('reports a replayed signature over another nonce', async () => {
    const oldNonce = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const dump: CardDump = { ...documentDump(ecDocument), activeAuthentication: { nonce: oldNonce, signature: signActiveAuthenticationEcdsa(ecDocument.activeAuthenticationKey, oldNonce, 'SHA-256') } };
    const report = await verifyCardDump(dump, { trustStore: store, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce: NONCE } });

    assert.deepEqual(failures(report), [['active-authentication', 'replayed-signature']]);
  });

  it('reports a cloned chip whose key does not match DG15', async () => {
    const signature = signActiveAuthenticationEcdsa(buildDocumentFiles({ signer: signer('ds-brainpoolP256r1'), face: FACE }).activeAuthenticationKey, NONCE, 'SHA-256');
    const report = await verifyCardDump(documentDump(ecDocument), { trustStore: store, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce: NONCE, signature } });

    assert.deepEqual(failures(report), [['active-authentication', 'cloned-chip']]);
  });

  it('fails active authentication when the dump has no signature', async () => {
    const report = await verifyCardDump(documentDump(ecDocument), { trustStore: store, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce: NONCE } });

    assert.deepEqual(failures(report), [['active-authentication', 'cloned-chip']]);
  });

  it('explains a dump without DG15', async () => {
    const dump = documentDump(ecDocument);
    delete dump.files.DG15;
    const unchallenged = await verifyCardDump(dump, { trustStore: store, at: TEST_PKI_VERIFY_AT });
    const challenged = await verifyCardDump(dump, { trustStore: store, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce: NONCE } });
    const skipped = unchallenged.checks.find((check) => check.id === 'active-authentication');
    const failed = challenged.checks.find((check) => check.id === 'active-authentication');

    assert.equal(skipped?.status, 'skipped');
    assert.match(skipped?.message ?? '', /no DG15.*chip authentication/);
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.message ?? '', /no DG15.*chip authentication/);
    assert.equal(challenged.passed, false);
  });

  it('turns an unreadable file into a failed check', async () => {
    const dump = documentDump(ecDocument);
    dump.files.DG13 = Uint8Array.of(0x6d, 0x03, 0x30, 0x01, 0x02);
    const report = await verifyCardDump(dump, { trustStore: store, at: TEST_PKI_VERIFY_AT });

    assert.deepEqual(failures(report), [['DG13-hash', 'tampered-file'], ['parse-DG13', 'malformed-file']]);
    assert.equal(report.person?.source, 'DG1');
    assert.equal(report.person?.fullName, 'NGUYEN VAN AN');
  });

  it('reports a card without expiry', async () => {
    const document = buildDocumentFiles({ signer: signer('ds-brainpoolP256r1'), face: FACE, person: { ...SAMPLE_PERSON, expiryDate: null } });
    const report = await verifyCardDump(documentDump(document), { trustStore: store, at: TEST_PKI_VERIFY_AT });

    assert.equal(report.person?.noExpiry, true);
    assert.equal(report.person?.expiryDate, null);
    assert.equal(report.passed, true);
  });

  it('converts to JSON without raw bytes', async () => {
    const report = await verifyCardDump(documentDump(ecDocument), { trustStore: store, at: TEST_PKI_VERIFY_AT });
    const json = cardVerificationReportToJson(report);
    const text = JSON.stringify(json);

    assert.equal(json.faceImage?.base64, Buffer.from(FACE.image).toString('base64'));
    assert.equal(json.face?.bytes, FACE.image.length);
    assert.equal(text.includes('"data"'), false);
    assert.equal(json.checks.length, report.checks.length);
  });
});
