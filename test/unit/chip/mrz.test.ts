import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isChipError } from '../../../src/chip/errors.js';
import { computeCheckDigit, mrzInformation, mrzInformationFromIdNumber, parseMrz } from '../../../src/chip/mrz/index.js';

// Synthetic CCCD MRZs (made-up people; check digits computed by hand and by this library).
const CCCD_MALE = ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<'];
const CCCD_NO_EXPIRY = ['IDVNM2030123450079203012345<<0', '0302014F9912315VNM<<<<<<<<<<<4', 'TRAN<<THI<B<<<<<<<<<<<<<<<<<<<'];
// ICAO Doc 9303 Part 4 Appendix A and Part 5 Appendix A specimens.
const TD3_SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1_SPECIMEN = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const NOW = new Date('2026-12-04T00:00:00Z');

describe('MRZ', () => {
  it('computes check digits case-insensitively', () => {
    assert.equal(computeCheckDigit('L898902C<'), 3);
    assert.equal(computeCheckDigit('l898902c<'), 3);
    assert.equal(computeCheckDigit('001099012345'), 0);
  });

  it('parses a CCCD TD1', () => {
    const result = parseMrz(CCCD_MALE, { now: NOW });

    assert.equal(result.format, 'TD1');
    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.equal(result.documentCode, 'ID');
    assert.equal(result.issuingState, 'VNM');
    assert.equal(result.documentNumber, '099012345');
    assert.equal(result.idNumber, '001099012345');
    assert.equal(result.birthDate, '1999-01-01');
    assert.equal(result.sex, 'M');
    assert.equal(result.expiryDate, '2039-01-01');
    assert.equal(result.nationality, 'VNM');
    assert.equal(result.surname, 'NGUYEN');
    assert.equal(result.givenNames, 'VAN A');
    assert.equal(result.mrzInformation, '099012345999010183901016');
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.repairs, []);
  });

  it('reads 991231 as no expiry', () => {
    const result = parseMrz(CCCD_NO_EXPIRY, { now: NOW });

    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.equal(result.expiryDate, null);
    assert.equal(result.birthDate, '2003-02-01');
    assert.equal(result.idNumber, '079203012345');
    assert.equal(result.mrzInformation, '203012345003020149912315');
    // Digit 4 of this sample's ID (2) encodes a man, the MRZ says F.
    assert.deepEqual(result.warnings.map((warning) => warning.code), ['ID_NUMBER_SEX']);
  });

  it('parses the TD3 specimen', () => {
    const result = parseMrz(TD3_SPECIMEN, { now: NOW });

    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.equal(result.documentNumber, 'L898902C3');
    assert.equal(result.birthDate, '1974-08-12');
    assert.equal(result.expiryDate, '2012-04-15');
    assert.equal(result.surname, 'ERIKSSON');
    assert.equal(result.givenNames, 'ANNA MARIA');
    assert.equal(result.mrzInformation, 'L898902C3674081221204159');
    assert.equal(result.idNumber, null);
  });

  it('parses the TD1 specimen', () => {
    const result = parseMrz(TD1_SPECIMEN, { now: NOW });

    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.equal(result.documentNumber, 'D23145890');
    assert.equal(result.sex, 'F');
  });

  it('names each failing check digit', () => {
    const lines = [...CCCD_MALE];
    lines[1] = '9901028M3901017VNM<<<<<<<<<<<0';
    const result = parseMrz(lines, { now: NOW });
    const fields = result.errors.map((error) => error.field);

    assert.equal(result.valid, false);
    assert.deepEqual(fields, ['birthDate', 'expiryDate', 'composite']);
  });

  it('rejects an ID that does not end in the document number', () => {
    const lines = [...CCCD_MALE];
    lines[0] = 'IDVNM0990123459001099012346<<9';
    const result = parseMrz(lines, { now: NOW });

    assert.ok(result.errors.some((error) => error.code === 'MRZ_ID_NUMBER'));
  });

  it('repairs OCR confusions and says so', () => {
    const result = parseMrz('IDVNM O99O12345 9001099012345<<0\n99O1018M39O1016VNM<<<<<<<<<<<0\nnguyen<<van<a', { now: NOW });

    assert.equal(result.valid, true, JSON.stringify(result.errors));
    assert.equal(result.idNumber, '001099012345');
    assert.ok(result.repairs.some((repair) => repair.reason === 'letter in numeric field' && repair.from === 'O' && repair.to === '0'));
    assert.ok(result.repairs.some((repair) => repair.reason === 'stray character'));
    assert.ok(result.repairs.some((repair) => repair.reason === 'lower case'));
    assert.ok(result.repairs.some((repair) => repair.reason === 'missing filler'));
  });

  it('rejects stray characters without repair', () => {
    assert.throws(() => parseMrz(['IDVNM 0990123459001099012345<<0', CCCD_MALE[1] as string, CCCD_MALE[2] as string], { repair: false }), (error: unknown) => isChipError(error, 'MRZ_FORMAT'));
  });

  it('picks the latest past century for birth years', () => {
    const lines = ['IDVNM2030123450079203012345<<0', '2701014F9912315VNM<<<<<<<<<<<0', 'TRAN<<THI<B<<<<<<<<<<<<<<<<<<<'];
    lines[1] = `2701014F9912315VNM<<<<<<<<<<<${computeCheckDigit(lines[0]!.slice(5) + '2701014' + '9912315' + '<<<<<<<<<<<')}`;

    assert.equal(parseMrz(lines, { now: NOW }).birthDate, '1927-01-01');
  });

  it('builds MRZ information', () => {
    assert.equal(mrzInformation({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' }), 'L898902C<369080619406236');
    assert.equal(mrzInformationFromIdNumber('001099012345', '1999-01-01', '2039-01-01'), '099012345999010183901016');
    assert.equal(mrzInformationFromIdNumber('079203012345', '2003-02-01', null), '203012345003020149912315');
  });
});
