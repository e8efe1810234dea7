// The terminal side of this library against the virtual CCCD of src/sim: PACE-CAN, BAC, chip
// authentication and active authentication with a nonce the test chooses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { verifyActiveAuthentication } from '../../../src/chip/aa/index.js';
import { toHex } from '../../../src/chip/codec/bytes.js';
import { canFromIdNumber } from '../../../src/chip/idnumber/index.js';
import { parseDg15 } from '../../../src/chip/lds/dg15.js';
import { parseMrz } from '../../../src/chip/mrz/index.js';
import { readCard } from '../../../src/chip/reader/index.js';
import { ApduTrace } from '../../../src/chip/trace.js';
import { VirtualCard, type VirtualCardOptions } from '../../../src/sim/card/virtual-card.js';
import { buildDocumentFiles } from '../../../src/sim/document-files.js';
import { createTestPki, findSigner } from '../../../src/sim/pki.js';

const pki = createTestPki();
const documentFiles = buildDocumentFiles({ signer: findSigner(pki, 'ds-brainpoolP256r1'), activeAuthenticationKey: { type: 'rsa', modulusBits: 2048 } });
const mrz = parseMrz(documentFiles.mrz);
const NONCE = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

function newCard(options: VirtualCardOptions = {}): VirtualCard {
  return new VirtualCard(documentFiles.files, {
    can: canFromIdNumber(documentFiles.person.idNumber),
    mrzInformation: mrz.mrzInformation,
    activeAuthenticationKey: documentFiles.activeAuthenticationKey,
    chipAuthenticationKey: documentFiles.chipAuthenticationKey,
  }, options);
}

function transportOf(card: VirtualCard) {
  return { transmit: (command: Uint8Array) => card.processApdu(command) };
}

describe('reader against the virtual CCCD', () => {
  it('reads every file with PACE-CAN and proves the chip', async () => {
    const card = newCard();
    const trace = new ApduTrace();
    const result = await readCard(transportOf(card), {
      can: canFromIdNumber(documentFiles.person.idNumber),
      chipAuthentication: true,
      activeAuthenticationNonce: NONCE,
      trace,
    });

    assert.equal(result.dump.accessControl, 'PACE-CAN');

    for (const name of ['EF.CardAccess', 'EF.COM', 'EF.SOD', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15'] as const) {
      assert.equal(toHex(result.dump.files[name] ?? new Uint8Array(0)), toHex(documentFiles.files[name] ?? Uint8Array.of(0)), name);
    }

    assert.equal(result.steps.find((step) => step.name === 'chip authentication')?.status, 'done');
    assert.equal(result.apduCount, card.apduCount);
    assert.equal(trace.entries.length, card.apduCount);

    const aa = result.dump.activeAuthentication;
    assert.ok(aa);

    const report = verifyActiveAuthentication({ publicKeyInfo: parseDg15(result.dump.files.DG15 as Uint8Array).publicKeyInfo, nonce: NONCE, signature: aa.signature });
    assert.equal(report.valid, true, JSON.stringify(report.checks));
    assert.equal(report.keyType, 'RSA');
  });

  it('reads with PACE-MRZ, or BAC when the card rejects it', async () => {
    const pace = await readCard(transportOf(newCard()), { mrz: mrz.mrzInformation, files: ['DG1'] });
    const bac = await readCard(transportOf(newCard({ rejectPaceWithMrz: true })), { mrz: mrz.mrzInformation, files: ['DG1', 'DG13'] });

    assert.equal(pace.dump.accessControl, 'PACE-MRZ');
    assert.equal(bac.dump.accessControl, 'BAC');
    assert.equal(toHex(bac.dump.files.DG1 ?? new Uint8Array(0)), toHex(documentFiles.files.DG1 as Uint8Array));
  });

  it('reads with extended length when the card accepts it', async () => {
    const card = newCard({ extendedLength: true });
    const short = await readCard(transportOf(newCard()), { can: canFromIdNumber(documentFiles.person.idNumber), files: ['DG2'] });
    const extended = await readCard(transportOf(card), { can: canFromIdNumber(documentFiles.person.idNumber), files: ['DG2'], extendedLength: true });

    assert.equal(toHex(extended.dump.files.DG2 ?? new Uint8Array(0)), toHex(documentFiles.files.DG2 as Uint8Array));
    assert.ok(extended.apduCount < short.apduCount, `${extended.apduCount} < ${short.apduCount}`);
  });

  it('fails a read that meets an SM error', async () => {
    await assert.rejects(
      readCard(transportOf(newCard({ faults: { smErrorAtApdu: 12 } })), { can: canFromIdNumber(documentFiles.person.idNumber) }),
      (error: unknown) => error instanceof Error && /6988|secure messaging/.test(error.message),
    );
  });
});
