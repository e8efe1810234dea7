// The test PKI: CSCAs and document signers for every signature scheme that passive
// authentication supports, plus the faulty signers that the negative tests and the virtual
// card need (expired, under an unknown CSCA, revoked by a CRL). Dates are fixed so that tests
// and dumps are reproducible; pass `at` inside 2025-2034 when verifying.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';

import {
  certificatePublicKeyInfo, certificateSerialNumber, generateKeyPair, issueCertificate, issueCrl, type Issuer, type KeySpec, type SignatureScheme,
} from './x509-builder.js';
import type { DigestName } from '../chip/pa/algorithms.js';

export const TEST_PKI_MANIFEST_FORMAT = 'examgate-test-pki/1';
export const TEST_PKI_MANIFEST_FILE = 'manifest.json';

/** A document signer's state, which decides the verdict of passive authentication. */
export type SignerStatus = 'valid' | 'expired' | 'unknown-issuer' | 'revoked';

export interface TestCsca {
  id: string;
  subject: string;
  certificate: Uint8Array;
  privateKey: KeyObject;
  publicKeyInfo: Uint8Array;
  scheme: SignatureScheme;
  /** False for the CSCA that the trust directory leaves out. */
  trusted: boolean;
}

export interface TestDocumentSigner {
  id: string;
  subject: string;
  /** Id of the issuing CSCA. */
  issuer: string;
  certificate: Uint8Array;
  privateKey: KeyObject;
  /** Scheme the signer uses for EF.SOD signatures. */
  scheme: SignatureScheme;
  status: SignerStatus;
}

export interface TestCrl {
  /** Id of the issuing CSCA. */
  issuer: string;
  crl: Uint8Array;
}

export interface TestPki {
  cscas: TestCsca[];
  signers: TestDocumentSigner[];
  crls: TestCrl[];
}

/** Validity dates of the test PKI. At TEST_PKI_VERIFY_AT every signer with status 'valid' is within its validity. */
export const TEST_PKI_DATES = {
  cscaNotBefore: new Date('2015-01-01T00:00:00Z'),
  cscaNotAfter: new Date('2040-01-01T00:00:00Z'),
  signerNotBefore: new Date('2024-01-01T00:00:00Z'),
  signerNotAfter: new Date('2035-01-01T00:00:00Z'),
  expiredNotBefore: new Date('2016-01-01T00:00:00Z'),
  expiredNotAfter: new Date('2020-01-01T00:00:00Z'),
  crlThisUpdate: new Date('2025-01-01T00:00:00Z'),
  crlNextUpdate: new Date('2035-01-01T00:00:00Z'),
  revokedAt: new Date('2025-01-01T00:00:00Z'),
} as const;

export const TEST_PKI_VERIFY_AT = new Date('2026-06-01T00:00:00Z');

interface SignerPlan {
  id: string;
  issuer: string;
  key: KeySpec;
  scheme: SignatureScheme;
  status: SignerStatus;
}

const RSA_BITS = 2048;

const CSCA_PLANS: { id: string; subject: string; key: KeySpec; scheme: SignatureScheme; trusted: boolean }[] = [
  {
    id: 'csca-ecdsa',
    subject: 'C=VN, O=examgate test, OU=Test PKI, CN=Test CSCA brainpoolP512r1',
    key: { type: 'ec', curve: 'brainpoolP512r1', explicitParameters: true },
    scheme: { kind: 'ecdsa', digest: 'sha512' },
    trusted: true,
  },
  {
    id: 'csca-rsa',
    subject: 'C=VN, O=examgate test, OU=Test PKI, CN=Test CSCA RSA',
    key: { type: 'rsa', modulusBits: RSA_BITS },
    scheme: { kind: 'rsa-pkcs1', digest: 'sha256' },
    trusted: true,
  },
  {
    id: 'csca-unknown',
    subject: 'C=VN, O=examgate test, OU=Unlisted, CN=Test CSCA not in the trust store',
    key: { type: 'ec', curve: 'brainpoolP384r1', explicitParameters: true },
    scheme: { kind: 'ecdsa', digest: 'sha384' },
    trusted: false,
  },
];

const ecdsa = (digest: DigestName): SignatureScheme => ({ kind: 'ecdsa', digest });

const SIGNER_PLANS: SignerPlan[] = [
  { id: 'ds-brainpoolP256r1', issuer: 'csca-ecdsa', key: { type: 'ec', curve: 'brainpoolP256r1', explicitParameters: true }, scheme: ecdsa('sha256'), status: 'valid' },
  { id: 'ds-brainpoolP384r1', issuer: 'csca-ecdsa', key: { type: 'ec', curve: 'brainpoolP384r1', explicitParameters: true }, scheme: ecdsa('sha384'), status: 'valid' },
  { id: 'ds-brainpoolP512r1', issuer: 'csca-ecdsa', key: { type: 'ec', curve: 'brainpoolP512r1', explicitParameters: true }, scheme: ecdsa('sha512'), status: 'valid' },
  { id: 'ds-rsa-pkcs1', issuer: 'csca-rsa', key: { type: 'rsa', modulusBits: RSA_BITS }, scheme: { kind: 'rsa-pkcs1', digest: 'sha256' }, status: 'valid' },
  { id: 'ds-rsa-pss', issuer: 'csca-rsa', key: { type: 'rsa', modulusBits: RSA_BITS }, scheme: { kind: 'rsa-pss', digest: 'sha256', saltLength: 32 }, status: 'valid' },
  { id: 'ds-expired', issuer: 'csca-ecdsa', key: { type: 'ec', curve: 'brainpoolP256r1', explicitParameters: true }, scheme: ecdsa('sha256'), status: 'expired' },
  { id: 'ds-unknown-issuer', issuer: 'csca-unknown', key: { type: 'ec', curve: 'brainpoolP256r1', explicitParameters: true }, scheme: ecdsa('sha256'), status: 'unknown-issuer' },
  { id: 'ds-revoked', issuer: 'csca-ecdsa', key: { type: 'ec', curve: 'brainpoolP256r1', explicitParameters: true }, scheme: ecdsa('sha256'), status: 'revoked' },
];

/** Generates the whole test PKI (about a second: the RSA keys dominate). */
export function createTestPki(): TestPki {
  const cscas = CSCA_PLANS.map((plan): TestCsca => {
    const pair = generateKeyPair(plan.key);
    const issuer: Issuer = { name: plan.subject, privateKey: pair.privateKey, publicKeyInfo: pair.publicKeyInfo, scheme: plan.scheme };
    const certificate = issueCertificate({
      subject: plan.subject,
      publicKeyInfo: pair.publicKeyInfo,
      notBefore: TEST_PKI_DATES.cscaNotBefore,
      notAfter: TEST_PKI_DATES.cscaNotAfter,
      certificateAuthority: true,
    }, issuer);

    return { id: plan.id, subject: plan.subject, certificate, privateKey: pair.privateKey, publicKeyInfo: pair.publicKeyInfo, scheme: plan.scheme, trusted: plan.trusted };
  });

  const signers = SIGNER_PLANS.map((plan) => issueSigner(plan, requireCsca(cscas, plan.issuer)));
  const crls = cscas.filter((csca) => csca.trusted).map((csca): TestCrl => {
    const revoked = signers
      .filter((signer) => signer.issuer === csca.id && signer.status === 'revoked')
      .map((signer) => ({ serialNumber: certificateSerialNumber(signer.certificate), revocationDate: TEST_PKI_DATES.revokedAt }));

    const crl = issueCrl({ thisUpdate: TEST_PKI_DATES.crlThisUpdate, nextUpdate: TEST_PKI_DATES.crlNextUpdate, revoked }, cscaIssuer(csca));
    return { issuer: csca.id, crl };
  });

  return { cscas, signers, crls };
}

function issueSigner(plan: SignerPlan, csca: TestCsca): TestDocumentSigner {
  const pair = generateKeyPair(plan.key);
  const subject = `C=VN, O=examgate test, OU=Test PKI, CN=Test document signer ${plan.id.replace(/^ds-/, '')}`;
  const expired = plan.status === 'expired';
  const certificate = issueCertificate({
    subject,
    publicKeyInfo: pair.publicKeyInfo,
    notBefore: expired ? TEST_PKI_DATES.expiredNotBefore : TEST_PKI_DATES.signerNotBefore,
    notAfter: expired ? TEST_PKI_DATES.expiredNotAfter : TEST_PKI_DATES.signerNotAfter,
    certificateAuthority: false,
  }, cscaIssuer(csca));

  return { id: plan.id, subject, issuer: csca.id, certificate, privateKey: pair.privateKey, scheme: plan.scheme, status: plan.status };
}

/** Returns the CSCA as an issuer of further certificates or CRLs. */
export function cscaIssuer(csca: TestCsca): Issuer {
  return { name: csca.subject, privateKey: csca.privateKey, publicKeyInfo: csca.publicKeyInfo, scheme: csca.scheme };
}

function requireCsca(cscas: TestCsca[], id: string): TestCsca {
  const csca = cscas.find((candidate) => candidate.id === id);

  if (csca === undefined) {
    throw new Error(`test PKI: CSCA "${id}" not found; expected one of ${cscas.map((c) => c.id).join(', ')}`);
  }

  return csca;
}

/** Returns the document signer with `id`, or throws naming the ids that exist. */
export function findSigner(pki: TestPki, id: string): TestDocumentSigner {
  const signer = pki.signers.find((candidate) => candidate.id === id);

  if (signer === undefined) {
    throw new Error(`test PKI: document signer "${id}" not found; expected one of ${pki.signers.map((s) => s.id).join(', ')}`);
  }

  return signer;
}

/** Certificates an operator would load: the trusted CSCAs only. */
export function trustedCscaCertificates(pki: TestPki): Uint8Array[] {
  return pki.cscas.filter((csca) => csca.trusted).map((csca) => csca.certificate);
}

/** The manifest written beside the PEM files; paths are relative to the manifest's folder. */
export interface TestPkiManifest {
  format: typeof TEST_PKI_MANIFEST_FORMAT;
  /** Folder to pass as `--trust`: the trusted CSCA certificates and the CRLs. */
  trustDirectory: string;
  cscas: { id: string; subject: string; certificate: string; privateKey: string; scheme: SignatureScheme; trusted: boolean }[];
  signers: { id: string; subject: string; issuer: string; certificate: string; privateKey: string; scheme: SignatureScheme; status: SignerStatus }[];
  crls: { issuer: string; crl: string }[];
}

/**
 * Writes the PKI under `directory`: `trust/` contains the trusted CSCA certificates and CRLs
 * (what `card verify --trust` loads), `cscas/` and `signers/` contain certificates (PEM) and
 * private keys (PKCS#8 PEM), and manifest.json lists them.
 */
export async function writeTestPki(pki: TestPki, directory: string): Promise<TestPkiManifest> {
  for (const folder of ['trust', 'cscas', 'signers']) {
    await mkdir(join(directory, folder), { recursive: true });
  }

  const manifest: TestPkiManifest = { format: TEST_PKI_MANIFEST_FORMAT, trustDirectory: 'trust', cscas: [], signers: [], crls: [] };

  for (const csca of pki.cscas) {
    const certificate = `cscas/${csca.id}.pem`;
    const privateKey = `cscas/${csca.id}.key.pem`;
    await writeFile(join(directory, certificate), toPem('CERTIFICATE', csca.certificate));
    await writeFile(join(directory, privateKey), pkcs8Pem(csca.privateKey), { mode: 0o600 });

    if (csca.trusted) {
      await writeFile(join(directory, 'trust', `${csca.id}.pem`), toPem('CERTIFICATE', csca.certificate));
    }

    manifest.cscas.push({ id: csca.id, subject: csca.subject, certificate, privateKey, scheme: csca.scheme, trusted: csca.trusted });
  }

  for (const signer of pki.signers) {
    const certificate = `signers/${signer.id}.pem`;
    const privateKey = `signers/${signer.id}.key.pem`;
    await writeFile(join(directory, certificate), toPem('CERTIFICATE', signer.certificate));
    await writeFile(join(directory, privateKey), pkcs8Pem(signer.privateKey), { mode: 0o600 });
    manifest.signers.push({ id: signer.id, subject: signer.subject, issuer: signer.issuer, certificate, privateKey, scheme: signer.scheme, status: signer.status });
  }

  for (const entry of pki.crls) {
    const crl = `trust/${entry.issuer}.crl.pem`;
    await writeFile(join(directory, crl), toPem('X509 CRL', entry.crl));
    manifest.crls.push({ issuer: entry.issuer, crl });
  }

  await writeFile(join(directory, TEST_PKI_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads a PKI that writeTestPki wrote. */
export async function readTestPki(directory: string): Promise<TestPki> {
  const manifest = JSON.parse(await readFile(join(directory, TEST_PKI_MANIFEST_FILE), 'utf8')) as TestPkiManifest;

  if (manifest.format !== TEST_PKI_MANIFEST_FORMAT) {
    throw new Error(`${join(directory, TEST_PKI_MANIFEST_FILE)}: format is "${String(manifest.format)}", expected "${TEST_PKI_MANIFEST_FORMAT}"`);
  }

  const readPem = async (path: string) => fromPem(await readFile(join(directory, path), 'utf8'));
  const readKey = async (path: string) => createPrivateKey(await readFile(join(directory, path), 'utf8'));
  const cscas: TestCsca[] = [];

  for (const entry of manifest.cscas) {
    const certificate = await readPem(entry.certificate);
    const privateKey = await readKey(entry.privateKey);
    cscas.push({ id: entry.id, subject: entry.subject, certificate, privateKey, publicKeyInfo: certificatePublicKeyInfo(certificate), scheme: entry.scheme, trusted: entry.trusted });
  }

  const signers: TestDocumentSigner[] = [];

  for (const entry of manifest.signers) {
    signers.push({
      id: entry.id, subject: entry.subject, issuer: entry.issuer, certificate: await readPem(entry.certificate),
      privateKey: await readKey(entry.privateKey), scheme: entry.scheme, status: entry.status,
    });
  }

  const crls: TestCrl[] = [];

  for (const entry of manifest.crls) {
    crls.push({ issuer: entry.issuer, crl: await readPem(entry.crl) });
  }

  return { cscas, signers, crls };
}

/** PEM text of DER bytes with the given label. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

/** DER bytes of the first PEM block in `text`. */
export function fromPem(text: string): Uint8Array {
  const match = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/.exec(text);

  if (match === null || match[1] === undefined) {
    throw new Error('no PEM block found: expected "-----BEGIN ...-----"');
  }

  return new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
}

function pkcs8Pem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}
