// The virtual card against the published worked examples of ICAO Doc 9303 Part 11 (eighth
// edition, 2021): given the chip's random values printed there, it must send the chip's side of
// Appendix D (BAC and secure messaging) and Appendix G.1 (PACE ECDH generic mapping on
// brainpoolP256r1, AES-128). Hex is laid out as printed there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bytesToBigInt, fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { parseTlv } from '../../../src/chip/codec/tlv.js';
import { fixedRandom } from '../../../src/chip/crypto/index.js';
import { PlainChannel, type CardTransport } from '../../../src/chip/iso7816/index.js';
import { mrzInformation } from '../../../src/chip/mrz/index.js';
import { ecDomainForParameterId, encodePoint, mapGenerator, performPace } from '../../../src/chip/pace/index.js';
import { VirtualCard } from '../../../src/sim/card/virtual-card.js';
import { buildCardAccess } from '../../../src/sim/lds-builder.js';

const EF_COM = fromHex('60145F0104303130365F36063034303030305C026175');

function transportOf(card: VirtualCard, log: { command: string; response: string }[] = []): CardTransport {
  return {
    async transmit(command) {
      const response = await card.processApdu(command);
      log.push({ command: toHex(command), response: toHex(response) });
      return response;
    },
  };
}

describe('virtual card BAC (Doc 9303 Part 11 Appendix D)', () => {
  const RND_IC = fromHex('4608F91988702212');
  const K_IC = fromHex('0B4F80323EB3191CB04970CB4052790B');

  it('answers D.3 and D.4 byte for byte', async () => {
    const card = new VirtualCard({ 'EF.COM': EF_COM }, { mrzInformation: 'L898902C<369080619406236' }, { random: fixedRandom(RND_IC, K_IC) });
    const send = async (hex: string): Promise<string> => toHex(await card.processApdu(fromHex(hex)));

    assert.equal(await send('00A4040C07A0000002471001'), '9000');
    assert.equal(await send('0084000008'), '4608F919887022129000');
    assert.equal(
      await send('0082000028 72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7 28'),
      '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449' + '9000',
    );
    assert.equal(card.secured, true);

    assert.equal(await send('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800'), '990290008E08FA855A5D4C50A8ED9000');
    assert.equal(await send('0CB000000D9701048E08ED6705417E96BA5500'), '8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');
    assert.equal(
      await send('0CB000040D9701128E082EA28A70F3C7B53500'),
      '871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000',
    );
  });

  it('answers 6300 to a wrong MRZ', async () => {
    const card = new VirtualCard({ 'EF.COM': EF_COM }, { mrzInformation: 'L898902C<369080619406237' }, { random: fixedRandom(RND_IC, K_IC) });

    await card.processApdu(fromHex('0084000008'));
    const response = await card.processApdu(fromHex('008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728'));

    assert.equal(toHex(response), '6300');
    assert.equal(card.secured, false);
  });

  it('drops the session on a wrong MAC', async () => {
    const card = new VirtualCard({ 'EF.COM': EF_COM }, { mrzInformation: 'L898902C<369080619406236' }, { random: fixedRandom(RND_IC, K_IC) });

    await card.processApdu(fromHex('00A4040C07A0000002471001'));
    await card.processApdu(fromHex('0084000008'));
    await card.processApdu(fromHex('008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728'));
    const response = await card.processApdu(fromHex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F900'));

    assert.equal(toHex(response), '6988');
    assert.equal(card.secured, false);
  });
});

describe('virtual card PACE (Doc 9303 Part 11 Appendix G.1)', () => {
  const OID = '0.4.0.127.0.7.2.2.4.2.2';
  const NONCE = fromHex('3F00C4D3 9D153F2B 2A214A07 8D899B22');
  const TERMINAL_MAPPING_KEY = fromHex('7F4EF07B 9EA82FD7 8AD689B3 8D0BC78C F21F249D 953BC46F 4C6E1925 9C010F99');
  const CHIP_MAPPING_KEY = fromHex('498FF497 56F2DC15 87840041 839A8598 2BE7761D 14715FB0 91EFA7BC E9058560');
  const TERMINAL_EPHEMERAL_KEY = fromHex('A73FB703 AC1436A1 8E0CFA5A BB3F7BEC 7A070E7A 6788486B EE230C4A 22762595');
  const CHIP_EPHEMERAL_KEY = fromHex('107CF586 96EF6155 053340FD 633392BA 81909DF7 B9706F22 6F32086C 7AFF974A');
  const MRZ_INFORMATION = mrzInformation({ documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' });

  it('sends the chip side of G.1 with the printed randomness', async () => {
    const card = new VirtualCard(
      { 'EF.CardAccess': buildCardAccess() },
      { mrzInformation: MRZ_INFORMATION },
      { random: fixedRandom(NONCE, CHIP_MAPPING_KEY, CHIP_EPHEMERAL_KEY) },
    );
    const log: { command: string; response: string }[] = [];
    const result = await performPace(new PlainChannel(transportOf(card, log)), {
      password: { kind: 'MRZ', mrzInformation: MRZ_INFORMATION },
      protocolOid: OID,
      parameterId: 13,
      random: fixedRandom(TERMINAL_MAPPING_KEY, TERMINAL_EPHEMERAL_KEY),
    });
    const domain = ecDomainForParameterId(13);
    const chipObject = (index: number): string => {
      const response = fromHex(log[index]!.response);
      assert.equal(toHex(response.subarray(response.length - 2)), '9000');
      return toHex(parseTlv(response.subarray(0, response.length - 2)).children[0]!.value);
    };
    const mappedGenerator = mapGenerator(domain, NONCE, bytesToBigInt(TERMINAL_MAPPING_KEY), domain.Point.BASE.multiply(bytesToBigInt(CHIP_MAPPING_KEY)));

    assert.equal(log.length, 5);
    assert.equal(log[0]!.response, '9000', 'MSE:Set AT');
    assert.equal(chipObject(1), '95A3A016522EE98D01E76CB6B98B42C3', 'encrypted nonce');
    assert.equal(chipObject(2), toHex(encodePoint(domain.Point.BASE.multiply(bytesToBigInt(CHIP_MAPPING_KEY)))), 'chip mapping key');
    assert.equal(toHex(encodePoint(mappedGenerator)).slice(2, 66), '8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2');
    assert.equal(chipObject(3), toHex(encodePoint(mappedGenerator.multiply(bytesToBigInt(CHIP_EPHEMERAL_KEY)))), 'chip ephemeral key');
    assert.equal(chipObject(4), '3ABB9674BCE93C08', 'chip authentication token T_IC');
    assert.equal(card.secured, true);

    const selectEfCom = result.secureMessaging.protectCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: fromHex('A0000002471001') });
    const answer = result.secureMessaging.unprotectResponse(await card.processApdu(selectEfCom));
    assert.equal(answer.sw, 0x9000);
  });

  it('answers 6300 at the token to a wrong CAN', async () => {
    const card = new VirtualCard({ 'EF.CardAccess': buildCardAccess() }, { can: '123456' });

    await assert.rejects(
      performPace(new PlainChannel(transportOf(card)), { password: { kind: 'CAN', can: '654321' }, protocolOid: OID, parameterId: 13, random: fixedRandom(TERMINAL_MAPPING_KEY, TERMINAL_EPHEMERAL_KEY) }),
      /6300/,
    );
    assert.equal(card.secured, false);
  });

  it('rejects PACE with the MRZ when configured so', async () => {
    const card = new VirtualCard({ 'EF.CardAccess': buildCardAccess() }, { mrzInformation: MRZ_INFORMATION }, { rejectPaceWithMrz: true });
    const response = await card.processApdu(fromHex('0022C1A412800A04007F0007020204020283010184010D'));

    assert.equal(toHex(response), '6982');
  });
});
