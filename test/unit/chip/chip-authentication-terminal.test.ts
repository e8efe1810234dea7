// The terminal side of chip authentication as pure functions: commands, session keys, and a
// protected command and response under the new keys, for a terminal that does not hold the card.
// The key derivation is checked with the ICAO Doc 9303 Part 11 Appendix G.1 (PACE) values that
// pace.test.ts uses, because chip authentication uses the same KDF as PACE. No worked example of
// a whole chip authentication run was at hand, so the rest are round trips against the chip side.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  answerChipAuthentication, answerChipAuthenticationDh, chipAuthenticationCommands, deriveChipAuthenticationSessionKeys, readDhChipAuthenticationKey,
  startTerminalChipAuthentication, terminalKeyFromCommandData,
} from '../../../src/chip/ca/index.js';
import { fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { encodeTlv } from '../../../src/chip/codec/tlv.js';
import { systemRandom } from '../../../src/chip/crypto/index.js';
import { isChipError } from '../../../src/chip/errors.js';
import { encodeCommandApdu, readBinaryShortFileCommand } from '../../../src/chip/iso7816/index.js';
import { dhGroupForParameterId, ecDomainByName, encodeOidContent, encodePoint, modPow, randomPrivateKey } from '../../../src/chip/pace/index.js';
import type { SecureMessaging } from '../../../src/chip/sm/index.js';

const CA_ECDH_AES_128 = '0.4.0.127.0.7.2.2.3.2.2';
const CA_ECDH_3DES = '0.4.0.127.0.7.2.2.3.2.1';
const CA_DH_AES_128 = '0.4.0.127.0.7.2.2.3.1.2';
const NO_DATA = new Uint8Array(0);

function ecStaticKey(curve = 'brainpoolP256r1'): { spki: Uint8Array; privateKey: bigint } {
  const domain = ecDomainByName(curve);
  assert.ok(domain);
  const privateKey = randomPrivateKey(domain, systemRandom);
  const curveOid = curve === 'brainpoolP256r1' ? '1.3.36.3.3.2.8.1.1.7' : '1.2.840.10045.3.1.7';
  const algorithm = encodeTlv(0x30, [encodeTlv(0x06, encodeOidContent('1.2.840.10045.2.1')), encodeTlv(0x06, encodeOidContent(curveOid))]);

  return { spki: encodeTlv(0x30, [algorithm, encodeTlv(0x03, [Uint8Array.of(0), encodePoint(domain.Point.BASE.multiply(privateKey))])]), privateKey };
}

/** Runs the chip side on the commands, as the card does after receiving them in its old session. */
function chipSessionFor(protocolOid: string, curve: string, privateKey: bigint, commands: { data?: Uint8Array }[]): SecureMessaging {
  const last = commands.at(-1);
  assert.ok(last);
  return answerChipAuthentication(protocolOid, curve, privateKey, terminalKeyFromCommandData(last.data ?? NO_DATA));
}

/** Sends one protected READ BINARY from `terminal` to `chip` and returns the chip's protected response to it. */
function exchangeProbe(terminal: SecureMessaging, chip: SecureMessaging, content: Uint8Array): Uint8Array {
  const command = chip.unprotectCommand(terminal.protectCommand(readBinaryShortFileCommand(0x0e, 0, content.length)));
  assert.equal(command.p1, 0x8e);
  assert.equal(command.ne, content.length);
  return chip.protectResponse({ data: content, sw: 0x9000 }, command.ins);
}

describe('chip authentication terminal functions', () => {
  it('derives session keys (Doc 9303 Appendix G.1)', () => {
    const sharedSecret = fromHex('28768D20 701247DA E81804C9 E780EDE5 82A9996D B4A31502 0B273319 7DB84925');
    const keys = deriveChipAuthenticationSessionKeys(sharedSecret, 'AES-128');

    assert.equal(toHex(keys.ksEnc), 'F5F0E35C0D7161EE6724EE513A0D9A7F');
    assert.equal(toHex(keys.ksMac), 'FE251C7858B356B24514B3BD5F4297D1');
  });

  it('builds MSE:Set AT and GENERAL AUTHENTICATE for AES', () => {
    const key = fromHex('04 0102');
    const [setAt, authenticate, ...rest] = chipAuthenticationCommands(CA_ECDH_AES_128, key);

    assert.equal(rest.length, 0);
    assert.ok(setAt, 'MSE:Set AT is built');
    assert.ok(authenticate, 'GENERAL AUTHENTICATE is built');
    assert.equal(toHex(encodeCommandApdu(setAt)), toHex(fromHex('002241A40C 800A 04007F00070202030202')));
    assert.equal(toHex(encodeCommandApdu(authenticate)), toHex(fromHex('0086000007 7C05 8003 040102 00')));
  });

  it('builds MSE:Set KAT for 3DES with a key id', () => {
    const commands = chipAuthenticationCommands(CA_ECDH_3DES, fromHex('04AABB'), 2);

    assert.equal(commands.length, 1);
    assert.equal(toHex(encodeCommandApdu(commands[0] as never)), toHex(fromHex('002241A608 9103 04AABB 840102')));
  });

  it('rejects a key agreement OID that is not chip authentication', () => {
    assert.throws(() => chipAuthenticationCommands('0.4.0.127.0.7.2.2.4.2.2', fromHex('04')), (error: unknown) => isChipError(error, 'CA_UNSUPPORTED'));
  });

  for (const [protocolOid, curve] of [[CA_ECDH_AES_128, 'brainpoolP256r1'], [CA_ECDH_3DES, 'prime256v1']] as const) {
    it(`round trip of a protected read with ${protocolOid.split('.').at(-1)} on ${curve}`, () => {
      const key = ecStaticKey(curve);
      const run = startTerminalChipAuthentication({ protocolOid, publicKeyInfo: key.spki, random: systemRandom });
      const chip = chipSessionFor(protocolOid, curve, key.privateKey, run.commands);
      const content = fromHex('6E82 0123 3181');

      const response = run.secureMessaging.unprotectResponse(exchangeProbe(run.secureMessaging, chip, content));

      assert.equal(response.protected, true);
      assert.equal(response.sw, 0x9000);
      assert.equal(toHex(response.data), toHex(content));
      assert.equal(toHex(terminalKeyFromCommandData(run.commands.at(-1)?.data ?? NO_DATA)), toHex(run.ephemeralPublicKey));
    });
  }

  it('round trip of a protected read with DH', () => {
    // A static key in the RFC 5114 1024-bit group, in an X9.42 (dhpublicnumber) SubjectPublicKeyInfo.
    const group = dhGroupForParameterId(0);
    const privateKey = 0x2468ace02468ace02468ace02468ace02468ace0n;
    const integer = (value: bigint): Uint8Array => {
      const hex = value.toString(16);
      const bytes = fromHex(hex.padStart(Math.ceil(hex.length / 2) * 2, '0'));
      return encodeTlv(0x02, (bytes[0] as number) & 0x80 ? Uint8Array.from([0, ...bytes]) : bytes);
    };
    const spki = encodeTlv(0x30, [
      encodeTlv(0x30, [encodeTlv(0x06, encodeOidContent('1.2.840.10046.2.1')), encodeTlv(0x30, [integer(group.p), integer(group.g), integer(group.q)])]),
      encodeTlv(0x03, [Uint8Array.of(0), integer(modPow(group.g, privateKey, group.p))]),
    ]);
    const staticKey = readDhChipAuthenticationKey(spki);
    assert.ok(staticKey);

    const run = startTerminalChipAuthentication({ protocolOid: CA_DH_AES_128, publicKeyInfo: spki, random: systemRandom });
    const chip = answerChipAuthenticationDh(CA_DH_AES_128, staticKey.domain, privateKey, terminalKeyFromCommandData(run.commands.at(-1)?.data ?? NO_DATA));
    const response = run.secureMessaging.unprotectResponse(exchangeProbe(run.secureMessaging, chip, fromHex('0102')));

    assert.equal(run.ephemeralPublicKey.length, 128);
    assert.equal(toHex(response.data), '0102');
  });

  it('chip with another private key fails the MAC', () => {
    const genuine = ecStaticKey();
    const clone = ecStaticKey();
    const run = startTerminalChipAuthentication({ protocolOid: CA_ECDH_AES_128, publicKeyInfo: genuine.spki, random: systemRandom });
    const cloneSession = chipSessionFor(CA_ECDH_AES_128, 'brainpoolP256r1', clone.privateKey, run.commands);

    // The clone cannot even read the command: its keys differ, so the command MAC fails on its side.
    assert.throws(() => cloneSession.unprotectCommand(run.secureMessaging.protectCommand(readBinaryShortFileCommand(0x0e, 0, 4))), (error: unknown) => isChipError(error, 'SM_MAC'));
  });

  it('response recorded in an earlier run fails the MAC', () => {
    const key = ecStaticKey();
    const earlier = startTerminalChipAuthentication({ protocolOid: CA_ECDH_AES_128, publicKeyInfo: key.spki, random: systemRandom });
    const recorded = exchangeProbe(earlier.secureMessaging, chipSessionFor(CA_ECDH_AES_128, 'brainpoolP256r1', key.privateKey, earlier.commands), fromHex('01020304'));

    const fresh = startTerminalChipAuthentication({ protocolOid: CA_ECDH_AES_128, publicKeyInfo: key.spki, random: systemRandom });
    fresh.secureMessaging.protectCommand(readBinaryShortFileCommand(0x0e, 0, 4));

    assert.notEqual(toHex(fresh.ephemeralPublicKey), toHex(earlier.ephemeralPublicKey));
    assert.throws(() => fresh.secureMessaging.unprotectResponse(recorded), (error: unknown) => isChipError(error, 'SM_MAC'));
  });

  it('READ BINARY with a short EF identifier', () => {
    assert.equal(toHex(encodeCommandApdu(readBinaryShortFileCommand(0x0e, 0, 16))), '00B08E0010');
    assert.throws(() => readBinaryShortFileCommand(31, 0, 16), (error: unknown) => isChipError(error, 'BAD_INPUT'));
    assert.throws(() => readBinaryShortFileCommand(1, 256, 16), (error: unknown) => isChipError(error, 'BAD_INPUT'));
  });
});
