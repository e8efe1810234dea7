import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { encodeTlv, parseTlv } from '../../../src/chip/codec/tlv.js';
import { isChipError } from '../../../src/chip/errors.js';
import { encodeOid, readOid, readString } from '../../../src/chip/lds/der.js';

describe('OBJECT IDENTIFIER decoding', () => {
  const decode = (oid: string) => readOid(parseTlv(encodeOid(oid)), 'test OID');

  it('decodes card OIDs', () => {
    for (const oid of ['0.4.0.127.0.7.2.2.4.2.2', '1.3.36.3.3.2.8.1.1.7', '2.23.136.1.1.1', '1.2.840.10045.4.3.2']) {
      assert.equal(decode(oid), oid);
    }
  });

  it('decodes arcs beyond 2^53', () => {
    const oid = '2.25.329800735698586629295641978511506172918';
    assert.equal(decode(oid), oid);
  });

  it('rejects an arc with a leading 80 byte', () => {
    const node = parseTlv(encodeTlv(0x06, Uint8Array.of(0x2a, 0x80, 0x01)));
    assert.throws(() => readOid(node, 'test OID'), (error: unknown) => isChipError(error, 'ASN1_INVALID'));
  });

  it('rejects a leading 80 byte after a long arc starts', () => {
    const node = parseTlv(encodeTlv(0x06, Uint8Array.of(0x2a, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01, 0x80, 0x01)));
    assert.throws(() => readOid(node, 'test OID'), (error: unknown) => isChipError(error, 'ASN1_INVALID'));
  });
});

describe('string decoding', () => {
  it('decodes after rejecting invalid UTF-8', () => {
    const invalid = parseTlv(encodeTlv(0x0c, Uint8Array.of(0xc3, 0x28)));
    const valid = parseTlv(encodeTlv(0x0c, new TextEncoder().encode('Nguyễn Văn An')));

    assert.throws(() => readString(invalid, 'test string'), (error: unknown) => isChipError(error, 'ASN1_INVALID'));
    assert.equal(readString(valid, 'test string'), 'Nguyễn Văn An');
  });
});
