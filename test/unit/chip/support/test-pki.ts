// One test PKI per test process: generating it takes about a second (RSA keys), so every test
// in a file shares it. The trust store contains the trusted CSCAs and their CRLs, as an
// operator would load them.
import { TrustStore } from '../../../../src/chip/pa/trust-store.js';
import { createTestPki, findSigner, trustedCscaCertificates, type TestDocumentSigner, type TestPki } from '../../../../src/sim/pki.js';

let pki: TestPki | undefined;

export function testPki(): TestPki {
  pki ??= createTestPki();
  return pki;
}

export function signer(id: string): TestDocumentSigner {
  return findSigner(testPki(), id);
}

/** Creates a trust store with the trusted CSCAs and, unless `crls` is false, their CRLs. */
export function trustStore(options: { crls?: boolean } = {}): TrustStore {
  const store = new TrustStore();

  for (const certificate of trustedCscaCertificates(testPki())) {
    store.addCertificates(certificate);
  }

  if (options.crls !== false) {
    for (const entry of testPki().crls) {
      store.addCrl(entry.crl);
    }
  }

  return store;
}
