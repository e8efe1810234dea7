import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { isPcscError } from '../../../src/pcsc/errors.js';
import { VirtualCard, VIRTUAL_CARD_ATR } from '../../../src/sim/card/virtual-card.js';
import '../../support/pcsc-exit.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';
import { withCardInReader } from '../../support/virtual-reader.js';

function statusWord(response: Uint8Array): string {
  return toHex(response.subarray(response.length - 2));
}

const DG1 = Uint8Array.from({ length: 600 }, (_, index) => index & 0xff);
const CARD_ACCESS = fromHex('3114300D060804007F00070202020201');

describe('virtual card through pcscd and vpcd', () => {
  it('answers SELECT and READ BINARY', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const card = new VirtualCard({ 'EF.CardAccess': CARD_ACCESS, DG1 }, {}, { accessControl: 'none' });

    await withCardInReader(card, async ({ card: connected }) => {
      const transmit = (hex: string): Promise<Uint8Array> => connected.transport.transmit(fromHex(hex));

      assert.equal(toHex(connected.atr), toHex(VIRTUAL_CARD_ATR));
      assert.equal(statusWord(await transmit('00A4000C023F00')), '6D00', 'SELECT MF answers 6D00 as on a CCCD');
      assert.equal(statusWord(await transmit('00A4020C02011C')), '9000');
      assert.equal(toHex(await transmit('00B0000010')), toHex(CARD_ACCESS) + '9000');
      assert.equal(statusWord(await transmit('00A4020C020101')), '6A82', 'DG1 is not in the master file');
      assert.equal(statusWord(await transmit('00A4040C07A0000002471001')), '9000');
      assert.equal(statusWord(await transmit('00A4020C020101')), '9000');

      const first = await transmit('00B00000DF');
      assert.equal(toHex(first.subarray(0, 0xdf)), toHex(DG1.subarray(0, 0xdf)));
      assert.equal(statusWord(first), '9000');

      assert.equal(statusWord(await transmit('00B0000000')), '6700', 'Le 00 (256) is above the 0xDF limit');

      const tail = await transmit('00B00200DF');
      assert.equal(tail.length, 600 - 0x200 + 2);
      assert.equal(statusWord(tail), '6282', 'reading past the end answers 6282');
      assert.equal(statusWord(await transmit('00B00258DF')), '6B00', 'an offset at the end answers 6B00');

      const odd = await transmit('00B1000004540201' + '00' + '80');
      assert.equal(toHex(odd.subarray(0, 2)), '537E', 'odd READ BINARY wraps the data in a 53 object');
      assert.equal(toHex(odd.subarray(2, odd.length - 2)), toHex(DG1.subarray(0x100, 0x17e)));

      assert.equal(statusWord(await transmit('00B0810010')), '9000', 'READ BINARY with the short file identifier of DG1');
      assert.equal(connected.transport.counters.apdus, 12);
    });
  });

  it('reads extended length only when enabled', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    for (const extendedLength of [false, true]) {
      const card = new VirtualCard({ DG1 }, {}, { accessControl: 'none', extendedLength });

      await withCardInReader(card, async ({ card: connected }) => {
        await connected.transport.transmit(fromHex('00A4040C07A0000002471001'));
        await connected.transport.transmit(fromHex('00A4020C020101'));
        const response = await connected.transport.transmit(fromHex('00B00000000258'));

        if (extendedLength) {
          assert.equal(response.length, 602);
          assert.equal(statusWord(response), '9000');
        } else {
          assert.equal(statusWord(response), '6700');
        }
      });
    }
  });

  it('reports removal as CARD_REMOVED', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const card = new VirtualCard({ DG1 }, {}, { accessControl: 'none' });

    await withCardInReader(card, async ({ context, insertion, card: connected }) => {
      const removed = new Promise<string>((resolve) => context.once('card-removed', resolve));
      await insertion.remove();

      assert.match(await removed, /Virtual PCD 00 00/);
      await assert.rejects(connected.transport.transmit(fromHex('00A4040C07A0000002471001')), (error: unknown) => {
        assert.ok(isPcscError(error, 'CARD_REMOVED'), String(error));
        return true;
      });
    });
  });
});
