// A throw-away PKI for mutual TLS between the registry client and the simulator: one CA, a
// server certificate for 127.0.0.1 and localhost, and a client certificate. ECDSA P-256 with
// SHA-256. For tests and training only; the real service issues its own certificates.
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';

import { webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as x509 from '@peculiar/x509';

import { RegistryError } from './errors.js';
import { readPemFile } from './tls-files.js';

/** PEM text of a certificate and its PKCS #8 private key. */
export interface PemKeyPair {
  cert: string;
  key: string;
}

export interface TestPki {
  ca: PemKeyPair;
  server: PemKeyPair;
  client: PemKeyPair;
}

/** File names inside a TLS directory (`--tls-dir`). */
export const TLS_FILES = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
  clientCert: 'client.pem',
  clientKey: 'client-key.pem',
} as const;

type Crypto = webcrypto.Crypto;
type CryptoKey = webcrypto.CryptoKey;

const EC_KEY: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;

/** Generates a new CA with one server and one client certificate, valid for one year. */
export async function generateTestPki(label = 'examgate registry test'): Promise<TestPki> {
  const crypto: Crypto = webcrypto;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + VALIDITY_MS);
  const caKeys = await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
  const caName = `CN=${label} CA`;

  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: caName,
    keys: caKeys,
    signingAlgorithm: SIGNING,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  }, crypto);

  const issue = async (subject: string, usage: x509.ExtendedKeyUsage, names: x509.JsonGeneralNames): Promise<PemKeyPair> => {
    const keys = await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage]),
    ];

    if (names.length > 0) {
      extensions.push(new x509.SubjectAlternativeNameExtension(names));
    }

    const cert = await x509.X509CertificateGenerator.create({
      subject,
      issuer: caName,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGNING,
      notBefore,
      notAfter,
      extensions,
    }, crypto);

    return { cert: cert.toString('pem'), key: await exportKey(crypto, keys.privateKey) };
  };

  return {
    ca: { cert: caCert.toString('pem'), key: await exportKey(crypto, caKeys.privateKey) },
    server: await issue(`CN=${label} server`, x509.ExtendedKeyUsage.serverAuth, [{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
    client: await issue(`CN=${label} client`, x509.ExtendedKeyUsage.clientAuth, []),
  };
}

async function exportKey(crypto: Crypto, key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Writes a PKI into `dir` under the names of TLS_FILES; refuses to overwrite an existing CA. */
export async function writeTestPki(dir: string, pki: TestPki): Promise<void> {
  if (existsSync(join(dir, TLS_FILES.caCert))) {
    throw new RegistryError('REGISTRY_TLS_FILES', `${join(dir, TLS_FILES.caCert)} already exists; remove the directory's files or choose another --tls-dir to create a new test CA.`);
  }

  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, TLS_FILES.caCert), pki.ca.cert);
  await writeFile(join(dir, TLS_FILES.caKey), pki.ca.key, { mode: 0o600 });
  await writeFile(join(dir, TLS_FILES.serverCert), pki.server.cert);
  await writeFile(join(dir, TLS_FILES.serverKey), pki.server.key, { mode: 0o600 });
  await writeFile(join(dir, TLS_FILES.clientCert), pki.client.cert);
  await writeFile(join(dir, TLS_FILES.clientKey), pki.client.key, { mode: 0o600 });
}

/** Reads the CA certificate and the server pair that the simulator needs from `dir`. */
export async function readServerTls(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const setting = '--tls-dir; create a test CA there with --init-tls';

  return {
    ca: await readPemFile(join(dir, TLS_FILES.caCert), setting),
    cert: await readPemFile(join(dir, TLS_FILES.serverCert), setting),
    key: await readPemFile(join(dir, TLS_FILES.serverKey), setting),
  };
}
