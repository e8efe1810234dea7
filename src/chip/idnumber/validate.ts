// Validation of a personal identification number against its structure rules and, when given,
// the holder's birth date and sex. Every problem is reported, not only the first.
import type { ChipErrorCode } from '../errors.js';
import { decodeIdNumber, isTwelveDigits, type IdNumberParts, type Sex } from './id-number.js';
import { findProvince, type Province } from './provinces.js';

export interface IdNumberProblem {
  code: Extract<ChipErrorCode, `ID_NUMBER_${string}`>;
  message: string;
}

export interface IdNumberReport {
  idNumber: string;
  valid: boolean;
  problems: IdNumberProblem[];
  /** Decoded parts when the number is 12 digits, else null. */
  parts: IdNumberParts | null;
  /** Province of the code, or null when the code is unknown or the number malformed. */
  province: Province | null;
}

export interface IdNumberHolder {
  /** Birth date as `YYYY-MM-DD` (only the year is compared). */
  birthDate?: string | null;
  sex?: Sex | null;
}

const ISO_DATE_PATTERN = /^(\d{4})-\d{2}-\d{2}$/;

/** Validates a 12-digit ID number and its consistency with the holder's birth date and sex. */
export function validateIdNumber(idNumber: string, holder: IdNumberHolder = {}): IdNumberReport {
  if (!isTwelveDigits(idNumber)) {
    const shown = idNumber.length > 20 ? `${idNumber.slice(0, 20)}...` : idNumber;
    const hint = /^\d{9,11}$/.test(idNumber) ? ' (leading zeros may have been lost, e.g. in a spreadsheet)' : '';

    return {
      idNumber,
      valid: false,
      problems: [{ code: 'ID_NUMBER_FORMAT', message: `ID number "${shown}" has ${idNumber.length} characters, expected 12 digits${hint}` }],
      parts: null,
      province: null,
    };
  }

  const parts = decodeIdNumber(idNumber);
  const province = findProvince(parts.provinceCode) ?? null;
  const problems: IdNumberProblem[] = [];

  if (province === null) {
    problems.push({ code: 'ID_NUMBER_PROVINCE', message: `ID number ${idNumber}: province code ${parts.provinceCode} is not a known province code; check the first three digits` });
  }

  const birthYear = holder.birthDate ? birthYearOf(holder.birthDate) : null;

  if (holder.birthDate && birthYear === null) {
    problems.push({ code: 'ID_NUMBER_BIRTH_YEAR', message: `birth date "${holder.birthDate}" is not a YYYY-MM-DD date, so ID number ${idNumber} cannot be checked against it` });
  }

  if (birthYear !== null) {
    problems.push(...compareBirthYear(idNumber, parts, birthYear));
  }

  if (holder.sex && holder.sex !== parts.sex) {
    problems.push({ code: 'ID_NUMBER_SEX', message: `ID number ${idNumber}: digit 4 (${parts.centuryDigit}) encodes sex ${parts.sex}, but the holder's sex is ${holder.sex}` });
  }

  return { idNumber, valid: problems.length === 0, problems, parts, province };
}

function birthYearOf(birthDate: string): number | null {
  const match = ISO_DATE_PATTERN.exec(birthDate);
  return match ? Number(match[1]) : null;
}

function compareBirthYear(idNumber: string, parts: IdNumberParts, birthYear: number): IdNumberProblem[] {
  const problems: IdNumberProblem[] = [];
  const centuryStart = Math.floor(birthYear / 100) * 100;

  if (centuryStart !== parts.centuryStart) {
    problems.push({
      code: 'ID_NUMBER_CENTURY',
      message: `ID number ${idNumber}: digit 4 (${parts.centuryDigit}) encodes birth in ${parts.centuryStart}-${parts.centuryStart + 99}, but the birth year is ${birthYear}`,
    });
  }

  const yearDigits = String(birthYear % 100).padStart(2, '0');

  if (idNumber.slice(4, 6) !== yearDigits) {
    problems.push({
      code: 'ID_NUMBER_BIRTH_YEAR',
      message: `ID number ${idNumber}: digits 5-6 (${idNumber.slice(4, 6)}) should be the last two digits of the birth year ${birthYear} (${yearDigits})`,
    });
  }

  return problems;
}
