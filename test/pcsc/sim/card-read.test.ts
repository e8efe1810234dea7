// Full reads of the virtual CCCD through real pcscd and the vpcd reader with the chip library's
// reader: every document signer and active authentication key type, BAC and PACE, short and
// extended length, JPEG and JPEG 2000 faces, and every named fault with its own error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isChipError } from '../../../src/chip/errors.js';
import { readCard, type ReadCardOptions } from '../../../src/chip/reader/index.js';
import { isPcscError } from '../../../src/pcsc/errors.js';
import { virtualCardFromImage, type BuildCardImageOptions, type CardImage } from '../../../src/sim/card-image.js';
import { parseCardFault } from '../../../src/sim/card/faults.js';
import '../../support/pcsc-exit.js';
import { pcscUnavailableReason, requirePart } from '../../support/require.js';
import { withCardInReader } from '../../support/virtual-reader.js';
import { errorCauses, failedThreats, freshNonce, runChipAuthentication, sampleCardImage, verifyWithTestPki } from '../../support/virtual-cards.js';

async function readThroughPcsc(image: CardImage, options: Partial<ReadCardOptions> = {}, cardOptions: Parameters<typeof virtualCardFromImage>[1] = {}) {
  const nonce = freshNonce();
  const read = await withCardInReader(virtualCardFromImage(image, cardOptions), ({ card }) =>
    readCard(card.transport, { can: image.access.can, activeAuthenticationNonce: nonce, ...options }),
  );
  return { read, report: await verifyWithTestPki(read.dump, nonce) };
}


describe('virtual CCCD read through pcscd', () => {
  const variants: [string, Partial<BuildCardImageOptions>][] = [
    ['ds-brainpoolP256r1, EC AA', { signerId: 'ds-brainpoolP256r1' }],
    ['ds-brainpoolP384r1, RSA AA', { signerId: 'ds-brainpoolP384r1', activeAuthenticationKey: { type: 'rsa', modulusBits: 2048 } }],
    ['ds-brainpoolP512r1, EC AA', { signerId: 'ds-brainpoolP512r1' }],
    ['ds-rsa-pkcs1, RSA AA', { signerId: 'ds-rsa-pkcs1', activeAuthenticationKey: { type: 'rsa', modulusBits: 2048 } }],
    ['ds-rsa-pss, EC AA', { signerId: 'ds-rsa-pss' }],
  ];

  for (const [name, options] of variants) {
    it(`reads and verifies ${name}`, async (t) => {
      if (!requirePart(t, pcscUnavailableReason())) return;

      const { read, report } = await readThroughPcsc(await sampleCardImage(options));

      assert.equal(read.dump.accessControl, 'PACE-CAN');
      assert.deepEqual(failedThreats(report), []);
      assert.equal(report.passed, true);
      assert.equal(report.person?.fullName, 'Trần Thị Bích Ngọc');
    });
  }

  it('reads with PACE from the MRZ', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const image = await sampleCardImage();
    const { read, report } = await readThroughPcsc(image, { can: undefined, mrz: image.access.mrzInformation });

    assert.equal(read.dump.accessControl, 'PACE-MRZ');
    assert.equal(report.passed, true);
  });

  it('falls back to BAC when PACE fails', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    // PACE with the CAN fails (wrong CAN) and PACE with the MRZ is refused, as on some CCCDs.
    const printedCan = (await sampleCardImage()).access.can;
    const image = await sampleCardImage({ faults: [parseCardFault('wrong-can')] });
    const { read, report } = await readThroughPcsc(image, { can: printedCan, mrz: image.access.mrzInformation }, { rejectPaceWithMrz: true });

    assert.equal(read.dump.accessControl, 'BAC');
    assert.equal(report.passed, true);
  });

  it('reads with extended length', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const image = await sampleCardImage({ behaviour: { extendedLength: true } });
    const { read, report } = await readThroughPcsc(image, { extendedLength: true });

    assert.equal(report.passed, true);
    assert.ok(read.apduCount < 50, `${read.apduCount} APDUs`);
  });

  it('reads a JPEG 2000 face', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const { report } = await readThroughPcsc(await sampleCardImage({ faceFormat: 'jpeg2000' }));

    assert.equal(report.passed, true);
    assert.equal(report.face?.format, 'j2k');
  });

  it('runs chip authentication', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const image = await sampleCardImage();
    const statusWord = await withCardInReader(virtualCardFromImage(image), ({ card }) => runChipAuthentication(card.transport, image));

    assert.equal(statusWord, 0x9000);
  });

  const verifierFaults: [string, string][] = [
    ['tampered-dg', 'tampered-file'],
    ['dg-missing-from-sod', 'file-not-in-sod'],
    ['broken-sod-signature', 'bad-signature'],
    ['expired-signer', 'expired-signer'],
    ['unknown-signer', 'unknown-issuer'],
    ['cloned-chip', 'cloned-chip'],
  ];

  for (const [fault, threat] of verifierFaults) {
    it(`fault ${fault} fails as ${threat}`, async (t) => {
      if (!requirePart(t, pcscUnavailableReason())) return;

      const { report } = await readThroughPcsc(await sampleCardImage({ faults: [parseCardFault(fault)] }));

      assert.equal(report.passed, false);
      assert.ok(failedThreats(report).includes(threat), failedThreats(report).join(', '));
    });
  }

  it('fault card-pulled-out fails as CARD_REMOVED', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const image = await sampleCardImage({ faults: [parseCardFault('card-pulled-out=40')] });

    await assert.rejects(readThroughPcsc(image), (error: unknown) => {
      assert.ok(isChipError(error, 'CARD_TRANSPORT'), String(error));
      assert.ok(errorCauses(error).some((cause) => isPcscError(cause, 'CARD_REMOVED')), errorCauses(error).map(String).join(' <- '));
      return true;
    });
  });

  it('fault sm-error fails with 6988', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    await assert.rejects(readThroughPcsc(await sampleCardImage({ faults: [parseCardFault('sm-error=15')] })), (error: unknown) => {
      assert.ok(isChipError(error), String(error));
      assert.equal(error.context.statusWord, '6988');
      return true;
    });
  });

  it('fault wrong-can fails as PACE_FAILED', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const printedCan = (await sampleCardImage()).access.can;
    const image = await sampleCardImage({ faults: [parseCardFault('wrong-can')] });

    await assert.rejects(readThroughPcsc(image, { can: printedCan }), (error: unknown) => isChipError(error, 'PACE_FAILED'));
  });

  it('fault slow-card slows every APDU', async (t) => {
    if (!requirePart(t, pcscUnavailableReason())) return;

    const { read } = await readThroughPcsc(await sampleCardImage({ faults: [parseCardFault('slow-card=10')] }));

    assert.ok(read.durationMs >= read.apduCount * 10, `${Math.round(read.durationMs)} ms for ${read.apduCount} APDUs`);
  });
});
