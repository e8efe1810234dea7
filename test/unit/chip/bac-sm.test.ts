// Known-answer tests from ICAO Doc 9303 Part 11 (eighth edition, 2021), Appendix D: "Worked
// example: Basic Access Control", D.2 key derivation, D.3 authentication and session keys, D.4
// secure messaging. Hex is laid out as printed there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { answerBacChip, buildBacTerminalCryptogram, completeBacTerminal, deriveBacKeys, performBac } from '../../../src/chip/bac/index.js';
import { concatBytes, fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { encryptCbc, fixedRandom, pad, retailMac, decryptCbc } from '../../../src/chip/crypto/index.js';
import { isChipError } from '../../../src/chip/errors.js';
import { PlainChannel, decodeCommandApdu, encodeResponseApdu } from '../../../src/chip/iso7816/index.js';
import { SecureMessaging } from '../../../src/chip/sm/index.js';

const MRZ_INFORMATION = 'L898902C<369080619406236';
const RND_IC = fromHex('4608F91988702212');
const RND_IFD = fromHex('781723860C06C226');
const K_IFD = fromHex('0B795240CB7049B01C19B33E32804F0B');
const K_IC = fromHex('0B4F80323EB3191CB04970CB4052790B');
const KS_ENC = fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5');
const KS_MAC = fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8');
const EXTERNAL_AUTHENTICATE_DATA = fromHex(`
  72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2
  5F1448EEA8AD90A7`);
const EXTERNAL_AUTHENTICATE_RESPONSE = fromHex(`
  46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F
  2F2D235D074D7449`);

function newTerminalSession(): SecureMessaging {
  return new SecureMessaging({ cipher: 'DESede', ksEnc: KS_ENC, ksMac: KS_MAC, ssc: fromHex('887022120C06C226') });
}

describe('BAC (Doc 9303 Part 11 Appendix D)', () => {
  it('derives the document basic access keys (D.2)', () => {
    const keys = deriveBacKeys(MRZ_INFORMATION);

    assert.equal(toHex(keys.kSeed), '239AB9CB282DAF66231DC5A4DF6BFBAE');
    assert.equal(toHex(keys.kEnc), 'AB94FDECF2674FDFB9B391F85D7F76F2');
    assert.equal(toHex(keys.kMac), '7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('derives the CCCD sample keys', () => {
    const keys = deriveBacKeys('099012345999010183901016');

    assert.equal(toHex(keys.kSeed), 'F2A47194A645E21BE092A4D83758F12B');
    assert.equal(toHex(keys.kEnc), 'DAC1641F4F083BBA3273040E7F8AC7D0');
    assert.equal(toHex(keys.kMac), '618F7619194A102CEA92A789A880237F');
    assert.equal(toHex(deriveBacKeys('203012345003020149912315').kSeed), '4A6800C53E6213EC15E8C8BA9146C234');
  });

  it('builds EXTERNAL AUTHENTICATE step by step (D.3)', () => {
    const keys = deriveBacKeys(MRZ_INFORMATION);
    const s = concatBytes(RND_IFD, RND_IC, K_IFD);
    const eIfd = encryptCbc('DESede', keys.kEnc, s);

    assert.equal(toHex(s), '781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    assert.equal(toHex(eIfd), '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    assert.equal(toHex(retailMac(keys.kMac, pad(eIfd, 8))), '5F1448EEA8AD90A7');
    assert.equal(toHex(buildBacTerminalCryptogram(keys.kEnc, keys.kMac, RND_IC, { rndIfd: RND_IFD, kIfd: K_IFD })), toHex(EXTERNAL_AUTHENTICATE_DATA));
  });

  it('checks the chip answer and derives session keys (D.3)', () => {
    const keys = deriveBacKeys(MRZ_INFORMATION);
    const r = decryptCbc('DESede', keys.kEnc, EXTERNAL_AUTHENTICATE_RESPONSE.subarray(0, 32));

    assert.equal(toHex(retailMac(keys.kMac, pad(EXTERNAL_AUTHENTICATE_RESPONSE.subarray(0, 32), 8))), '2F2D235D074D7449');
    assert.equal(toHex(r), '4608F91988702212781723860C06C2260B4F80323EB3191CB04970CB4052790B');

    const session = completeBacTerminal(keys.kEnc, keys.kMac, RND_IC, { rndIfd: RND_IFD, kIfd: K_IFD }, EXTERNAL_AUTHENTICATE_RESPONSE);

    assert.equal(toHex(session.ksEnc), toHex(KS_ENC));
    assert.equal(toHex(session.ksMac), toHex(KS_MAC));
    assert.equal(toHex(session.ssc), '887022120C06C226');
  });

  it('answers EXTERNAL AUTHENTICATE on the chip side (D.3)', () => {
    const keys = deriveBacKeys(MRZ_INFORMATION);
    const answer = answerBacChip(keys.kEnc, keys.kMac, RND_IC, K_IC, EXTERNAL_AUTHENTICATE_DATA);

    assert.equal(toHex(answer.response), toHex(EXTERNAL_AUTHENTICATE_RESPONSE));
    assert.equal(toHex(answer.session.ksEnc), toHex(KS_ENC));
    assert.equal(toHex(answer.session.ssc), '887022120C06C226');
  });

  it('rejects a terminal cryptogram with a wrong MAC', () => {
    const keys = deriveBacKeys(MRZ_INFORMATION);
    const tampered = EXTERNAL_AUTHENTICATE_DATA.slice();
    tampered[39] = (tampered[39] as number) ^ 1;

    assert.throws(() => answerBacChip(keys.kEnc, keys.kMac, RND_IC, K_IC, tampered), (error: unknown) => isChipError(error, 'BAC_FAILED'));
    assert.throws(() => completeBacTerminal(keys.kEnc, keys.kMac, RND_IC, { rndIfd: RND_IFD, kIfd: K_IFD }, tampered), (error: unknown) => isChipError(error, 'BAC_FAILED'));
  });
});

describe('3DES secure messaging (Doc 9303 Part 11 Appendix D.4)', () => {
  it('protects SELECT EF.COM step by step', () => {
    const encrypted = encryptCbc('DESede', KS_ENC, pad(fromHex('011E'), 8));
    const n = fromHex('887022120C06C227 0CA4020C80000000 8709016375432908C044F6 8000000000');

    assert.equal(toHex(pad(fromHex('0CA4020C'), 8)), '0CA4020C80000000');
    assert.equal(toHex(pad(fromHex('011E'), 8)), '011E800000000000');
    assert.equal(toHex(encrypted), '6375432908C044F6');
    assert.equal(toHex(retailMac(KS_MAC, n)), 'BF8B92D635FF24F8');

    const terminal = newTerminalSession();
    const command = terminal.protectCommand({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });

    assert.equal(toHex(command), '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    assert.equal(toHex(terminal.ssc), '887022120C06C227');

    const kInput = fromHex('887022120C06C228 9902900080000000');
    assert.equal(toHex(retailMac(KS_MAC, kInput)), 'FA855A5D4C50A8ED');

    const response = terminal.unprotectResponse(fromHex('990290008E08FA855A5D4C50A8ED9000'));

    assert.equal(response.sw, 0x9000);
    assert.equal(response.protected, true);
    assert.equal(response.data.length, 0);
    assert.equal(toHex(terminal.ssc), '887022120C06C228');
  });

  it('protects both READ BINARY commands and decrypts EF.COM', () => {
    const terminal = newTerminalSession();
    terminal.protectCommand({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    terminal.unprotectResponse(fromHex('990290008E08FA855A5D4C50A8ED9000'));

    const n = fromHex('887022120C06C229 0CB0000080000000 970104 8000000000');
    assert.equal(toHex(retailMac(KS_MAC, n)), 'ED6705417E96BA55');

    const first = terminal.protectCommand({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, ne: 4 });
    assert.equal(toHex(first), '0CB000000D9701048E08ED6705417E96BA5500');
    assert.equal(toHex(terminal.ssc), '887022120C06C229');

    const kInput = fromHex('887022120C06C22A 8709019FF0EC34F9922651 99029000');
    assert.equal(toHex(retailMac(KS_MAC, pad(kInput, 8))), 'AD55CC17140B2DED');

    const firstResponse = terminal.unprotectResponse(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'));
    assert.equal(toHex(firstResponse.data), '60145F01');
    assert.equal(toHex(terminal.ssc), '887022120C06C22A');

    const second = terminal.protectCommand({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x04, ne: 0x12 });
    assert.equal(toHex(second), '0CB000040D9701128E082EA28A70F3C7B53500');
    assert.equal(toHex(terminal.ssc), '887022120C06C22B');

    const secondResponse = terminal.unprotectResponse(fromHex(`
      871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000`));
    assert.equal(toHex(secondResponse.data), '04303130365F36063034303030305C026175');
    assert.equal(toHex(concatBytes(firstResponse.data, secondResponse.data)), '60145F0104303130365F36063034303030305C026175');
    assert.equal(toHex(terminal.ssc), '887022120C06C22C');
  });

  it('runs the chip side of the same exchange', () => {
    const chip = newTerminalSession();
    const command = chip.unprotectCommand(fromHex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800'));

    assert.equal(command.cla, 0x00);
    assert.equal(command.ins, 0xa4);
    assert.equal(toHex(command.data ?? new Uint8Array(0)), '011E');
    assert.equal(command.ne, undefined);
    assert.equal(toHex(chip.protectResponse({ data: new Uint8Array(0), sw: 0x9000 })), '990290008E08FA855A5D4C50A8ED9000');

    const read = chip.unprotectCommand(fromHex('0CB000000D9701048E08ED6705417E96BA5500'));

    assert.equal(read.ne, 4);
    assert.equal(toHex(chip.protectResponse({ data: fromHex('60145F01'), sw: 0x9000 }, read.ins)), '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');
  });

  it('keeps the SSC on a plain 6700 and rejects a plain 9000', () => {
    const terminal = newTerminalSession();
    terminal.protectCommand({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, ne: 4 });
    const plain = terminal.unprotectResponse(fromHex('6700'));

    assert.equal(plain.protected, false);
    assert.equal(plain.sw, 0x6700);
    assert.equal(toHex(terminal.ssc), '887022120C06C227');
    assert.throws(() => terminal.unprotectResponse(fromHex('9000')), (error: unknown) => isChipError(error, 'SM_RESPONSE_UNPROTECTED'));
  });

  it('rejects a response with a wrong MAC', () => {
    const terminal = newTerminalSession();
    terminal.protectCommand({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });

    assert.throws(() => terminal.unprotectResponse(fromHex('990290008E08FA855A5D4C50A8EE9000')), (error: unknown) => isChipError(error, 'SM_MAC'));
  });

  it('performs BAC over a transport with fixed randomness', async () => {
    const keys = deriveBacKeys(MRZ_INFORMATION);
    const transport = {
      async transmit(bytes: Uint8Array): Promise<Uint8Array> {
        const command = decodeCommandApdu(bytes);

        if (command.ins === 0x84) return encodeResponseApdu({ data: RND_IC, sw: 0x9000 });

        return encodeResponseApdu({ data: answerBacChip(keys.kEnc, keys.kMac, RND_IC, K_IC, command.data ?? new Uint8Array(0)).response, sw: 0x9000 });
      },
    };
    const session = await performBac(new PlainChannel(transport), MRZ_INFORMATION, fixedRandom(RND_IFD, K_IFD));

    assert.equal(toHex(session.ssc), '887022120C06C226');
    assert.equal(toHex(session.protectCommand({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') })), '0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
  });
});
