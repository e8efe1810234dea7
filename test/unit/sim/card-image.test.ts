import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import jpeg from 'jpeg-js';

import { toHex } from '../../../src/chip/codec/bytes.js';
import { readCard } from '../../../src/chip/reader/index.js';
import { cardImageFromJson, cardImageToJson, virtualCardFromImage } from '../../../src/sim/card-image.js';
import { parseCardFault } from '../../../src/sim/card/faults.js';
import { faceJpeg, faceJpeg2000 } from '../../../src/sim/face.js';
import { parsePersonRecord } from '../../../src/sim/person.js';
import { encodeVpcdMessage } from '../../../src/sim/vpcd.js';
import { directTransport, samplePerson, sampleCardImage } from '../../support/virtual-cards.js';

describe('person record', () => {
  it('reads the sample people', () => {
    for (const name of ['tran-thi-bich-ngoc', 'le-hoang-duc', 'vu-quoc-khanh']) {
      const person = samplePerson(name);

      assert.match(person.idNumber, /^\d{12}$/);
      assert.equal(person.fullName, person.fullName.normalize('NFC'));
    }

    assert.equal(samplePerson('vu-quoc-khanh').expiryDate, null);
  });

  it('rejects an ID that contradicts the birth date', () => {
    const record = { ...samplePerson(), birthDate: '1985-09-02' };

    assert.throws(() => parsePersonRecord(record), /"idNumber" "079305001234" is invalid/);
  });

  it('rejects a malformed date and a missing name', () => {
    assert.throws(() => parsePersonRecord({ ...samplePerson(), issueDate: '20/10/2021' }), /"issueDate" .* YYYY-MM-DD/);
    assert.throws(() => parsePersonRecord({ ...samplePerson(), fullName: ' ' }), /"fullName" is missing/);
  });

  it('normalises names to NFC', () => {
    const decomposed = 'Trần Thị Bích Ngọc'.normalize('NFD');
    const person = parsePersonRecord({ ...samplePerson(), fullName: decomposed });

    assert.equal(person.fullName, 'Trần Thị Bích Ngọc'.normalize('NFC'));
  });
});

describe('generated face', () => {
  it('is a 240x320 JPEG of about 20 KB', () => {
    const face = faceJpeg({ seed: 1234 });
    const decoded = jpeg.decode(face.image);

    assert.equal(decoded.width, 240);
    assert.equal(decoded.height, 320);
    assert.ok(face.image.length > 15_000 && face.image.length < 25_000, `${face.image.length} bytes`);
  });

  it('differs between seeds and repeats for one seed', () => {
    assert.notEqual(toHex(faceJpeg({ seed: 1 }).image), toHex(faceJpeg({ seed: 2 }).image));
    assert.equal(toHex(faceJpeg({ seed: 3 }).image), toHex(faceJpeg({ seed: 3 }).image));
  });

  it('encodes JPEG 2000 as a J2K codestream', async () => {
    const face = await faceJpeg2000({ seed: 1 });

    assert.equal(toHex(face.image.subarray(0, 4)), 'FF4FFF51');
    assert.equal(face.format, 'jpeg2000');
  });
});

describe('card image', () => {
  it('survives its JSON form and reads back', async () => {
    const image = await sampleCardImage({ faults: [parseCardFault('sm-error=500'), parseCardFault('slow-card=1')] });
    const copy = cardImageFromJson(JSON.parse(JSON.stringify(cardImageToJson(image))));

    assert.deepEqual(Object.keys(copy.files), Object.keys(image.files));
    assert.equal(toHex(copy.files.DG2 as Uint8Array), toHex(image.files.DG2 as Uint8Array));
    assert.deepEqual(copy.access, image.access);
    assert.deepEqual(copy.runtimeFaults, { smErrorAtApdu: 500 });
    assert.equal(copy.behaviour.latencyMs, 1);
    assert.deepEqual(cardImageToJson(copy).faults, ['sm-error=500', 'slow-card=1']);

    const read = await readCard(directTransport(virtualCardFromImage(copy)), { can: copy.access.can, activeAuthenticationNonce: new Uint8Array(8) });
    assert.equal(toHex(read.dump.files.DG13 as Uint8Array), toHex(image.files.DG13 as Uint8Array));
    assert.ok(read.apduCount < 200, `${read.apduCount} APDUs`);
  });

  it('rejects another format', () => {
    assert.throws(() => cardImageFromJson({ format: 'examgate-card-dump/1' }), /expected "examgate-card-image\/1"/);
  });
});

describe('vpcd framing', () => {
  it('prefixes the big-endian length', () => {
    assert.equal(toHex(encodeVpcdMessage(Uint8Array.of(0x90, 0x00))), '00029000');
    assert.equal(toHex(encodeVpcdMessage(new Uint8Array(0x0123)).subarray(0, 2)), '0123');
    assert.throws(() => encodeVpcdMessage(new Uint8Array(0x10000)), /65535-byte maximum/);
  });
});
