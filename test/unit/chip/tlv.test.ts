import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fromHex, toHex } from '../../../src/chip/codec/bytes.js';
import { encodeTlv, encodedLengthFromHeader, parseTlv, parseTlvList, requireTlv } from '../../../src/chip/codec/tlv.js';
import { ChipError } from '../../../src/chip/errors.js';

// EF.COM plaintext from ICAO Doc 9303 Part 11, Appendix D.4 (LDS 1.6, DG1 DG2 DG11 ... tag list 61 75).
const EF_COM = '60145F0104303130365F36063034303030305C026175';

describe('BER-TLV parser', () => {
  it('parses EF.COM from Doc 9303 Appendix D', () => {
    const node = parseTlv(fromHex(EF_COM));

    assert.equal(node.tag, 0x60);
    assert.equal(node.children.length, 3);
    assert.equal(toHex(requireTlv(node, 0x5f01, 'LDS version').value), '30313036');
    assert.equal(toHex(requireTlv(node, 0x5c, 'tag list').value), '6175');
    assert.equal(node.children[1]?.path, '60/5F36');
  });

  it('rejects a length past the buffer with the path', () => {
    const bytes = fromHex('6005' + '5F0102AABB');

    assert.throws(() => parseTlv(bytes.subarray(0, 6)), (error: unknown) => {
      assert.ok(error instanceof ChipError);
      assert.equal(error.code, 'TLV_TRUNCATED');
      return true;
    });
  });

  it('rejects indefinite length', () => {
    assert.throws(() => parseTlv(fromHex('30800000')), { code: 'TLV_BAD_LENGTH' });
  });

  it('rejects five length bytes', () => {
    assert.throws(() => parseTlv(fromHex('04850000000001AA')), { code: 'TLV_BAD_LENGTH' });
  });

  it('rejects nesting deeper than the maximum', () => {
    let bytes = fromHex('0400');

    for (let level = 0; level < 30; level++) {
      bytes = encodeTlv(0x30, bytes);
    }

    assert.throws(() => parseTlv(bytes), { code: 'TLV_TOO_DEEP' });
    assert.equal(parseTlv(bytes, { maxDepth: 40 }).tag, 0x30);
  });

  it('rejects trailing bytes', () => {
    assert.throws(() => parseTlv(fromHex('040100FF')), { code: 'TLV_TRAILING_DATA' });
  });

  it('rejects non-minimal length when DER is required', () => {
    assert.equal(parseTlv(fromHex('048101AA')).value.length, 1);
    assert.throws(() => parseTlv(fromHex('048101AA'), { requireMinimalLength: true }), { code: 'TLV_BAD_LENGTH' });
  });

  it('names repeated tags by index in the path', () => {
    const list = parseTlvList(fromHex('020101020102'));

    assert.deepEqual(list.map((node) => node.path), ['02', '02[1]']);
  });

  it('encodes long lengths in shortest form', () => {
    const encoded = encodeTlv(0x5f2e, new Uint8Array(300));

    assert.equal(toHex(encoded.subarray(0, 5)), '5F2E82012C');
    assert.equal(encodedLengthFromHeader(encoded.subarray(0, 5)), 305);
    assert.equal(encodedLengthFromHeader(encoded.subarray(0, 3)), null);
  });
});
