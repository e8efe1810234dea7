import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { concatBytes } from '../../../src/chip/codec/bytes.js';
import type { CardFiles } from '../../../src/chip/dump.js';
import { isChipError } from '../../../src/chip/errors.js';
import { parseSod } from '../../../src/chip/lds/sod.js';
import { OID_DATA } from '../../../src/chip/lds/oids.js';
import { parseCertificate } from '../../../src/chip/pa/certificate.js';
import type { DigestName } from '../../../src/chip/pa/algorithms.js';
import { passiveAuthentication, type PassiveAuthenticationResult } from '../../../src/chip/pa/passive-authentication.js';
import type { VerificationCheck } from '../../../src/chip/pa/report.js';
import { TrustStore } from '../../../src/chip/pa/trust-store.js';
import { buildDocumentFiles, syntheticFaceImage } from '../../../src/sim/document-files.js';
import { buildMasterList, buildSod } from '../../../src/sim/lds-builder.js';
import { TEST_PKI_VERIFY_AT, cscaIssuer } from '../../../src/sim/pki.js';
import { generateKeyPair, issueCertificate } from '../../../src/sim/x509-builder.js';
import { signer, testPki, trustStore } from './support/test-pki.js';

const SMALL_FACE = { image: syntheticFaceImage(40, 50), width: 40, height: 50 };

function documentFor(signerId: string, digest: DigestName = 'sha256'): CardFiles {
  return buildDocumentFiles({ signer: signer(signerId), digest, face: SMALL_FACE }).files;
}

function check(result: PassiveAuthenticationResult, id: string): VerificationCheck {
  const found = result.checks.find((entry) => entry.id === id);
  assert.ok(found, `check ${id} is missing from ${result.checks.map((entry) => entry.id).join(', ')}`);
  return found;
}

function failed(result: PassiveAuthenticationResult): VerificationCheck[] {
  return result.checks.filter((entry) => entry.status === 'failed');
}

describe('passive authentication', () => {
  const store = trustStore();
  const at = TEST_PKI_VERIFY_AT;

  for (const [signerId, digest, algorithm] of [
    ['ds-brainpoolP256r1', 'sha256', 'ECDSA with SHA-256'],
    ['ds-brainpoolP384r1', 'sha384', 'ECDSA with SHA-384'],
    ['ds-brainpoolP512r1', 'sha512', 'ECDSA with SHA-512'],
    ['ds-rsa-pkcs1', 'sha1', 'RSA PKCS#1 v1.5 with SHA-256'],
    ['ds-rsa-pss', 'sha224', 'RSASSA-PSS with SHA-256, salt 32'],
  ] as const) {
    it(`passes for ${signerId} with ${digest} hashes`, () => {
      const result = passiveAuthentication(documentFor(signerId, digest), { trustStore: store, at });

      assert.deepEqual(failed(result), []);
      assert.equal(result.passed, true);
      assert.equal(result.hashAlgorithm, digest);
      assert.match(check(result, 'sod-signature').message, new RegExp(algorithm.replace(/[()#.+]/g, '\\$&')));
      assert.equal(check(result, 'certificate-chain').status, 'passed');
      assert.equal(check(result, 'revocation').status, 'passed');
      for (const dg of ['DG1', 'DG2', 'DG13', 'DG14', 'DG15']) {
        assert.equal(check(result, `${dg}-hash`).status, 'passed');
      }
    });
  }

  it('names a tampered data group', () => {
    const files = documentFor('ds-brainpoolP256r1');
    const dg13 = Uint8Array.from(files.DG13!);
    dg13[dg13.length - 1] = dg13[dg13.length - 1]! ^ 0x01;

    const result = passiveAuthentication({ ...files, DG13: dg13 }, { trustStore: store, at });

    assert.equal(result.passed, false);
    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['DG13-hash', 'tampered-file']]);
  });

  it('rejects a data group that the SOD does not list', () => {
    const files = documentFor('ds-brainpoolP256r1');
    const result = passiveAuthentication({ ...files, DG11: Uint8Array.of(0x6b, 0x00) }, { trustStore: store, at });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['DG11-hash', 'file-not-in-sod']]);
  });

  it('fails when a required data group is missing', () => {
    const { DG2, ...files } = documentFor('ds-brainpoolP256r1');
    void DG2;
    const result = passiveAuthentication(files, { trustStore: store, at });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['DG2-hash', 'file-missing']]);
  });

  it('skips an optional data group that was not read', () => {
    const { DG14, ...files } = documentFor('ds-brainpoolP256r1');
    void DG14;
    const result = passiveAuthentication(files, { trustStore: store, at });

    assert.equal(result.passed, true);
    assert.equal(check(result, 'DG14-hash').status, 'skipped');
  });

  it('detects a broken signature', () => {
    const files = documentFor('ds-rsa-pkcs1');
    const sod = Uint8Array.from(files['EF.SOD']!);
    sod[sod.length - 10] = sod[sod.length - 10]! ^ 0x55;

    const result = passiveAuthentication({ ...files, 'EF.SOD': sod }, { trustStore: store, at });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['sod-signature', 'bad-signature']]);
  });

  it('detects a hash list changed after signing', () => {
    const document = documentFor('ds-brainpoolP256r1');
    const sod = Uint8Array.from(document['EF.SOD']!);
    const parsed = parseSod(sod);
    const dg1Hash = parsed.ldsSecurityObject.dataGroupHashes.get(1)!;
    const offset = Buffer.from(sod).indexOf(Buffer.from(dg1Hash));
    sod[offset] = sod[offset]! ^ 0xff;

    const result = passiveAuthentication({ ...document, 'EF.SOD': sod }, { trustStore: store, at });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['DG1-hash', 'tampered-file'], ['signed-attributes', 'tampered-sod']]);
  });

  it('reports an expired signer at the given date', () => {
    const result = passiveAuthentication(documentFor('ds-expired'), { trustStore: store, at });

    assert.equal(check(result, 'sod-signature').status, 'passed');
    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['signer-validity', 'expired-signer']]);
  });

  it('accepts the expired signer at a date inside its validity', () => {
    const result = passiveAuthentication(documentFor('ds-expired'), { trustStore: store, at: new Date('2018-01-01T00:00:00Z') });

    assert.deepEqual(failed(result), []);
  });

  it('reports a signer not yet valid', () => {
    const result = passiveAuthentication(documentFor('ds-brainpoolP256r1'), { trustStore: store, at: new Date('2023-01-01T00:00:00Z') });

    assert.deepEqual(failed(result).map((entry) => entry.threat), ['signer-not-yet-valid']);
  });

  it('reports an unknown issuer although the signature is valid', () => {
    const result = passiveAuthentication(documentFor('ds-unknown-issuer'), { trustStore: store, at });

    assert.equal(check(result, 'sod-signature').status, 'passed');
    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['certificate-chain', 'unknown-issuer']]);
    assert.equal(result.passed, false);
    assert.equal(result.csca, undefined);
  });

  it('reports a signer revoked by a CRL', () => {
    const result = passiveAuthentication(documentFor('ds-revoked'), { trustStore: store, at });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['revocation', 'revoked-signer']]);
  });

  it('skips revocation when no CRL is loaded', () => {
    const result = passiveAuthentication(documentFor('ds-revoked'), { trustStore: trustStore({ crls: false }), at });

    assert.equal(check(result, 'revocation').status, 'skipped');
    assert.equal(result.passed, true);
  });

  it('rejects a signer certificate whose issuer name matches but key does not', () => {
    const csca = testPki().cscas.find((entry) => entry.id === 'csca-ecdsa')!;
    const impostorKey = generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1' });
    const signerKey = generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1' });
    const certificate = issueCertificate({
      subject: 'C=VN, O=examgate test, CN=Forged signer',
      publicKeyInfo: signerKey.publicKeyInfo,
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      certificateAuthority: false,
    }, { ...cscaIssuer(csca), privateKey: impostorKey.privateKey, scheme: { kind: 'ecdsa', digest: 'sha256' } });

    const files = buildDocumentFiles({ signer: { certificate, privateKey: signerKey.privateKey, scheme: { kind: 'ecdsa', digest: 'sha256' } }, face: SMALL_FACE }).files;
    const result = passiveAuthentication(files, { trustStore: store, at });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['certificate-chain', 'bad-certificate-signature']]);
  });

  it('fails without EF.SOD', () => {
    const { 'EF.SOD': sod, ...files } = documentFor('ds-brainpoolP256r1');
    void sod;
    const result = passiveAuthentication(files, { trustStore: store, at });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['parse-EF.SOD', 'file-missing']]);
    assert.equal(result.passed, false);
  });

  it('fails with an empty trust store', () => {
    const result = passiveAuthentication(documentFor('ds-brainpoolP256r1'), { trustStore: new TrustStore(), at });

    assert.equal(check(result, 'certificate-chain').threat, 'unknown-issuer');
    assert.equal(result.passed, false);
  });
});

describe('EF.SOD strict parsing', () => {
  const base = () => buildDocumentFiles({ signer: signer('ds-brainpoolP256r1'), face: SMALL_FACE });
  const sodWith = (faults: NonNullable<Parameters<typeof buildSod>[0]['faults']>) => {
    const document = base();
    const { DG1, DG2 } = document.files;
    return buildSod({ dataGroups: { DG1, DG2 }, digest: 'sha256', signer: signer('ds-brainpoolP256r1'), faults });
  };
  const rejects = (bytes: Uint8Array, pattern: RegExp) => assert.throws(() => parseSod(bytes), (error: unknown) => {
    assert.ok(isChipError(error), String(error));
    assert.match(error.message, pattern);
    return true;
  });

  it('rejects another content type', () => rejects(sodWith({ contentType: '1.2.840.113549.1.8.2' }), /contentType is 1\.2\.840\.113549\.1\.8\.2/));
  it('rejects SignedData version 1', () => rejects(sodWith({ signedDataVersion: 1 }), /SignedData version is 1, expected 3/));
  it('rejects LDSSecurityObject version 2', () => rejects(sodWith({ ldsSecurityObjectVersion: 2 }), /LDSSecurityObject version is 2/));
  it('rejects a trailing byte', () => rejects(concatBytes(sodWith({}), Uint8Array.of(0)), /remain after/));
  it('rejects id-data as eContentType by default', () => rejects(sodWith({ eContentType: OID_DATA }), /id-data is accepted only/));

  it('accepts id-data when allowed', () => {
    const sod = parseSod(sodWith({ eContentType: OID_DATA }), { allowIdDataContentType: true });

    assert.equal(sod.idDataContentType, true);
  });

  it('reports a malformed SOD as a failed check', () => {
    const document = base();
    const result = passiveAuthentication({ ...document.files, 'EF.SOD': sodWith({ signedDataVersion: 1 }) }, { trustStore: trustStore(), at: TEST_PKI_VERIFY_AT });

    assert.deepEqual(failed(result).map((entry) => [entry.id, entry.threat]), [['parse-EF.SOD', 'malformed-file']]);
  });

  it('rejects an embedded certificate with a changed outer tag', () => {
    // The outer Certificate and signatureAlgorithm tags are outside the signed tbsCertificate,
    // so only strict parsing catches a change there.
    const document = base();
    const certificate = signer('ds-brainpoolP256r1').certificate;
    const sod = document.files['EF.SOD']!;
    const start = Buffer.from(sod).indexOf(Buffer.from(certificate));
    assert.ok(start > 0, 'the SOD embeds the signer certificate');
    const tbsLength = parseCertificate(certificate).tbs.length;
    const algorithmOffset = start + (certificate.length - certificate.subarray(4).length) + tbsLength;

    for (const [offset, tag] of [[start, 0xb0], [algorithmOffset, 0xae]] as const) {
      const changed = Uint8Array.from(sod);
      assert.equal(changed[offset], 0x30);
      changed[offset] = tag;
      const result = passiveAuthentication({ ...document.files, 'EF.SOD': changed }, { trustStore: trustStore(), at: TEST_PKI_VERIFY_AT });

      assert.equal(result.passed, false, `tag 0x${tag.toString(16)} at ${offset} passed`);
    }
  });

  it('keeps LDS version info of a v1 security object', () => {
    const document = base();
    const bytes = buildSod({ dataGroups: { DG1: document.files.DG1 }, digest: 'sha256', signer: signer('ds-brainpoolP256r1'), ldsVersionInfo: { ldsVersion: '0108', unicodeVersion: '040000' } });
    const sod = parseSod(bytes);

    assert.equal(sod.ldsSecurityObject.version, 1);
    assert.equal(sod.ldsSecurityObject.ldsVersion, '0108');
  });
});

describe('trust store', () => {
  const csca = () => testPki().cscas.find((entry) => entry.id === 'csca-ecdsa')!;
  const listSigner = () => {
    const key = generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1' });
    const certificate = issueCertificate({
      subject: 'C=VN, O=examgate test, CN=Test master list signer',
      publicKeyInfo: key.publicKeyInfo,
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      certificateAuthority: false,
    }, cscaIssuer(csca()));
    return { certificate, privateKey: key.privateKey, scheme: { kind: 'ecdsa', digest: 'sha256' } as const };
  };

  it('loads CSCAs from a verified master list', () => {
    const cscas = testPki().cscas.filter((entry) => entry.trusted).map((entry) => entry.certificate);
    const list = buildMasterList({ cscas, signer: listSigner(), digest: 'sha256' });
    const store = new TrustStore();

    store.addMasterList(list, 'test.ml');

    assert.equal(store.size, 2);
    assert.equal(store.sources[0]?.kind, 'master-list');
    const result = passiveAuthentication(documentFor('ds-rsa-pss'), { trustStore: store, at: TEST_PKI_VERIFY_AT });
    assert.equal(result.passed, true);
  });

  it('rejects a master list with a changed certificate', () => {
    const cscas = testPki().cscas.filter((entry) => entry.trusted).map((entry) => entry.certificate);
    const list = Uint8Array.from(buildMasterList({ cscas, signer: listSigner(), digest: 'sha256' }));
    const subject = Buffer.from('Test CSCA RSA');
    const offset = Buffer.from(list).indexOf(subject);
    list[offset] = 'X'.charCodeAt(0);

    assert.throws(() => new TrustStore().addMasterList(list), (error: unknown) => isChipError(error, 'TRUST_STORE_INVALID'));
  });

  it('rejects a master list whose signer no listed CSCA issued', () => {
    const rsaOnly = testPki().cscas.filter((entry) => entry.id === 'csca-rsa').map((entry) => entry.certificate);
    const list = buildMasterList({ cscas: rsaOnly, signer: listSigner(), digest: 'sha256' });

    assert.throws(() => new TrustStore().addMasterList(list), (error: unknown) => isChipError(error, 'TRUST_STORE_INVALID') && /no CSCA in the list/.test(error.message));
  });

  it('rejects a CRL that no loaded CSCA signed', () => {
    const store = new TrustStore();
    store.addCertificates(testPki().cscas.find((entry) => entry.id === 'csca-rsa')!.certificate);
    const crl = testPki().crls.find((entry) => entry.issuer === 'csca-ecdsa')!.crl;

    assert.throws(() => store.addCrl(crl), (error: unknown) => isChipError(error, 'TRUST_STORE_INVALID'));
  });

  it('loads PEM text with several certificates', () => {
    const pem = testPki().cscas.map((entry) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(entry.certificate).toString('base64')}\n-----END CERTIFICATE-----\n`).join('');
    const store = new TrustStore();

    store.addCertificates(Buffer.from(pem), 'all.pem');

    assert.equal(store.size, 3);
  });

  it('caches the chain result per signer certificate', () => {
    const store = trustStore();
    const files = documentFor('ds-brainpoolP384r1');
    const first = passiveAuthentication(files, { trustStore: store, at: TEST_PKI_VERIFY_AT });
    let computed = 0;
    const chain = store.cachedChain(first.documentSigner!.fingerprint, () => {
      computed++;
      return { status: 'unknown-issuer' };
    });

    assert.equal(computed, 0);
    assert.equal(chain.status, 'issued-by');
  });
});

describe('issuer matching', () => {
  it('finds the CSCA by key identifier when names are encoded differently', () => {
    const csca = testPki().cscas.find((entry) => entry.id === 'csca-ecdsa')!;
    const signerKey = generateKeyPair({ type: 'ec', curve: 'brainpoolP256r1' });
    // Same CSCA key, issuer name written with other words: only the key identifier links them.
    const certificate = issueCertificate({
      subject: 'C=VN, O=examgate test, CN=Signer under a renamed issuer',
      publicKeyInfo: signerKey.publicKeyInfo,
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      certificateAuthority: false,
    }, { ...cscaIssuer(csca), name: 'C=VN, O=EXAMGATE TEST, OU=Test PKI, CN=Test CSCA brainpoolP512r1' });
    const files = buildDocumentFiles({ signer: { certificate, privateKey: signerKey.privateKey, scheme: { kind: 'ecdsa', digest: 'sha256' } }, face: SMALL_FACE }).files;

    const result = passiveAuthentication(files, { trustStore: trustStore(), at: TEST_PKI_VERIFY_AT });

    assert.deepEqual(failed(result), []);
    assert.equal(result.csca?.subject, 'C=VN, O=examgate test, OU=Test PKI, CN=Test CSCA brainpoolP512r1');
  });
});
