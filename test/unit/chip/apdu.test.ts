import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { isChipError } from '../../../src/chip/errors.js';
import {
  decodeCommandApdu,
  decodeResponseApdu,
  describeStatusWord,
  encodeCommandApdu,
  encodeResponseApdu,
  readBinaryCommand,
  selectFileCommand,
  statusWordHex,
} from '../../../src/chip/iso7816/index.js';

describe('APDU codec', () => {
  it('encodes the four short cases', () => {
    assert.equal(toHex(encodeCommandApdu({ cla: 0, ins: 0x84, p1: 0, p2: 0 })), '00840000');
    assert.equal(toHex(encodeCommandApdu({ cla: 0, ins: 0x84, p1: 0, p2: 0, ne: 8 })), '0084000008');
    assert.equal(toHex(encodeCommandApdu(selectFileCommand(0x011c))), '00A4020C02011C');
    assert.equal(toHex(encodeCommandApdu({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: fromHex('0102'), ne: 256 })), '0088000002010200');
  });

  it('encodes the extended cases', () => {
    assert.equal(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 65536 })), '00B00000000000');
    assert.equal(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 1000 })), '00B000000003E8');
    assert.equal(toHex(encodeCommandApdu({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: fromHex('AA'), ne: 512 }, { extended: true })), '00880000000001AA0200');
    assert.equal(toHex(encodeCommandApdu({ cla: 0, ins: 0x88, p1: 0, p2: 0, data: fromHex('AA') }, { extended: true })), '00880000000001AA');
  });

  it('decodes what it encodes', () => {
    const commands = [
      { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c },
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 },
      { cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 65536 },
      { cla: 0, ins: 0x88, p1: 0, p2: 0, data: new Uint8Array(300).fill(7), ne: 256 },
      { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') },
    ];

    for (const command of commands) {
      const decoded = decodeCommandApdu(encodeCommandApdu(command));

      assert.equal(decoded.ins, command.ins);
      assert.equal(decoded.ne, command.ne);
      assert.equal(toHex(decoded.data ?? new Uint8Array(0)), toHex(command.data ?? new Uint8Array(0)));
    }
  });

  it('rejects a command whose Lc does not fit', () => {
    assert.throws(() => decodeCommandApdu(fromHex('00A4020C05011C')), (error: unknown) => isChipError(error, 'APDU_INVALID'));
    assert.throws(() => decodeCommandApdu(fromHex('00A4')), (error: unknown) => isChipError(error, 'APDU_INVALID'));
  });

  it('splits responses and describes status words', () => {
    const response = decodeResponseApdu(fromHex('01029000'));

    assert.equal(toHex(response.data), '0102');
    assert.equal(response.sw, 0x9000);
    assert.equal(toHex(encodeResponseApdu({ data: new Uint8Array(0), sw: 0x6a82 })), '6A82');
    assert.equal(statusWordHex(0x6a82), '6A82');
    assert.match(describeStatusWord(0x6c10), /exactly 16 bytes/);
    assert.match(describeStatusWord(0x6988), /SSC or MAC/);
    assert.throws(() => decodeResponseApdu(fromHex('90')), (error: unknown) => isChipError(error, 'APDU_INVALID'));
  });

  it('reads beyond 32767 with odd INS', () => {
    assert.equal(toHex(encodeCommandApdu(readBinaryCommand(0x7fff, 0xdf))), '00B07FFFDF');
    assert.equal(toHex(encodeCommandApdu(readBinaryCommand(0x8000, 0xdf))), '00B100000454028000DF');
  });
});
