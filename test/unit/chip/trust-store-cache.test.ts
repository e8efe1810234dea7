import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { LruCache } from '../../../src/chip/pa/lru-cache.js';
import { passiveAuthentication } from '../../../src/chip/pa/passive-authentication.js';
import { buildDocumentFiles, syntheticFaceImage } from '../../../src/sim/document-files.js';
import { TEST_PKI_VERIFY_AT } from '../../../src/sim/pki.js';
import { signer, testPki, trustStore } from './support/test-pki.js';

const SMALL_FACE = { image: syntheticFaceImage(40, 50), width: 40, height: 50 };

function revocationStatus(store: ReturnType<typeof trustStore>, files: ReturnType<typeof buildDocumentFiles>['files']): string | undefined {
  return passiveAuthentication(files, { trustStore: store, at: TEST_PKI_VERIFY_AT }).checks.find((check) => check.id === 'revocation')?.status;
}

describe('LRU cache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);

    assert.equal(cache.get('a'), 1);
    cache.set('c', 3);

    assert.equal(cache.size, 2);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
  });

  it('rejects a size below one', () => {
    assert.throws(() => new LruCache(0), RangeError);
  });
});

describe('trust store caches', () => {
  it('raises the version on every change', () => {
    const store = trustStore({ crls: false });
    const before = store.version;

    store.addCrl(testPki().crls[0]!.crl);

    assert.equal(store.version, before + 1);
  });

  it('sees a CRL loaded after a verification', () => {
    const store = trustStore({ crls: false });
    const files = buildDocumentFiles({ signer: signer('ds-revoked'), face: SMALL_FACE }).files;

    assert.equal(revocationStatus(store, files), 'skipped');

    for (const entry of testPki().crls) store.addCrl(entry.crl);

    assert.equal(revocationStatus(store, files), 'failed');
  });

  it('recomputes the chain after a CSCA is added', () => {
    const store = trustStore();
    const fingerprint = 'f'.repeat(64);
    let computed = 0;
    const compute = () => {
      computed++;
      return { status: 'unknown-issuer' } as const;
    };

    store.cachedChain(fingerprint, compute);
    store.cachedChain(fingerprint, compute);
    assert.equal(computed, 1);

    store.addCertificates(testPki().cscas[0]!.certificate);
    store.cachedChain(fingerprint, compute);
    assert.equal(computed, 2);
  });

  it('returns the same parsed certificate for the same DER', () => {
    const store = trustStore();
    const der = signer('ds-brainpoolP256r1').certificate;

    assert.equal(store.certificate(der), store.certificate(new Uint8Array(der)));
  });

  it('checks signer validity at each verification time', () => {
    const store = trustStore();
    const files = buildDocumentFiles({ signer: signer('ds-brainpoolP256r1'), face: SMALL_FACE }).files;
    const status = (at: Date) => passiveAuthentication(files, { trustStore: store, at }).checks.find((check) => check.id === 'signer-validity');

    assert.equal(status(TEST_PKI_VERIFY_AT)?.status, 'passed');
    assert.equal(status(new Date('2100-01-01T00:00:00Z'))?.threat, 'expired-signer');
    assert.equal(status(TEST_PKI_VERIFY_AT)?.status, 'passed');
  });
});
