import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { encodeTlv } from '../../../src/chip/codec/tlv.js';
import { fromHex } from '../../../src/chip/codec/bytes.js';
import { isChipError } from '../../../src/chip/errors.js';
import { encodeOid, encodeSmallInteger } from '../../../src/chip/lds/der.js';
import { DG13_OID, parseDg13, parseDg13Date } from '../../../src/chip/lds/dg13.js';
import { buildDg13, type Dg13Person } from '../../../src/sim/lds-builder.js';

// Synthetic holder with full Vietnamese diacritics. The ID number is well formed but not issued to anyone.
const PERSON: Dg13Person = {
  idNumber: '079203012345',
  fullName: 'Trần Thị Bích Ngọc',
  birthDate: '2003-02-01',
  sex: 'F',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Phật giáo',
  placeOfOrigin: 'Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh',
  placeOfResidence: 'Số 5 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh',
  identifyingMarks: 'Sẹo chấm C:2cm dưới sau cánh mũi phải',
  issueDate: '2021-07-20',
  expiryDate: null,
  fatherName: 'Trần Văn Đức',
  motherName: 'Lê Thị Hằng',
  spouseName: 'Phạm Quốc Huy',
  oldIdNumber: '025123456',
  field16: 'ABCDEF0123456789',
};

function sequence(...parts: Uint8Array[]): Uint8Array {
  return encodeTlv(0x30, parts);
}

function utf8(text: string): Uint8Array {
  return encodeTlv(0x0c, Buffer.from(text, 'utf8'));
}

describe('DG13 parser', () => {
  it('reads every field of the reference layout', () => {
    const dg13 = parseDg13(buildDg13(PERSON));

    assert.equal(dg13.idNumber, '079203012345');
    assert.equal(dg13.fullName, 'Trần Thị Bích Ngọc');
    assert.deepEqual(dg13.birthDate, { text: '01/02/2003', iso: '2003-02-01' });
    assert.deepEqual(dg13.sex, { text: 'Nữ', code: 'F' });
    assert.equal(dg13.nationality, 'Việt Nam');
    assert.equal(dg13.ethnicity, 'Kinh');
    assert.equal(dg13.religion, 'Phật giáo');
    assert.equal(dg13.placeOfOrigin, PERSON.placeOfOrigin);
    assert.equal(dg13.placeOfResidence, PERSON.placeOfResidence);
    assert.equal(dg13.identifyingMarks, PERSON.identifyingMarks);
    assert.deepEqual(dg13.issueDate, { text: '20/07/2021', iso: '2021-07-20' });
    assert.deepEqual(dg13.expiryDate, { text: 'Không thời hạn', iso: null, noExpiry: true });
    assert.equal(dg13.fatherName, 'Trần Văn Đức');
    assert.equal(dg13.motherName, 'Lê Thị Hằng');
    assert.equal(dg13.parentsNesting, 'separate');
    assert.equal(dg13.spouseName, 'Phạm Quốc Huy');
    assert.equal(dg13.oldIdNumber, '025123456');
    assert.equal(dg13.field16, 'ABCDEF0123456789');
    assert.deepEqual(dg13.unknownFields, []);
  });

  it('reads both parents in one SEQUENCE', () => {
    const dg13 = parseDg13(buildDg13(PERSON, { parentsNesting: 'combined' }));

    assert.equal(dg13.parentsNesting, 'combined');
    assert.equal(dg13.fatherName, 'Trần Văn Đức');
    assert.equal(dg13.motherName, 'Lê Thị Hằng');
  });

  it('reads an empty spouse entry as null', () => {
    const dg13 = parseDg13(buildDg13({ ...PERSON, spouseName: null }));

    assert.equal(dg13.spouseName, null);
  });

  it('leaves an absent spouse field undefined', () => {
    const { spouseName, ...withoutSpouse } = PERSON;
    void spouseName;
    const dg13 = parseDg13(buildDg13(withoutSpouse));

    assert.equal('spouseName' in dg13, false);
  });

  it('reads 8-digit DDMMYYYY dates', () => {
    const dg13 = parseDg13(buildDg13({ ...PERSON, expiryDate: '2043-02-01' }, { dateFormat: 'digits' }));

    assert.deepEqual(dg13.birthDate, { text: '01022003', iso: '2003-02-01' });
    assert.deepEqual(dg13.expiryDate, { text: '01022043', iso: '2043-02-01', noExpiry: false });
  });

  it('allows missing fields', () => {
    const dg13 = parseDg13(buildDg13(PERSON, { omitFields: [6, 7, 10, 13, 15, 16] }));

    assert.equal(dg13.ethnicity, undefined);
    assert.equal(dg13.religion, undefined);
    assert.equal(dg13.identifyingMarks, undefined);
    assert.equal(dg13.fatherName, undefined);
    assert.equal(dg13.oldIdNumber, undefined);
    assert.equal(dg13.fullName, 'Trần Thị Bích Ngọc');
  });

  it('keeps an unknown field raw', () => {
    const value = encodeTlv(0x04, fromHex('0102A0FF'));
    const dg13 = parseDg13(buildDg13(PERSON, { extraFields: [{ fieldNumber: 21, value }] }));

    assert.equal(dg13.unknownFields.length, 1);
    assert.equal(dg13.unknownFields[0]?.fieldNumber, 21);
    assert.deepEqual(dg13.unknownFields[0]?.value, value);
  });

  it('normalises decomposed text to NFC', () => {
    const decomposed = 'Nguyễn Thị Ánh'.normalize('NFD');
    const entry = sequence(encodeSmallInteger(2), utf8(decomposed));
    const bytes = encodeTlv(0x6d, sequence(encodeSmallInteger(1), encodeOid(DG13_OID), encodeTlv(0x31, entry)));

    const dg13 = parseDg13(bytes);

    assert.equal(dg13.fullName, 'Nguyễn Thị Ánh'.normalize('NFC'));
    assert.notEqual(dg13.fullName, decomposed);
  });

  it('reads parents given as bare strings', () => {
    const entry = sequence(encodeSmallInteger(13), utf8('Vũ Văn Long'), utf8('Đỗ Thị Mai'));
    const bytes = encodeTlv(0x6d, sequence(encodeSmallInteger(1), encodeOid(DG13_OID), encodeTlv(0x31, entry)));

    const dg13 = parseDg13(bytes);

    assert.equal(dg13.parentsNesting, 'flat');
    assert.equal(dg13.fatherName, 'Vũ Văn Long');
    assert.equal(dg13.motherName, 'Đỗ Thị Mai');
  });

  it('rejects another OID', () => {
    const bytes = encodeTlv(0x6d, sequence(encodeSmallInteger(1), encodeOid('1.2.3.4'), encodeTlv(0x31, new Uint8Array())));

    assert.throws(() => parseDg13(bytes), (error: unknown) => isChipError(error, 'LDS_INVALID'));
  });

  it('rejects a repeated field number', () => {
    const entry = sequence(encodeSmallInteger(2), utf8('A'));
    const bytes = encodeTlv(0x6d, sequence(encodeSmallInteger(1), encodeOid(DG13_OID), encodeTlv(0x31, [entry, entry])));

    assert.throws(() => parseDg13(bytes), (error: unknown) => isChipError(error, 'LDS_INVALID'));
  });

  it('rejects invalid UTF-8 in a name', () => {
    const entry = sequence(encodeSmallInteger(2), encodeTlv(0x0c, Uint8Array.of(0xc3, 0x28)));
    const bytes = encodeTlv(0x6d, sequence(encodeSmallInteger(1), encodeOid(DG13_OID), encodeTlv(0x31, entry)));

    assert.throws(() => parseDg13(bytes), (error: unknown) => isChipError(error, 'ASN1_INVALID'));
  });

  it('rejects the wrong file tag', () => {
    assert.throws(() => parseDg13(fromHex('6100')), (error: unknown) => isChipError(error, 'LDS_WRONG_FILE_TAG'));
  });
});

describe('DG13 dates', () => {
  it('rejects impossible dates but keeps the text', () => {
    assert.deepEqual(parseDg13Date('31/02/2001'), { text: '31/02/2001', iso: null });
    assert.deepEqual(parseDg13Date('Không thời hạn'), { text: 'Không thời hạn', iso: null });
    assert.deepEqual(parseDg13Date('29/02/2024'), { text: '29/02/2024', iso: '2024-02-29' });
  });
});
