// Checks of the ID number cell of a candidate list. Spreadsheets damage these numbers in known
// ways: a number cell drops the leading zeros (every province code starts with 0, so every
// 12-digit number loses at least one), and a long number shown in scientific notation
// (2.4203E+11) keeps only the digits on screen when it is saved as CSV.
import { centuryDigitFor, decodeIdNumber, findProvince } from '../../chip/idnumber/index.js';
import type { ErrorCode, ErrorParams } from '../errors.js';
import type { RawCell } from './spreadsheet.js';

export interface CellProblem {
  code: ErrorCode;
  params: ErrorParams;
  suggestion?: string;
}

export type IdCellResult =
  | { kind: 'none' }
  | { kind: 'id'; idNumber: string }
  | { kind: 'legacy'; legacyIdNumber: string }
  | { kind: 'invalid'; problems: CellProblem[] };

/** Birth date and sex of the holder, which digits 4-6 of the ID number encode. */
export interface Holder {
  birthDate: string | null;
  sex: 'M' | 'F' | null;
}

const ID_LENGTH = 12;
const LEGACY_ID_LENGTH = 9;
const SCIENTIFIC_PATTERN = /^\d+(?:[.,]\d+)?[eE][+]?\d+$/;

/** Structure problems of a 12-digit number: province code, century and sex digit, year digits. */
export function idNumberProblems(idNumber: string, holder: Holder): CellProblem[] {
  const parts = decodeIdNumber(idNumber);
  const problems: CellProblem[] = [];

  if (findProvince(parts.provinceCode) === undefined) {
    problems.push({ code: 'ROW_ID_NUMBER_PROVINCE', params: { value: idNumber, province: parts.provinceCode } });
  }

  if (holder.birthDate === null || holder.sex === null) {
    return problems;
  }

  const birthYear = Number(holder.birthDate.slice(0, 4));
  let expectedDigit: number | null = null;

  try {
    expectedDigit = centuryDigitFor(birthYear, holder.sex);
  } catch {
    // A birth year outside 1900-2399 is reported by the birth-date check.
  }

  if (expectedDigit !== null && expectedDigit !== parts.centuryDigit) {
    problems.push({
      code: 'ROW_ID_NUMBER_CENTURY_SEX',
      params: { value: idNumber, digit: parts.centuryDigit, birthYear, sex: holder.sex === 'M' ? 'Nam' : 'Nữ', expected: expectedDigit },
    });
  }

  const yearDigits = String(birthYear % 100).padStart(2, '0');

  if (idNumber.slice(4, 6) !== yearDigits) {
    problems.push({ code: 'ROW_ID_NUMBER_BIRTH_YEAR', params: { value: idNumber, digits: idNumber.slice(4, 6), birthYear } });
  }

  return problems;
}

/** The digits of a cell, or a problem when the cell holds something else. */
function digitsOf(cell: RawCell): { digits: string } | { problem: CellProblem } {
  if (cell.kind === 'number') {
    if (!Number.isSafeInteger(cell.value)) {
      return { problem: { code: 'ROW_ID_NUMBER_SCIENTIFIC', params: { value: String(cell.value) } } };
    }

    return { digits: cell.value.toFixed(0) };
  }

  const text = cell.kind === 'text' ? cell.text.replace(/[\s\u00a0]/g, '').replace(/^'/, '') : '';

  if (SCIENTIFIC_PATTERN.test(text)) {
    return { problem: { code: 'ROW_ID_NUMBER_SCIENTIFIC', params: { value: text } } };
  }

  if (!/^\d+$/.test(text)) {
    return { problem: { code: 'ROW_ID_NUMBER_INVALID', params: { value: text, reason: 'chỉ được chứa chữ số / digits only' } } };
  }

  return { digits: text };
}

/**
 * Reads the ID number cell: a valid 12-digit number, a 9-digit legacy number (CMND) typed in
 * this column, nothing, or the problems found. For a number that lost its leading zeros the
 * zero-padded value is proposed when it passes every structure check; otherwise no value is
 * proposed, because the lost digits cannot be known.
 */
export function readIdNumberCell(cell: RawCell | undefined, holder: Holder): IdCellResult {
  if (cell === undefined || cell.kind === 'empty') {
    return { kind: 'none' };
  }

  const read = digitsOf(cell);

  if ('problem' in read) {
    return { kind: 'invalid', problems: [read.problem] };
  }

  const { digits } = read;

  if (digits.length === LEGACY_ID_LENGTH && cell.kind === 'text') {
    return { kind: 'legacy', legacyIdNumber: digits };
  }

  if (digits.length === ID_LENGTH) {
    const problems = idNumberProblems(digits, holder);
    return problems.length === 0 ? { kind: 'id', idNumber: digits } : { kind: 'invalid', problems };
  }

  if (digits.length < ID_LENGTH && (digits.length > LEGACY_ID_LENGTH || cell.kind === 'number')) {
    const padded = digits.padStart(ID_LENGTH, '0');
    const fits = idNumberProblems(padded, holder).length === 0;

    return {
      kind: 'invalid',
      problems: [fits ? { code: 'ROW_ID_NUMBER_LOST_ZEROS', params: { value: digits, suggestion: padded }, suggestion: padded } : { code: 'ROW_ID_NUMBER_LOST_ZEROS_AMBIGUOUS', params: { value: digits } }],
    };
  }

  return { kind: 'invalid', problems: [{ code: 'ROW_ID_NUMBER_INVALID', params: { value: digits, reason: `có ${digits.length} chữ số, cần 12 / has ${digits.length} digits, expected 12` } }] };
}

/** Reads the legacy ID (CMND) cell: 9 or 12 digits; a number cell that lost one zero gets a proposal. */
export function readLegacyIdCell(cell: RawCell | undefined): { value: string | null; problem?: CellProblem } {
  if (cell === undefined || cell.kind === 'empty') {
    return { value: null };
  }

  const read = digitsOf(cell);

  if ('problem' in read) {
    return { value: null, problem: { code: 'ROW_LEGACY_ID_INVALID', params: { value: cell.kind === 'text' ? cell.text : String(cell.kind === 'number' ? cell.value : '') } } };
  }

  if (read.digits.length === LEGACY_ID_LENGTH || read.digits.length === ID_LENGTH) {
    return { value: read.digits };
  }

  if (cell.kind === 'number' && read.digits.length === LEGACY_ID_LENGTH - 1) {
    const padded = read.digits.padStart(LEGACY_ID_LENGTH, '0');
    return { value: null, problem: { code: 'ROW_ID_NUMBER_LOST_ZEROS', params: { value: read.digits, suggestion: padded }, suggestion: padded } };
  }

  return { value: null, problem: { code: 'ROW_LEGACY_ID_INVALID', params: { value: read.digits } } };
}
