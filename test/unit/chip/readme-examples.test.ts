// The worked examples of src/chip/README.md, run as tests so that the README cannot drift from
// the code. Each test contains the example's code as the README prints it, plus the asserts.
// The identities are generated (samples/people); the PKI is made by the test.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  ApduTrace, loadTrustDirectory, parseDg14, parseDg15, parseMrz, readBinaryShortFileCommand, readCard, startTerminalChipAuthentication, systemRandom, TrustStore,
  validateIdNumber, verifyActiveAuthentication, verifyCardDump, type ChipLogger,
} from '../../../src/chip/index.js';
import { buildCardImage, virtualCardFromImage, type CardImage } from '../../../src/sim/card-image.js';
import { readPersonRecord } from '../../../src/sim/person.js';
import { createTestPki, TEST_PKI_VERIFY_AT, trustedCscaCertificates, writeTestPki, type TestPki } from '../../../src/sim/pki.js';

const PERSON_FILE = new URL('../../../samples/people/tran-thi-bich-ngoc.json', import.meta.url).pathname;

describe('chip README examples', () => {
  let pki: TestPki;
  let image: CardImage;
  let folder: string;

  before(async () => {
    pki = createTestPki();
    image = await buildCardImage({ person: await readPersonRecord(PERSON_FILE), pki });
    folder = await mkdtemp(join(tmpdir(), 'examgate-readme-'));
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('parse a CCCD MRZ', () => {
    const mrz = parseMrz([
      'IDVNM3050012344079305001234<<4',
      '0509020F3009026VNM<<<<<<<<<<<8',
      'TRAN<<THI<BICH<NGOC<<<<<<<<<<<',
    ], { now: new Date('2026-12-04') });

    assert.equal(mrz.valid, true);
    assert.equal(mrz.format, 'TD1');
    assert.equal(mrz.documentNumber, '305001234');
    assert.equal(mrz.idNumber, '079305001234');
    assert.equal(mrz.birthDate, '2005-09-02');
    assert.equal(mrz.expiryDate, '2030-09-02');
    assert.equal(mrz.sex, 'F');
    assert.equal(mrz.surname, 'TRAN');
    assert.equal(mrz.givenNames, 'THI BICH NGOC');
    assert.equal(mrz.mrzInformation, '305001234405090203009026');
  });

  test('MRZ OCR confusion repaired', () => {
    // The O in the birth date is an OCR misreading of 0, which is repaired and reported.
    const mrz = parseMrz([
      'IDVNM3050012344079305001234<<4',
      '05O9020F3009026VNM<<<<<<<<<<<8',
      'TRAN<<THI<BICH<NGOC<<<<<<<<<<<',
    ], { now: new Date('2026-12-04') });

    assert.equal(mrz.valid, true);
    assert.equal(mrz.birthDate, '2005-09-02');
    assert.equal(mrz.repairs.length, 1);

    const strict = parseMrz(mrz.lines.map((line, index) => index === 1 ? line.replace('0509', '05O9') : line), { repair: false });
    assert.equal(strict.valid, false);
  });

  test('validate an ID number', () => {
    const report = validateIdNumber('079305001234', { birthDate: '2005-09-02', sex: 'F' });

    assert.equal(report.valid, true);
    assert.equal(report.province?.code, '079');
    assert.equal(report.parts?.birthYear, 2005);

    const wrong = validateIdNumber('079305001234', { birthDate: '1995-09-02', sex: 'M' });

    assert.equal(wrong.valid, false);
    assert.deepEqual(wrong.problems.map((problem) => problem.code), ['ID_NUMBER_CENTURY', 'ID_NUMBER_BIRTH_YEAR', 'ID_NUMBER_SEX']);
    assert.equal(validateIdNumber('79305001234').problems[0]?.code, 'ID_NUMBER_FORMAT');
  });

  test('read a card through a CardTransport', async () => {
    const card = virtualCardFromImage(image);
    const transport = { transmit: (command: Uint8Array) => card.processApdu(command) };
    const trace = new ApduTrace();
    const logged: string[] = [];
    const logger: ChipLogger = { debug: (_fields, message) => logged.push(message), info: () => undefined, warn: () => undefined };

    const result = await readCard(transport, {
      can: '001234',
      activeAuthenticationNonce: new Uint8Array(randomBytes(8)),
      trace,
      logger,
    });

    assert.equal(result.dump.accessControl, 'PACE-CAN');
    assert.deepEqual(Object.keys(result.dump.files).sort(), ['DG1', 'DG13', 'DG14', 'DG15', 'DG2', 'EF.COM', 'EF.CardAccess', 'EF.SOD']);
    assert.deepEqual(result.steps.map((step) => step.name), [
      'read EF.CardAccess', 'open secure messaging', 'read EF.COM', 'read EF.SOD', 'read DG1', 'read DG2', 'read DG13', 'read DG14', 'read DG15', 'active authentication',
    ]);
    assert.equal(result.apduCount, trace.entries.length);
    assert.ok(result.apduCount < 200);
    assert.equal(trace.entries[0]?.header, '00A4020C');
    assert.ok(trace.entries.every((entry) => !('data' in entry)));
    assert.ok(logged.includes('card read step finished'));
    assert.ok(result.dump.activeAuthentication !== undefined);
  });

  test('verify a dump with a trust store', async () => {
    const card = virtualCardFromImage(image);
    const nonce = new Uint8Array(randomBytes(8));
    const { dump } = await readCard({ transmit: (command) => card.processApdu(command) }, { can: '001234', activeAuthenticationNonce: nonce });

    const trustStore = new TrustStore();
    for (const certificate of trustedCscaCertificates(pki)) trustStore.addCertificates(certificate);

    const report = await verifyCardDump(dump, { trustStore, at: TEST_PKI_VERIFY_AT, activeAuthentication: { nonce } });

    assert.equal(report.passed, true);
    assert.equal(report.person?.idNumber, '079305001234');
    assert.equal(report.person?.fullName, 'Trần Thị Bích Ngọc');
    assert.equal(report.faceImage?.mimeType, 'image/jpeg');
    assert.equal(report.checks.find((check) => check.id === 'active-authentication')?.status, 'passed');
    assert.equal(report.checks.find((check) => check.id === 'revocation')?.status, 'skipped');

    // Without the CSCA the same dump is reported as signed by an unknown issuer.
    const empty = await verifyCardDump(dump, { trustStore: new TrustStore(), at: TEST_PKI_VERIFY_AT });
    const chain = empty.checks.find((check) => check.id === 'certificate-chain');

    assert.equal(empty.passed, false);
    assert.equal(chain?.threat, 'unknown-issuer');
  });

  test('load a trust folder', async () => {
    await writeTestPki(pki, folder);
    const trustStore = await loadTrustDirectory(join(folder, 'trust'));

    assert.equal(trustStore.size, 2);
    assert.deepEqual(trustStore.sources.map((source) => `${source.name} ${source.kind}`), [
      'csca-ecdsa.pem certificate', 'csca-rsa.pem certificate', 'csca-ecdsa.crl.pem crl', 'csca-rsa.crl.pem crl',
    ]);
    assert.match(await readFile(join(folder, 'trust', 'csca-ecdsa.pem'), 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  });

  test('verify an AA signature over your own nonce', async () => {
    // The server chooses the nonce. The station sends it in INTERNAL AUTHENTICATE (the chip
    // signs it only under secure messaging) and returns the dump with the chip's signature.
    const nonce = new Uint8Array(randomBytes(8));
    const card = virtualCardFromImage(image);
    const { dump } = await readCard({ transmit: (command) => card.processApdu(command) }, { can: '001234', activeAuthenticationNonce: nonce });
    const signature = dump.activeAuthentication!.signature;

    // The server verifies the signature over its own nonce with the DG15 key (DG15 itself is
    // trusted only after passive authentication has checked its hash).
    const publicKeyInfo = parseDg15(dump.files.DG15!).publicKeyInfo;
    const report = verifyActiveAuthentication({ publicKeyInfo, nonce, signature });

    assert.equal(report.valid, true);
    assert.equal(report.scheme, 'ECDSA');
    assert.equal(report.hash, 'SHA-256');
    assert.deepEqual(report.checks.map((check) => check.name), ['public key', 'hash algorithm', 'signature']);

    const replayed = verifyActiveAuthentication({ publicKeyInfo, nonce: new Uint8Array(randomBytes(8)), signature });
    assert.equal(replayed.valid, false);
  });

  test('run chip authentication through a relay', async () => {
    const card = virtualCardFromImage(image);
    const transport = { transmit: (command: Uint8Array) => card.processApdu(command) };

    // The station reads and keeps the session; the server takes the key from DG14.
    const { dump, channel } = await readCard(transport, { can: '001234' });
    const infos = parseDg14(dump.files.DG14!);
    const info = infos.find((entry) => entry.kind === 'ChipAuthenticationInfo');
    const key = infos.find((entry) => entry.kind === 'ChipAuthenticationPublicKeyInfo');
    if (info?.kind !== 'ChipAuthenticationInfo' || key?.kind !== 'ChipAuthenticationPublicKeyInfo') throw new Error('DG14 has no chip authentication key');
    const run = startTerminalChipAuthentication({ protocolOid: info.protocol, publicKeyInfo: key.publicKeyInfo, random: systemRandom });

    // The station sends the commands in its session and transmits the server's protected command unchanged.
    for (const command of run.commands) await channel.send(command);
    const probe = run.secureMessaging.protectCommand(readBinaryShortFileCommand(0x0e, 0, 16));
    const response = run.secureMessaging.unprotectResponse(await transport.transmit(probe));

    assert.equal(response.protected && response.sw === 0x9000, true);
    assert.deepEqual(response.data, dump.files.DG14!.subarray(0, 16));
  });
});
