import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';

import { signActiveAuthenticationEcdsa, signActiveAuthenticationRsa, verifyActiveAuthentication } from '../../../src/chip/aa/index.js';
import { bytesToBigInt, uintToBytes } from '../../../src/chip/codec/bytes.js';
import { systemRandom } from '../../../src/chip/crypto/index.js';

const NONCE = Uint8Array.of(0x46, 0x08, 0xf9, 0x19, 0x88, 0x70, 0x22, 0x12);
const OTHER_NONCE = Uint8Array.of(0x46, 0x08, 0xf9, 0x19, 0x88, 0x70, 0x22, 0x13);

function spki(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }));
}

describe('active authentication', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('verifies RSA ISO 9796-2 with SHA-1 trailer BC', () => {
    const signature = signActiveAuthenticationRsa(rsa.privateKey, NONCE, 'SHA-1', systemRandom);
    const report = verifyActiveAuthentication({ publicKeyInfo: spki(rsa.publicKey), nonce: NONCE, signature });

    assert.equal(report.valid, true, JSON.stringify(report.checks));
    assert.equal(report.keyType, 'RSA');
    assert.equal(report.hash, 'SHA-1');
    assert.ok(report.checks.every((check) => check.passed));
  });

  for (const hash of ['SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
    it(`verifies RSA with the ${hash} trailer`, () => {
      const signature = signActiveAuthenticationRsa(rsa2048.privateKey, NONCE, hash, systemRandom);
      const report = verifyActiveAuthentication({ publicKeyInfo: spki(rsa2048.publicKey), nonce: NONCE, signature });

      assert.equal(report.valid, true, JSON.stringify(report.checks));
      assert.equal(report.hash, hash);
    });
  }

  it('accepts the n minus S signature form', () => {
    const signature = signActiveAuthenticationRsa(rsa.privateKey, NONCE, 'SHA-1', systemRandom);
    const modulus = bytesToBigInt(new Uint8Array(Buffer.from(rsa.publicKey.export({ format: 'jwk' }).n as string, 'base64url')));
    const complement = uintToBytes(modulus - bytesToBigInt(signature), 128);

    assert.equal(verifyActiveAuthentication({ publicKeyInfo: spki(rsa.publicKey), nonce: NONCE, signature: complement }).valid, true);
  });

  it('rejects an RSA signature over another nonce', () => {
    const signature = signActiveAuthenticationRsa(rsa.privateKey, NONCE, 'SHA-1', systemRandom);
    const report = verifyActiveAuthentication({ publicKeyInfo: spki(rsa.publicKey), nonce: OTHER_NONCE, signature });

    assert.equal(report.valid, false);
    assert.equal(report.checks.find((check) => !check.passed)?.name, 'message digest');
    assert.match(report.threat ?? '', /cloned chip/);
  });

  it('rejects a tampered or short RSA signature', () => {
    const signature = signActiveAuthenticationRsa(rsa.privateKey, NONCE, 'SHA-1', systemRandom);
    signature[10] = (signature[10] as number) ^ 0xff;

    assert.equal(verifyActiveAuthentication({ publicKeyInfo: spki(rsa.publicKey), nonce: NONCE, signature }).valid, false);
    assert.equal(verifyActiveAuthentication({ publicKeyInfo: spki(rsa.publicKey), nonce: NONCE, signature: signature.subarray(1) }).valid, false);
  });

  for (const curve of ['brainpoolP256r1', 'prime256v1', 'secp384r1', 'brainpoolP384r1', 'brainpoolP512r1']) {
    it(`verifies ECDSA on ${curve}, plain and DER`, () => {
      const pair = generateKeyPairSync('ec', { namedCurve: curve });
      const hash = curve.includes('512') ? 'SHA-512' : curve.includes('384') ? 'SHA-384' : 'SHA-256';

      for (const format of ['plain', 'DER'] as const) {
        const signature = signActiveAuthenticationEcdsa(pair.privateKey, NONCE, hash, format);
        const report = verifyActiveAuthentication({ publicKeyInfo: spki(pair.publicKey), nonce: NONCE, signature });

        assert.equal(report.valid, true, JSON.stringify(report.checks));
        assert.equal(report.signatureFormat, format);
        assert.equal(verifyActiveAuthentication({ publicKeyInfo: spki(pair.publicKey), nonce: OTHER_NONCE, signature }).valid, false);
      }
    });
  }

  it('takes the ECDSA hash from ActiveAuthenticationInfo', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
    const signature = signActiveAuthenticationEcdsa(pair.privateKey, NONCE, 'SHA-1');
    const named = verifyActiveAuthentication({ publicKeyInfo: spki(pair.publicKey), nonce: NONCE, signature, signatureAlgorithmOid: '0.4.0.127.0.7.1.1.4.1.1' });
    const assumed = verifyActiveAuthentication({ publicKeyInfo: spki(pair.publicKey), nonce: NONCE, signature });

    assert.equal(named.valid, true);
    assert.equal(named.hash, 'SHA-1');
    assert.equal(assumed.valid, false);
  });

  it('reports an unreadable key', () => {
    const report = verifyActiveAuthentication({ publicKeyInfo: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), nonce: NONCE, signature: new Uint8Array(64) });

    assert.equal(report.valid, false);
    assert.equal(report.checks[0]?.code, 'AA_KEY_INVALID');
  });
});
