// Known-answer test from ICAO Doc 9303 Part 11 (eighth edition, 2021), Appendix G.2: "DH based
// example" of PACE with generic mapping, id-PACE-DH-GM-AES-CBC-CMAC-128 with standardised domain
// parameter 0 (RFC 5114 1024-bit MODP group), password from the MRZ. Hex is laid out as printed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bytesToBigInt, fromHex, toHex, uintToBytes } from '../../../src/chip/codec/bytes.js';
import { fixedRandom } from '../../../src/chip/crypto/index.js';
import { isChipError } from '../../../src/chip/errors.js';
import { decodeCommandApdu, encodeCommandApdu, encodeResponseApdu, PlainChannel, type CardTransport } from '../../../src/chip/iso7816/index.js';
import { mrzInformation } from '../../../src/chip/mrz/index.js';
import { decryptNonce, derivePasswordKey, dhGroupForParameterId, dhKeyAgreement, PaceChip, performPace, macPublicKeyDataObject, derivePaceSessionKeys, type PacePassword } from '../../../src/chip/pace/index.js';

const OID_DH_GM_AES_128 = '0.4.0.127.0.7.2.2.4.1.2';
const PASSWORD: PacePassword = { kind: 'MRZ', mrzInformation: mrzInformation({ documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' }) };
const ENCRYPTED_NONCE = fromHex('854D8DF5 827FA685 2D1A4FA7 01CDDDCA');
const NONCE = fromHex('FA5B7E3E 49753A0D B9178B7B 9BD898C8');
const TERMINAL_MAPPING_KEY = fromHex('5265030F 751F4AD1 8B08AC56 5FC7AC95 2E41618D');
const CHIP_MAPPING_KEY = fromHex('66DDAFEA C1609CB5 B963BB0C B3FF8B3E 047F336C');
const TERMINAL_EPHEMERAL_KEY = fromHex('89CCD99B 0E8D3B1F 11E1296D CA68EC53 411CF2CA');
const CHIP_EPHEMERAL_KEY = fromHex('A5B78012 6B7C980E 9FCEA1D4 539DA1D2 7C342DFA');
const TERMINAL_MAPPING_PUBLIC = fromHex(`
  23FB3749 EA030D2A 25B278D2 A562047A DE3F01B7 4F17A154 02CB7352 CA7D2B3E
  B71C343D B13D1DEB CE9A3666 DBCFC920 B49174A6 02CB4796 5CAA73DC 702489A4
  4D41DB91 4DE9613D C5E98C94 160551C0 DF86274B 9359BC04 90D01B03 AD54022D
  CB4F57FA D6322497 D7A1E28D 46710F46 1AFE710F BBBC5F8B A166F431 1975EC6C`);
const CHIP_MAPPING_PUBLIC = fromHex(`
  78879F57 225AA808 0D52ED0F C890A4B2 5336F699 AA89A2D3 A189654A F70729E6
  23EA5738 B26381E4 DA19E004 706FACE7 B235C2DB F2F38748 312F3C98 C2DD4882
  A41947B3 24AA1259 AC22579D B93F7085 655AF308 89DBB845 D9E6783F E42C9F24
  49400306 254C8AE8 EE9DD812 A804C0B6 6E8CAFC1 4F84D825 8950A91B 44126EE6`);
const MAPPED_GENERATOR = fromHex(`
  7C9CBFE9 8F9FBDDA 8D143506 FA7D9306 F4CB17E3 C71707AF F5E1C1A1 23702496
  84D64EE3 7AF44B8D BD9D45BF 6023919C BAA027AB 97ACC771 666C8E98 FF483301
  BFA4872D EDE9034E DFACB708 14166B7F 36067682 9B826BEA 57291B5A D69FBC84
  EF1E7790 32A30580 3F743417 93E86974 2D401325 B37EE856 5FFCDEE6 18342DC5`);
const TERMINAL_EPHEMERAL_PUBLIC = fromHex(`
  907D89E2 D425A178 AA81AF4A 7774EC8E 388C115C AE67031E 85EECE52 0BD91155
  1B9AE4D0 4369F29A 02626C86 FBC6747C C7BC3526 45B6161A 2A42D44E DA80A08F
  A8D61B76 D3A154AD 8A5A5178 6B0BC071 47057871 A922212C 5F67F431 73172236
  B7747D16 71E6D692 A3C7D40A 0C3C5CE3 97545D01 5C175EB5 130551ED BC2EE5D4`);
const CHIP_EPHEMERAL_PUBLIC = fromHex(`
  075693D9 AE941877 573E634B 6E644F8E 60AF17A0 076B8B12 3D920107 4D36152B
  D8B3A213 F53820C4 2ADC79AB 5D0AEEC3 AEFB9139 4DA476BD 97B9B14D 0A65C1FC
  71A0E019 CB08AF55 E1F72900 5FBA7E3F A5DC4189 9238A250 767A6D46 DB974064
  386CD456 743585F8 E5D90CC8 B4004B1F 6D866C79 CE0584E4 9687FF61 BC29AEA1`);
const SHARED_SECRET = fromHex(`
  6BABC7B3 A72BCD7E A385E4C6 2DB2625B D8613B24 149E146A 629311C4 CA6698E3
  8B834B6A 9E9CD718 4BA8834A FF5043D4 36950C4C 1E783236 7C10CB8C 314D40E5
  990B0DF7 013E64B4 549E2270 923D06F0 8CFF6BD3 E977DDE6 ABE4C31D 55C0FA2E
  465E553E 77BDF75E 3193D383 4FC26E8E B1EE2FA1 E4FC97C1 8C3F6CFF FE2607FD`);

describe('PACE DH generic mapping (Doc 9303 Part 11 Appendix G.2)', () => {
  const agreement = dhKeyAgreement(dhGroupForParameterId(0));

  it('decrypts the nonce and computes the public keys', () => {
    const passwordKey = derivePasswordKey(PASSWORD, 'AES-128');

    assert.equal(toHex(passwordKey), '89DED1B26624EC1E634C1989302849DD');
    assert.equal(toHex(decryptNonce(passwordKey, ENCRYPTED_NONCE, 'AES-128')), toHex(NONCE));
    assert.equal(toHex(agreement.publicKey(bytesToBigInt(TERMINAL_MAPPING_KEY), agreement.generator)), toHex(TERMINAL_MAPPING_PUBLIC));
    assert.equal(toHex(agreement.publicKey(bytesToBigInt(CHIP_MAPPING_KEY), agreement.generator)), toHex(CHIP_MAPPING_PUBLIC));
  });

  it('maps the generator and agrees on the secret', () => {
    const chipMapping = agreement.decodePublicKey(CHIP_MAPPING_PUBLIC, 'chip mapping key');
    const generator = agreement.mapGenerator(NONCE, bytesToBigInt(TERMINAL_MAPPING_KEY), chipMapping);

    assert.equal(toHex(agreement.publicKey(1n, generator)), toHex(MAPPED_GENERATOR));
    assert.equal(toHex(agreement.publicKey(bytesToBigInt(TERMINAL_EPHEMERAL_KEY), generator)), toHex(TERMINAL_EPHEMERAL_PUBLIC));
    assert.equal(toHex(agreement.publicKey(bytesToBigInt(CHIP_EPHEMERAL_KEY), generator)), toHex(CHIP_EPHEMERAL_PUBLIC));

    const secret = agreement.sharedSecret(bytesToBigInt(TERMINAL_EPHEMERAL_KEY), agreement.decodePublicKey(CHIP_EPHEMERAL_PUBLIC, 'chip key'));
    assert.equal(toHex(secret), toHex(SHARED_SECRET));

    const keys = derivePaceSessionKeys(secret, 'AES-128');
    assert.equal(toHex(macPublicKeyDataObject(keys.ksMac, 'AES-128', agreement.publicKeyDataObject(OID_DH_GM_AES_128, CHIP_EPHEMERAL_PUBLIC))), 'B46DD9BD4D98381F');
    assert.equal(toHex(macPublicKeyDataObject(keys.ksMac, 'AES-128', agreement.publicKeyDataObject(OID_DH_GM_AES_128, TERMINAL_EPHEMERAL_PUBLIC))), '917F37B5C0E6D8D1');
  });

  it('runs terminal against chip and sends the printed commands', async () => {
    const chip = new PaceChip({ password: PASSWORD, protocolOid: OID_DH_GM_AES_128, parameterId: 0, random: fixedRandom(NONCE, CHIP_MAPPING_KEY, CHIP_EPHEMERAL_KEY) });
    const sent: string[] = [];
    const transport: CardTransport = {
      async transmit(bytes) {
        sent.push(toHex(bytes));
        const command = decodeCommandApdu(bytes);

        if (command.ins === 0x22) return encodeResponseApdu({ data: new Uint8Array(0), sw: 0x9000 });

        return encodeResponseApdu({ data: chip.respond(command.data ?? new Uint8Array(0)), sw: 0x9000 });
      },
    };

    await performPace(new PlainChannel(transport), { password: PASSWORD, protocolOid: OID_DH_GM_AES_128, parameterId: 0, sendParameterId: false, random: fixedRandom(TERMINAL_MAPPING_KEY, TERMINAL_EPHEMERAL_KEY) });

    assert.equal(sent[0], '0022C1A40F800A04007F00070202040102830101');
    assert.equal(sent[1], '10860000027C0000');
    assert.equal(sent[2], toHex(encodeCommandApdu({ cla: 0x10, ins: 0x86, p1: 0, p2: 0, data: fromHex(`7C8183818180${toHex(TERMINAL_MAPPING_PUBLIC)}`), ne: 256 })));
    assert.equal(sent[4], '008600000C7C0A8508B46DD9BD4D98381F00');
    assert.equal(chip.established, true);
  });

  it('rejects a public value outside the subgroup', () => {
    const group = dhGroupForParameterId(0);
    const orderTwo = uintToBytes(group.p - 1n, 128);

    assert.throws(() => agreement.decodePublicKey(Uint8Array.of(1), 'key'), (error: unknown) => isChipError(error, 'PACE_FAILED'));
    assert.throws(() => agreement.decodePublicKey(orderTwo, 'key'), (error: unknown) => isChipError(error, 'PACE_FAILED'));
    assert.throws(() => agreement.decodePublicKey(fromHex('02'), 'key'), (error: unknown) => isChipError(error, 'PACE_FAILED'));
  });
});
