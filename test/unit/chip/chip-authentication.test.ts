import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { answerChipAuthentication, answerChipAuthenticationDh, chipAuthenticationSuite, performChipAuthentication, readChipAuthenticationKey, readDhChipAuthenticationKey, terminalKeyFromCommandData } from '../../../src/chip/ca/index.js';
import { fromHex, toHex, uintToBytes } from '../../../src/chip/codec/bytes.js';
import { encodeTlv } from '../../../src/chip/codec/tlv.js';
import { systemRandom } from '../../../src/chip/crypto/index.js';
import { isChipError } from '../../../src/chip/errors.js';
import type { ApduChannel, CommandApdu } from '../../../src/chip/iso7816/index.js';
import { encodeDg14 } from '../../../src/chip/lds/dg14.js';
import { mrzInformation } from '../../../src/chip/mrz/index.js';
import { dhGroupForParameterId, ecDomainByName, encodeOidContent, encodePoint, modPow, randomPrivateKey } from '../../../src/chip/pace/index.js';
import { readCard } from '../../../src/chip/reader/index.js';
import type { SecureMessaging } from '../../../src/chip/sm/index.js';
import { CCCD_CARD_ACCESS, syntheticFile, TestCard } from './support/test-card.js';

const CA_ECDH_AES_128 = '0.4.0.127.0.7.2.2.3.2.2';
const CA_ECDH_3DES = '0.4.0.127.0.7.2.2.3.2.1';
const PK_ECDH = '0.4.0.127.0.7.2.2.1.2';

// SubjectPublicKeyInfo of an EC key: id-ecPublicKey with a named curve, and the uncompressed point.
const CURVE_OIDS: Record<string, string> = { brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7', brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11', prime256v1: '1.2.840.10045.3.1.7' };

function staticKey(curve: string): { spki: Uint8Array; privateKey: bigint } {
  const domain = ecDomainByName(curve);
  assert.ok(domain);
  const privateKey = randomPrivateKey(domain, systemRandom);
  const point = encodePoint(domain.Point.BASE.multiply(privateKey));
  const algorithm = encodeTlv(0x30, [encodeTlv(0x06, encodeOidContent('1.2.840.10045.2.1')), encodeTlv(0x06, encodeOidContent(CURVE_OIDS[curve] as string))]);

  return { spki: encodeTlv(0x30, [algorithm, encodeTlv(0x03, [Uint8Array.of(0), point])]), privateKey };
}

function dg14(protocolOid: string, spki: Uint8Array): Uint8Array {
  const caInfo = encodeTlv(0x30, [encodeTlv(0x06, encodeOidContent(protocolOid)), encodeTlv(0x02, Uint8Array.of(1))]);
  const keyInfo = encodeTlv(0x30, [encodeTlv(0x06, encodeOidContent(PK_ECDH)), spki]);
  return encodeDg14(encodeTlv(0x31, [caInfo, keyInfo]));
}

describe('chip authentication', () => {
  it('names the suites', () => {
    assert.deepEqual(chipAuthenticationSuite(CA_ECDH_AES_128), { oid: CA_ECDH_AES_128, agreement: 'ECDH', keyAlgorithm: 'AES-128' });
    assert.equal(chipAuthenticationSuite(CA_ECDH_3DES).keyAlgorithm, 'DESede');
    assert.throws(() => chipAuthenticationSuite('0.4.0.127.0.7.2.2.4.2.2'), (error: unknown) => isChipError(error, 'CA_UNSUPPORTED'));
  });

  for (const [protocolOid, curve] of [[CA_ECDH_AES_128, 'brainpoolP256r1'], [CA_ECDH_3DES, 'prime256v1'], ['0.4.0.127.0.7.2.2.3.2.4', 'brainpoolP384r1']] as const) {
    it(`agrees on new keys with ${protocolOid.split('.').at(-1)} on ${curve}`, async () => {
      const key = staticKey(curve);
      const sent: CommandApdu[] = [];
      let chipSession: SecureMessaging | null = null;
      const channel: ApduChannel = {
        async send(command) {
          sent.push(command);

          if (command.ins === 0x86 || command.p2 === 0xa6) {
            chipSession = answerChipAuthentication(protocolOid, curve, key.privateKey, terminalKeyFromCommandData(command.data ?? new Uint8Array(0)));
          }

          return { data: new Uint8Array(0), sw: 0x9000 };
        },
      };
      const result = await performChipAuthentication(channel, { protocolOid, publicKeyInfo: key.spki, random: systemRandom });

      assert.equal(readChipAuthenticationKey(key.spki).domain, ecDomainByName(curve));
      assert.deepEqual(sent.map((command) => `${command.p1.toString(16)}${command.p2.toString(16)}`), protocolOid === CA_ECDH_3DES ? ['41a6'] : ['41a4', '00']);
      assert.ok(chipSession);

      const plain = (chipSession as SecureMessaging).unprotectCommand(result.secureMessaging.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 }));
      assert.equal(plain.ne, 4);
    });
  }

  it('runs inside a card read after PACE and after BAC', async () => {
    for (const [protocolOid, useCan] of [[CA_ECDH_AES_128, true], [CA_ECDH_3DES, false]] as const) {
      const key = staticKey('brainpoolP256r1');
      const files = { 0x011c: CCCD_CARD_ACCESS, 0x011e: syntheticFile(0x60, 20), 0x010e: dg14(protocolOid, key.spki), 0x0101: syntheticFile(0x61, 93) };
      const mrz = mrzInformation({ documentNumber: '099012345', birthDate: '990101', expiryDate: '390101' });
      const card = new TestCard({ files, can: '012345', mrzInformation: mrz, chipAuthentication: { protocolOid, curve: 'brainpoolP256r1', privateKey: key.privateKey } });
      const result = await readCard(card, { ...(useCan ? { can: '012345' } : { mrz }), files: ['EF.COM', 'DG14'], chipAuthentication: true });

      assert.equal(result.steps.at(-1)?.name, 'chip authentication');
      assert.equal(result.steps.at(-1)?.status, 'done');
      assert.equal(toHex(result.dump.files.DG14 ?? new Uint8Array(0)), toHex(files[0x010e]));
    }
  });

  it('fails when the chip lacks the private key', async () => {
    const key = staticKey('brainpoolP256r1');
    const impostor = staticKey('brainpoolP256r1');
    const files = { 0x011c: CCCD_CARD_ACCESS, 0x011e: syntheticFile(0x60, 20), 0x010e: dg14(CA_ECDH_AES_128, key.spki) };
    const card = new TestCard({ files, can: '012345', mrzInformation: '', chipAuthentication: { protocolOid: CA_ECDH_AES_128, curve: 'brainpoolP256r1', privateKey: impostor.privateKey } });

    await assert.rejects(readCard(card, { can: '012345', files: ['DG14'], chipAuthentication: true }), (error: unknown) => isChipError(error) && error.context.step === 'chip authentication');
  });

  it('rejects command data without a key', () => {
    assert.throws(() => terminalKeyFromCommandData(fromHex('7C00')), (error: unknown) => isChipError(error, 'CA_FAILED'));
  });
});

describe('chip authentication with DH', () => {
  // A static key in the RFC 5114 1024-bit group, in an X9.42 (dhpublicnumber) SubjectPublicKeyInfo.
  const group = dhGroupForParameterId(0);
  const privateKey = 0x1234567890abcdef1234567890abcdef12345678n;
  const integer = (value: bigint): Uint8Array => {
    const bytes = fromHex(value.toString(16).padStart(Math.ceil(value.toString(16).length / 2) * 2, '0'));
    return encodeTlv(0x02, (bytes[0] as number) & 0x80 ? Uint8Array.from([0, ...bytes]) : bytes);
  };
  const parameters = encodeTlv(0x30, [integer(group.p), integer(group.g), integer(group.q)]);
  const spki = encodeTlv(0x30, [
    encodeTlv(0x30, [encodeTlv(0x06, encodeOidContent('1.2.840.10046.2.1')), parameters]),
    encodeTlv(0x03, [Uint8Array.of(0), integer(modPow(group.g, privateKey, group.p))]),
  ]);

  for (const protocolOid of ['0.4.0.127.0.7.2.2.3.1.1', '0.4.0.127.0.7.2.2.3.1.2']) {
    it(`agrees on new keys with ${protocolOid.split('.').at(-1)}`, async () => {
      const key = readDhChipAuthenticationKey(spki);
      assert.ok(key);
      assert.equal(key.domain.length, 128);

      let chipSession: SecureMessaging | null = null;
      const channel: ApduChannel = {
        async send(command) {
          if (command.ins === 0x86 || command.p2 === 0xa6) {
            chipSession = answerChipAuthenticationDh(protocolOid, key.domain, privateKey, terminalKeyFromCommandData(command.data ?? new Uint8Array(0)));
          }

          return { data: new Uint8Array(0), sw: 0x9000 };
        },
      };
      const result = await performChipAuthentication(channel, { protocolOid, publicKeyInfo: spki, random: systemRandom });

      assert.equal(result.terminalEphemeralPublicKey.length, 128);
      assert.ok(chipSession);
      assert.equal((chipSession as SecureMessaging).unprotectCommand(result.secureMessaging.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 8 })).ne, 8);
    });
  }

  it('rejects a terminal key outside the subgroup', () => {
    const key = readDhChipAuthenticationKey(spki);
    assert.ok(key);

    assert.throws(() => answerChipAuthenticationDh('0.4.0.127.0.7.2.2.3.1.2', key.domain, privateKey, uintToBytes(group.p - 1n, 128)), (error: unknown) => isChipError(error, 'CA_FAILED'));
  });

  it('returns null for an EC key', () => {
    assert.equal(readDhChipAuthenticationKey(staticKey('brainpoolP256r1').spki), null);
  });
});
