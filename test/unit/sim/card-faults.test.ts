// Each named fault of the virtual card makes the genuine reader or verifier fail with its own
// error or threat. The card is read in-process here; test/pcsc repeats the runtime faults
// through pcscd.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isChipError } from '../../../src/chip/errors.js';
import { readCard } from '../../../src/chip/reader/index.js';
import { virtualCardFromImage } from '../../../src/sim/card-image.js';
import { CARD_FAULTS, parseCardFault } from '../../../src/sim/card/faults.js';
import { CardPulledOutError } from '../../../src/sim/card/virtual-card.js';
import { directTransport, errorCauses, failedThreats, freshNonce, runChipAuthentication, sampleCardImage, verifyWithTestPki } from '../../support/virtual-cards.js';


async function readAndVerify(faults: string[]): Promise<string[]> {
  const image = await sampleCardImage({ faults: faults.map(parseCardFault) });
  const nonce = freshNonce();
  const read = await readCard(directTransport(virtualCardFromImage(image)), { can: image.access.can, activeAuthenticationNonce: nonce });
  return failedThreats(await verifyWithTestPki(read.dump, nonce));
}

describe('virtual card faults', () => {
  it('genuine card passes every check', async () => {
    assert.deepEqual(await readAndVerify([]), []);
  });

  const verifierFaults: [string, string][] = [
    ['tampered-dg', 'tampered-file'],
    ['tampered-dg=DG13', 'tampered-file'],
    ['dg-missing-from-sod', 'file-not-in-sod'],
    ['broken-sod-signature', 'bad-signature'],
    ['expired-signer', 'expired-signer'],
    ['unknown-signer', 'unknown-issuer'],
    ['cloned-chip', 'cloned-chip'],
  ];

  for (const [fault, threat] of verifierFaults) {
    it(`${fault} fails as ${threat}`, async () => {
      const threats = await readAndVerify([fault]);

      assert.ok(threats.includes(threat), `threats: ${threats.join(', ')}`);
    });
  }

  it('cloned-chip fails chip authentication', async () => {
    const genuine = await sampleCardImage();
    const cloned = await sampleCardImage({ faults: [parseCardFault('cloned-chip')] });

    assert.equal(await runChipAuthentication(directTransport(virtualCardFromImage(genuine)), genuine), 0x9000);
    // The clone derives other session keys, so it cannot verify the next command's MAC.
    assert.equal(await runChipAuthentication(directTransport(virtualCardFromImage(cloned)), cloned), 0x6988);
  });

  it('wrong-can fails PACE', async () => {
    const image = await sampleCardImage({ faults: [parseCardFault('wrong-can')] });
    const printedCan = (await sampleCardImage()).access.can;

    await assert.rejects(readCard(directTransport(virtualCardFromImage(image)), { can: printedCan }), (error: unknown) => isChipError(error, 'PACE_FAILED'));
  });

  it('sm-error fails the read with 6988', async () => {
    const image = await sampleCardImage({ faults: [parseCardFault('sm-error=12')] });

    await assert.rejects(readCard(directTransport(virtualCardFromImage(image)), { can: image.access.can }), (error: unknown) => {
      assert.ok(isChipError(error), String(error));
      assert.equal(error.context.statusWord, '6988');
      return true;
    });
  });

  it('card-pulled-out stops answering', async () => {
    const image = await sampleCardImage({ faults: [parseCardFault('card-pulled-out=30')] });

    await assert.rejects(readCard(directTransport(virtualCardFromImage(image)), { can: image.access.can }), (error: unknown) => {
      assert.ok(isChipError(error, 'CARD_TRANSPORT'), String(error));
      const pulledOut = errorCauses(error).find((cause) => cause instanceof CardPulledOutError);
      assert.ok(pulledOut instanceof CardPulledOutError);
      assert.equal(pulledOut.apduNumber, 30);
      return true;
    });
  });

  it('slow-card delays every answer', async () => {
    const image = await sampleCardImage({ faults: [parseCardFault('slow-card=3')] });
    const read = await readCard(directTransport(virtualCardFromImage(image)), { can: image.access.can });

    assert.ok(read.durationMs >= read.apduCount * 3, `${read.durationMs} ms for ${read.apduCount} APDUs`);
  });

  it('rejects unknown fault names and values', () => {
    assert.throws(() => parseCardFault('melted'), /unknown card fault "melted"/);
    assert.throws(() => parseCardFault('tampered-dg=DG99'), /not a data group/);
    assert.throws(() => parseCardFault('cloned-chip=1'), /takes no value/);
    assert.equal(Object.keys(CARD_FAULTS).length, 10);
  });
});
