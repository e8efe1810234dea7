// Two virtual cards in the two vpcd reader slots at once: the host chooses each by reader name
// and reads the card that is in it, and a removal in one reader leaves the other card readable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isChipError } from '../../../src/chip/errors.js';
import { readCard } from '../../../src/chip/reader/index.js';
import { isPcscError } from '../../../src/pcsc/errors.js';
import { PcscContext } from '../../../src/pcsc/pcsc-context.js';
import { buildCardImage, virtualCardFromImage } from '../../../src/sim/card-image.js';
import { insertIntoVpcd, VPCD_DEFAULT_PORT } from '../../../src/sim/vpcd.js';
import '../../support/pcsc-exit.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';
import { errorCauses, samplePerson, testPki } from '../../support/virtual-cards.js';
import { lockVpcd } from '../../support/vpcd-lock.js';

describe('two vpcd readers', () => {
  it('reads each card by reader name', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const first = await buildCardImage({ person: samplePerson('tran-thi-bich-ngoc'), pki: testPki() });
    const second = await buildCardImage({ person: samplePerson('vu-quoc-khanh'), pki: testPki() });
    const lock = await lockVpcd();
    const context = new PcscContext();
    context.on('error', () => undefined);
    const insertions = [
      await insertIntoVpcd(virtualCardFromImage(first), { port: VPCD_DEFAULT_PORT }),
      await insertIntoVpcd(virtualCardFromImage(second), { port: VPCD_DEFAULT_PORT + 1 }),
    ];

    try {
      const cardOne = await context.waitForCard({ reader: 'Virtual PCD 00 00', timeoutMs: 15_000 });
      const cardTwo = await context.waitForCard({ reader: 'Virtual PCD 00 01', timeoutMs: 15_000 });

      assert.equal(cardOne.readerName, 'Virtual PCD 00 00');
      assert.equal(cardTwo.readerName, 'Virtual PCD 00 01');

      const [readOne, readTwo] = await Promise.all([
        readCard(cardOne.transport, { can: first.access.can }),
        readCard(cardTwo.transport, { can: second.access.can }),
      ]);

      assert.equal(Buffer.from(readOne.dump.files.DG13 as Uint8Array).includes(Buffer.from('079305001234')), true);
      assert.equal(Buffer.from(readTwo.dump.files.DG13 as Uint8Array).includes(Buffer.from('036060001122')), true);

      const removed = new Promise<string>((resolve) => context.once('card-removed', resolve));
      await insertions[0]!.remove();
      assert.equal(await removed, 'Virtual PCD 00 00');

      await assert.rejects(readCard(cardOne.transport, { can: first.access.can }), (error: unknown) => {
        assert.ok(isChipError(error, 'CARD_TRANSPORT'), String(error));
        assert.ok(errorCauses(error).some((cause) => isPcscError(cause, 'CARD_REMOVED')), String(error));
        return true;
      });

      const again = await readCard(cardTwo.transport, { can: second.access.can });
      assert.equal(again.dump.accessControl, 'PACE-CAN');
    } finally {
      for (const insertion of insertions) await insertion.remove();
      await context.waitForRemoval('Virtual PCD 00 00', 10_000);
      await context.waitForRemoval('Virtual PCD 00 01', 10_000);
      await context.close();
      await lock.release();
    }
  });
});
