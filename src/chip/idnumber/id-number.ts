// Structure of the 12-digit personal identification number (số định danh cá nhân) printed on
// the CCCD and encoded in its chip: province code of birth registration (3 digits), century and
// sex (1 digit), last two digits of the year of birth (2), sequence number (6).
import { ChipError } from '../errors.js';

export type Sex = 'M' | 'F';

/** Fields decoded from an ID number whose structure is 12 digits. */
export interface IdNumberParts {
  provinceCode: string;
  /** Century digit: 0/1 = born 1900-1999 male/female, 2/3 = 2000s, 4/5 = 2100s, and so on. */
  centuryDigit: number;
  /** First year of the century the digit names, e.g. 1900 or 2000. */
  centuryStart: number;
  sex: Sex;
  /** Full year of birth from the century digit and the two year digits. */
  birthYear: number;
  sequence: string;
}

const ID_NUMBER_PATTERN = /^\d{12}$/;

/** Returns true when `value` is exactly 12 ASCII digits. */
export function isTwelveDigits(value: string): boolean {
  return ID_NUMBER_PATTERN.test(value);
}

/** Decodes the parts of a 12-digit ID number; throws ID_NUMBER_FORMAT for anything else. */
export function decodeIdNumber(idNumber: string): IdNumberParts {
  if (!isTwelveDigits(idNumber)) {
    throw new ChipError('ID_NUMBER_FORMAT', `ID number "${idNumber.slice(0, 20)}" is not 12 digits: enter the full 12-digit number, keeping leading zeros`);
  }

  const centuryDigit = Number(idNumber[3]);
  const centuryStart = 1900 + Math.floor(centuryDigit / 2) * 100;

  return {
    provinceCode: idNumber.slice(0, 3),
    centuryDigit,
    centuryStart,
    sex: centuryDigit % 2 === 0 ? 'M' : 'F',
    birthYear: centuryStart + Number(idNumber.slice(4, 6)),
    sequence: idNumber.slice(6),
  };
}

/** Century digit for a year of birth and sex: the inverse of the rule in decodeIdNumber. */
export function centuryDigitFor(birthYear: number, sex: Sex): number {
  const centuryIndex = Math.floor((birthYear - 1900) / 100);

  if (!Number.isInteger(birthYear) || centuryIndex < 0 || centuryIndex > 4) {
    throw new ChipError('BAD_INPUT', `birth year ${birthYear} is outside 1900..2399, which the century digit can encode`);
  }

  return centuryIndex * 2 + (sex === 'F' ? 1 : 0);
}

/** Returns the card access number (CAN) of a CCCD: the last 6 digits of the 12-digit ID. */
export function canFromIdNumber(idNumber: string): string {
  decodeIdNumber(idNumber);
  return idNumber.slice(6);
}

/** Returns the MRZ document number of a CCCD: the last 9 digits of the 12-digit ID. */
export function documentNumberFromIdNumber(idNumber: string): string {
  decodeIdNumber(idNumber);
  return idNumber.slice(3);
}
