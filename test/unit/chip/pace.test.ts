// Known-answer test from ICAO Doc 9303 Part 11 (eighth edition, 2021), Appendix G.1: "ECDH based
// example" of PACE with generic mapping, id-PACE-ECDH-GM-AES-CBC-CMAC-128 on brainpoolP256r1
// (parameter id 13), password from the MRZ. Hex is laid out as printed there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bytesToBigInt, fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { fixedRandom, systemRandom } from '../../../src/chip/crypto/index.js';
import { isChipError } from '../../../src/chip/errors.js';
import { decodeCommandApdu, encodeResponseApdu, PlainChannel, type CardTransport } from '../../../src/chip/iso7816/index.js';
import { mrzInformation } from '../../../src/chip/mrz/index.js';
import {
  computeAuthenticationToken,
  computeSharedSecret,
  decryptNonce,
  derivePaceSessionKeys,
  derivePasswordKey,
  ecDomainForParameterId,
  encodePoint,
  encryptNonce,
  mapGenerator,
  PaceChip,
  performPace,
  type PacePassword,
} from '../../../src/chip/pace/index.js';

const OID_ECDH_GM_AES_128 = '0.4.0.127.0.7.2.2.4.2.2';
const PASSWORD: PacePassword = { kind: 'MRZ', mrzInformation: mrzInformation({ documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' }) };
const NONCE = fromHex('3F00C4D3 9D153F2B 2A214A07 8D899B22');
const ENCRYPTED_NONCE = fromHex('95A3A016 522EE98D 01E76CB6 B98B42C3');
const TERMINAL_MAPPING_KEY = fromHex('7F4EF07B 9EA82FD7 8AD689B3 8D0BC78C F21F249D 953BC46F 4C6E1925 9C010F99');
const CHIP_MAPPING_KEY = fromHex('498FF497 56F2DC15 87840041 839A8598 2BE7761D 14715FB0 91EFA7BC E9058560');
const TERMINAL_EPHEMERAL_KEY = fromHex('A73FB703 AC1436A1 8E0CFA5A BB3F7BEC 7A070E7A 6788486B EE230C4A 22762595');
const CHIP_EPHEMERAL_KEY = fromHex('107CF586 96EF6155 053340FD 633392BA 81909DF7 B9706F22 6F32086C 7AFF974A');
const MAPPED_GENERATOR = fromHex(`04
  8CED63C9 1426D4F0 EB1435E7 CB1D74A4 6723A0AF 21C89634 F65A9AE8 7A9265E2
  8C879506 743F8611 AC33645C 5B985C80 B5F09A0B 83407C1B 6A4D857A E76FE522`);
const SHARED_SECRET = fromHex('28768D20 701247DA E81804C9 E780EDE5 82A9996D B4A31502 0B273319 7DB84925');

describe('PACE ECDH generic mapping (Doc 9303 Part 11 Appendix G.1)', () => {
  const domain = ecDomainForParameterId(13);

  it('derives Kπ and decrypts the nonce', () => {
    const passwordKey = derivePasswordKey(PASSWORD, 'AES-128');

    assert.equal(toHex(passwordKey), '89DED1B26624EC1E634C1989302849DD');
    assert.equal(toHex(decryptNonce(passwordKey, ENCRYPTED_NONCE, 'AES-128')), toHex(NONCE));
    assert.equal(toHex(encryptNonce(passwordKey, NONCE, 'AES-128')), toHex(ENCRYPTED_NONCE));
  });

  it('maps the generator on both sides', () => {
    const terminalMapping = domain.Point.BASE.multiply(bytesToBigInt(TERMINAL_MAPPING_KEY));
    const chipMapping = domain.Point.BASE.multiply(bytesToBigInt(CHIP_MAPPING_KEY));

    assert.equal(toHex(encodePoint(mapGenerator(domain, NONCE, bytesToBigInt(TERMINAL_MAPPING_KEY), chipMapping))), toHex(MAPPED_GENERATOR));
    assert.equal(toHex(encodePoint(mapGenerator(domain, NONCE, bytesToBigInt(CHIP_MAPPING_KEY), terminalMapping))), toHex(MAPPED_GENERATOR));
  });

  it('agrees on the shared secret, keys and tokens', () => {
    const generator = domain.Point.fromBytes(MAPPED_GENERATOR);
    const terminalPublic = generator.multiply(bytesToBigInt(TERMINAL_EPHEMERAL_KEY));
    const chipPublic = generator.multiply(bytesToBigInt(CHIP_EPHEMERAL_KEY));
    const secret = computeSharedSecret(domain, bytesToBigInt(TERMINAL_EPHEMERAL_KEY), chipPublic);

    assert.equal(toHex(secret), toHex(SHARED_SECRET));
    assert.equal(toHex(computeSharedSecret(domain, bytesToBigInt(CHIP_EPHEMERAL_KEY), terminalPublic)), toHex(SHARED_SECRET));

    const keys = derivePaceSessionKeys(secret, 'AES-128');

    assert.equal(toHex(keys.ksEnc), 'F5F0E35C0D7161EE6724EE513A0D9A7F');
    assert.equal(toHex(keys.ksMac), 'FE251C7858B356B24514B3BD5F4297D1');
    assert.equal(toHex(computeAuthenticationToken(keys.ksMac, 'AES-128', OID_ECDH_GM_AES_128, encodePoint(chipPublic))), 'C2B0BD78D94BA866');
    assert.equal(toHex(computeAuthenticationToken(keys.ksMac, 'AES-128', OID_ECDH_GM_AES_128, encodePoint(terminalPublic))), '3ABB9674BCE93C08');
  });

  it('runs terminal against chip with the printed randomness', async () => {
    const chip = new PaceChip({ password: PASSWORD, protocolOid: OID_ECDH_GM_AES_128, parameterId: 13, random: fixedRandom(NONCE, CHIP_MAPPING_KEY, CHIP_EPHEMERAL_KEY) });
    const commands: string[] = [];
    const transport: CardTransport = {
      async transmit(bytes) {
        const command = decodeCommandApdu(bytes);
        commands.push(toHex(bytes.subarray(0, 4)));

        if (command.ins === 0x22) {
          assert.equal(toHex(command.data ?? new Uint8Array(0)), '800A04007F0007020204020283010184010D');
          return encodeResponseApdu({ data: new Uint8Array(0), sw: 0x9000 });
        }

        return encodeResponseApdu({ data: chip.respond(command.data ?? new Uint8Array(0)), sw: 0x9000 });
      },
    };

    const result = await performPace(new PlainChannel(transport), {
      password: PASSWORD,
      protocolOid: OID_ECDH_GM_AES_128,
      parameterId: 13,
      random: fixedRandom(TERMINAL_MAPPING_KEY, TERMINAL_EPHEMERAL_KEY),
    });

    assert.deepEqual(commands, ['0022C1A4', '10860000', '10860000', '10860000', '00860000']);
    assert.equal(chip.established, true);

    const chipSession = chip.secureMessaging();
    const command = chipSession.unprotectCommand(result.secureMessaging.protectCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') }));

    assert.equal(toHex(command.data ?? new Uint8Array(0)), '011E');
    assert.equal(toHex(result.secureMessaging.ssc), '00000000000000000000000000000001');
  });
});

describe('PACE with a CAN', () => {
  const cases: [number, string][] = [
    [12, '0.4.0.127.0.7.2.2.4.2.2'],
    [13, '0.4.0.127.0.7.2.2.4.2.3'],
    [15, '0.4.0.127.0.7.2.2.4.2.4'],
    [16, '0.4.0.127.0.7.2.2.4.2.2'],
    [17, '0.4.0.127.0.7.2.2.4.2.4'],
    [13, '0.4.0.127.0.7.2.2.4.2.1'],
  ];

  for (const [parameterId, oid] of cases) {
    it(`opens a session on parameter ${parameterId} with ${oid.split('.').at(-1)}`, async () => {
      const password: PacePassword = { kind: 'CAN', can: '012345' };
      const chip = new PaceChip({ password, protocolOid: oid, parameterId, random: systemRandom });
      const transport: CardTransport = {
        async transmit(bytes) {
          const command = decodeCommandApdu(bytes);

          if (command.ins === 0x22) {
            assert.ok(toHex(command.data ?? new Uint8Array(0)).endsWith(`8301028401${parameterId.toString(16).toUpperCase().padStart(2, '0')}`));
            return encodeResponseApdu({ data: new Uint8Array(0), sw: 0x9000 });
          }

          return encodeResponseApdu({ data: chip.respond(command.data ?? new Uint8Array(0)), sw: 0x9000 });
        },
      };
      const result = await performPace(new PlainChannel(transport), { password, protocolOid: oid, parameterId, random: systemRandom });
      const chipSession = chip.secureMessaging();
      const response = result.secureMessaging.unprotectResponse(chipSession.protectResponse({ data: fromHex('0102'), sw: 0x9000 }));

      assert.equal(toHex(response.data), '0102');
    });
  }

  it('fails with a wrong CAN', async () => {
    const chip = new PaceChip({ password: { kind: 'CAN', can: '012345' }, protocolOid: OID_ECDH_GM_AES_128, parameterId: 13, random: systemRandom });
    const transport: CardTransport = {
      async transmit(bytes) {
        const command = decodeCommandApdu(bytes);

        if (command.ins === 0x22) return encodeResponseApdu({ data: new Uint8Array(0), sw: 0x9000 });

        try {
          return encodeResponseApdu({ data: chip.respond(command.data ?? new Uint8Array(0)), sw: 0x9000 });
        } catch {
          return encodeResponseApdu({ data: new Uint8Array(0), sw: 0x6300 });
        }
      },
    };

    await assert.rejects(
      performPace(new PlainChannel(transport), { password: { kind: 'CAN', can: '543210' }, protocolOid: OID_ECDH_GM_AES_128, parameterId: 13, random: systemRandom }),
      (error: unknown) => isChipError(error, 'PACE_FAILED'),
    );
  });

  it('derives the CCCD sample Kπ', () => {
    assert.equal(toHex(derivePasswordKey({ kind: 'CAN', can: '012345' }, 'AES-128')), '5E5CD537047973C8F8BFDEA168324EC0');
  });
});
