import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  canFromIdNumber,
  createIdNumberGenerator,
  decodeIdNumber,
  documentNumberFromIdNumber,
  findProvince,
  PROVINCE_CODES,
  validateIdNumber,
} from '../../../src/chip/idnumber/index.js';
import { isChipError } from '../../../src/chip/errors.js';

describe('personal identification number', () => {
  it('lists the 63 province codes from 001 to 096', () => {
    assert.equal(PROVINCE_CODES.length, 63);
    assert.equal(PROVINCE_CODES[0], '001');
    assert.equal(PROVINCE_CODES.at(-1), '096');
    assert.equal(findProvince('024')?.name, 'Bắc Giang');
    assert.equal(findProvince('001')?.name, 'Hà Nội');
    assert.equal(findProvince('003'), undefined);
  });

  it('decodes century, sex and birth year', () => {
    const parts = decodeIdNumber('001099012345');

    assert.equal(parts.provinceCode, '001');
    assert.equal(parts.sex, 'M');
    assert.equal(parts.birthYear, 1999);
    assert.equal(decodeIdNumber('079303012345').birthYear, 2003);
    assert.equal(decodeIdNumber('079303012345').sex, 'F');
    assert.equal(decodeIdNumber('079405012345').birthYear, 2105);
  });

  it('accepts a consistent number', () => {
    const report = validateIdNumber('001099012345', { birthDate: '1999-01-01', sex: 'M' });

    assert.equal(report.valid, true);
    assert.deepEqual(report.problems, []);
    assert.equal(report.province?.name, 'Hà Nội');
  });

  it('reports every problem at once', () => {
    const report = validateIdNumber('003199012345', { birthDate: '2001-05-06', sex: 'M' });
    const codes = report.problems.map((problem) => problem.code);

    assert.equal(report.valid, false);
    assert.deepEqual(codes, ['ID_NUMBER_PROVINCE', 'ID_NUMBER_CENTURY', 'ID_NUMBER_BIRTH_YEAR', 'ID_NUMBER_SEX']);
  });

  it('hints at lost leading zeros', () => {
    const report = validateIdNumber('1099012345');

    assert.equal(report.problems[0]?.code, 'ID_NUMBER_FORMAT');
    assert.match(report.problems[0]?.message ?? '', /leading zeros/);
  });

  it('derives CAN and document number', () => {
    assert.equal(canFromIdNumber('001099012345'), '012345');
    assert.equal(documentNumberFromIdNumber('001099012345'), '099012345');
    assert.throws(() => canFromIdNumber('12345'), (error: unknown) => isChipError(error, 'ID_NUMBER_FORMAT'));
  });

  it('generates repeatable valid identities', () => {
    const first = createIdNumberGenerator(42);
    const second = createIdNumberGenerator(42);

    for (let index = 0; index < 200; index++) {
      const identity = first.next();

      assert.deepEqual(second.next(), identity);
      assert.deepEqual(validateIdNumber(identity.idNumber, identity).problems, []);
    }

    const woman = first.next({ sex: 'F', birthYears: [2005, 2005], provinceCode: '024' });

    assert.equal(woman.idNumber.slice(0, 6), '024305');
  });
});
