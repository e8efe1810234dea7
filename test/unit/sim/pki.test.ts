import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { parseTlv } from '../../../src/chip/codec/tlv.js';
import { parseCertificate } from '../../../src/chip/pa/certificate.js';
import { loadTrustDirectory } from '../../../src/chip/pa/trust-directory.js';
import { passiveAuthentication } from '../../../src/chip/pa/passive-authentication.js';
import { buildDocumentFiles, cccdMrz, SAMPLE_PERSON, syntheticFaceImage } from '../../../src/sim/document-files.js';
import { parseMrz } from '../../../src/chip/mrz/index.js';
import { buildMasterList } from '../../../src/sim/lds-builder.js';
import { TEST_PKI_MANIFEST_FORMAT, TEST_PKI_VERIFY_AT, findSigner, readTestPki, writeTestPki, type TestPkiManifest } from '../../../src/sim/pki.js';
import { testPki } from '../chip/support/test-pki.js';

describe('test PKI', () => {
  const directories: string[] = [];

  after(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  it('writes CSCA keys with explicit brainpool parameters', () => {
    const csca = testPki().cscas.find((entry) => entry.id === 'csca-ecdsa')!;
    const certificate = parseCertificate(csca.certificate);
    const spki = parseTlv(certificate.publicKeyInfo);
    // AlgorithmIdentifier parameters: a SEQUENCE (SpecifiedECDomain), not a curve OID.
    const parameters = spki.children[0]?.children[1];

    assert.equal(parameters?.tag, 0x30);
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'brainpoolP512r1');
    assert.equal(certificate.certificateAuthority, true);
    assert.ok(new X509Certificate(Buffer.from(csca.certificate)).verify(certificate.publicKey));
  });

  it('issues each signer under its CSCA', () => {
    for (const signer of testPki().signers) {
      const issuer = testPki().cscas.find((entry) => entry.id === signer.issuer)!;
      const certificate = new X509Certificate(Buffer.from(signer.certificate));

      assert.ok(certificate.checkIssued(new X509Certificate(Buffer.from(issuer.certificate))), signer.id);
      assert.ok(certificate.verify(new X509Certificate(Buffer.from(issuer.certificate)).publicKey), signer.id);
    }
  });

  it('round-trips through the manifest and trust folder', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'examgate-pki-'));
    directories.push(directory);

    const manifest = await writeTestPki(testPki(), directory);
    const written = JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8')) as TestPkiManifest;
    const read = await readTestPki(directory);
    const store = await loadTrustDirectory(join(directory, manifest.trustDirectory));

    assert.equal(written.format, TEST_PKI_MANIFEST_FORMAT);
    assert.deepEqual(written.signers.map((signer) => signer.status).sort(), ['expired', 'revoked', 'unknown-issuer', 'valid', 'valid', 'valid', 'valid', 'valid']);
    assert.equal(store.size, 2);
    assert.equal(store.crls.length, 2);

    const signer = findSigner(read, 'ds-rsa-pss');
    const files = buildDocumentFiles({ signer, face: { image: syntheticFaceImage(16, 16), width: 16, height: 16 } }).files;
    assert.equal(passiveAuthentication(files, { trustStore: store, at: TEST_PKI_VERIFY_AT }).passed, true);
  });
});

describe('trust folder', () => {
  it('loads an ICAO master list file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'examgate-trust-'));
    const cscas = testPki().cscas;
    const rsa = cscas.find((entry) => entry.id === 'csca-rsa')!;
    // A self-signed CSCA may sign its own list, which keeps the test free of an extra signer.
    const list = buildMasterList({ cscas: cscas.map((entry) => entry.certificate), signer: { certificate: rsa.certificate, privateKey: rsa.privateKey, scheme: rsa.scheme }, digest: 'sha384' });

    try {
      await writeFile(join(directory, 'test.ml'), list);
      const store = await loadTrustDirectory(directory);

      assert.equal(store.size, 3);
      assert.deepEqual(store.sources.map((source) => [source.name, source.kind, source.count]), [['test.ml', 'master-list', 3]]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('rejects a folder without trust anchors', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'examgate-trust-'));

    try {
      await assert.rejects(loadTrustDirectory(directory), /contains no CSCA certificate or master list/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('synthetic documents', () => {
  it('builds a CCCD MRZ whose check digits hold', () => {
    const lines = cccdMrz({ ...SAMPLE_PERSON, idNumber: '079203012345', birthDate: '2003-02-01', sex: 'F', expiryDate: null, fullName: 'Trần Thị Bích' });
    const mrz = parseMrz(lines, { repair: false });

    assert.equal(mrz.valid, true, JSON.stringify(mrz.errors));
    assert.equal(mrz.idNumber, '079203012345');
    assert.equal(mrz.expiryDate, null);
    assert.equal(lines[2], 'TRAN<<THI<BICH<<<<<<<<<<<<<<<<');
  });

  it('matches the reference sheet sample MRZ', () => {
    assert.deepEqual(cccdMrz(SAMPLE_PERSON).slice(0, 2), ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0']);
  });
});
