// Parsing and validation of TD1 (CCCD, identity cards) and TD3 (passports) machine readable
// zones (ICAO Doc 9303 Parts 4 and 5), with the Vietnamese CCCD profile: document number = last
// 9 digits of the 12-digit ID, the full ID and its check digit in the optional data of line 1.
import type { ChipErrorCode } from '../errors.js';
import { validateIdNumber } from '../idnumber/validate.js';
import { computeCheckDigit } from './check-digit.js';
import { birthDateFromMrz, expiryDateFromMrz } from './dates.js';
import type { MrzFormat } from './layout.js';
import { normalizeMrz, type MrzRepair } from './repair.js';

export type MrzCheckedField = 'documentNumber' | 'birthDate' | 'expiryDate' | 'idNumber' | 'personalNumber' | 'composite';

export interface MrzCheckDigit {
  field: MrzCheckedField;
  /** Check digit printed in the MRZ. */
  found: string;
  /** Check digit computed over the field. */
  computed: number;
  valid: boolean;
}

export interface MrzProblem {
  code: ChipErrorCode;
  /** Field the problem is about, when there is one. */
  field?: string;
  message: string;
}

export interface MrzResult {
  format: MrzFormat;
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  /** 12-digit personal identification number of a CCCD, else null. */
  idNumber: string | null;
  /** YYYY-MM-DD, or null when the field is not a date. */
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** YYYY-MM-DD, or null when the document does not expire (991231) or the field is not a date. */
  expiryDate: string | null;
  nationality: string;
  surname: string;
  givenNames: string;
  /** Optional data fields exactly as printed (TD1: line 1 and line 2; TD3: personal number). */
  optionalData: string[];
  /** MRZ_information for BAC and PACE-MRZ, from the fields as printed. */
  mrzInformation: string;
  checkDigits: MrzCheckDigit[];
  repairs: MrzRepair[];
  /** True when every check digit matches and every field is well formed. */
  valid: boolean;
  errors: MrzProblem[];
  /** Inconsistencies that do not make the MRZ invalid, e.g. an ID number whose sex digit disagrees. */
  warnings: MrzProblem[];
  /** The normalised lines. */
  lines: string[];
}

export interface ParseMrzOptions {
  /** Clock for two-digit birth years. Default: the current time. */
  now?: Date;
  /** Repair OCR confusions and stray characters (default true); when false they are errors. */
  repair?: boolean;
}

interface RawFields {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  documentNumberCheck: string;
  birth: string;
  birthCheck: string;
  sex: string;
  expiry: string;
  expiryCheck: string;
  nationality: string;
  names: string;
  optionalData: string[];
  compositeInput: string;
  compositeCheck: string;
  personalNumberCheck?: string;
}

const stripFillers = (value: string): string => value.replace(/<+$/, '').replace(/^<+/, '');

/** Parses and validates an MRZ given as lines or as one string with line breaks. */
export function parseMrz(input: string | readonly string[], options: ParseMrzOptions = {}): MrzResult {
  const normalized = normalizeMrz(input, options.repair ?? true);
  const lines = normalized.lines;
  const raw = normalized.format === 'TD1' ? td1Fields(lines) : td3Fields(lines);
  const errors: MrzProblem[] = [];
  const warnings: MrzProblem[] = [];

  const checkDigits: MrzCheckDigit[] = [
    checkDigit('documentNumber', raw.documentNumber.length > 9 ? raw.documentNumber : raw.documentNumber.padEnd(9, '<'), raw.documentNumberCheck),
    checkDigit('birthDate', raw.birth, raw.birthCheck),
    checkDigit('expiryDate', raw.expiry, raw.expiryCheck),
  ];

  if (raw.personalNumberCheck !== undefined) {
    const personalNumber = raw.optionalData[0] as string;
    const empty = /^<*$/.test(personalNumber) && raw.personalNumberCheck === '<';

    if (!empty) checkDigits.push(checkDigit('personalNumber', personalNumber, raw.personalNumberCheck));
  }

  const idNumber = normalized.format === 'TD1' ? cccdIdNumber(raw, lines, checkDigits, errors, warnings) : null;
  checkDigits.push(checkDigit('composite', raw.compositeInput, raw.compositeCheck));

  for (const check of checkDigits.filter((item) => !item.valid)) {
    errors.push({ code: 'MRZ_CHECK_DIGIT', field: check.field, message: `check digit of ${check.field} is "${check.found}", but the field computes to ${check.computed}` });
  }

  const now = options.now ?? new Date();
  const birthDate = birthDateFromMrz(raw.birth, now);
  const expiry = expiryDateFromMrz(raw.expiry);

  if (birthDate === null) {
    errors.push({ code: 'MRZ_DATE', field: 'birthDate', message: 'date of birth is not a valid YYMMDD date in the past' });
  }

  if (expiry === undefined) {
    errors.push({ code: 'MRZ_DATE', field: 'expiryDate', message: 'date of expiry is not a valid YYMMDD date (991231 means no expiry)' });
  }

  const sex = raw.sex === 'M' || raw.sex === 'F' ? raw.sex : null;

  if (!/^[MFX<]$/.test(raw.sex)) {
    errors.push({ code: 'MRZ_FIELD', field: 'sex', message: `sex is "${raw.sex}", expected M, F, X or <` });
  }

  if (idNumber !== null && birthDate !== null) {
    for (const problem of validateIdNumber(idNumber, { birthDate, sex }).problems) {
      warnings.push({ code: problem.code, field: 'idNumber', message: problem.message });
    }
  }

  const [surname, givenNames] = splitNames(raw.names);

  return {
    format: normalized.format,
    documentCode: stripFillers(raw.documentCode),
    issuingState: stripFillers(raw.issuingState),
    documentNumber: stripFillers(raw.documentNumber),
    idNumber,
    birthDate,
    sex,
    expiryDate: expiry ?? null,
    nationality: stripFillers(raw.nationality),
    surname,
    givenNames,
    optionalData: raw.optionalData,
    mrzInformation: `${raw.documentNumber.padEnd(9, '<')}${raw.documentNumberCheck}${raw.birth}${raw.birthCheck}${raw.expiry}${raw.expiryCheck}`,
    checkDigits,
    repairs: normalized.repairs,
    valid: errors.length === 0,
    errors,
    warnings,
    lines,
  };
}

function checkDigit(field: MrzCheckedField, value: string, found: string): MrzCheckDigit {
  const computed = computeCheckDigit(value);
  return { field, found, computed, valid: found === String(computed) };
}

function td1Fields(lines: string[]): RawFields {
  const [line1, line2, line3] = lines as [string, string, string];
  const optional1 = line1.slice(15, 30);
  let documentNumber = line1.slice(5, 14);
  let documentNumberCheck = line1.slice(14, 15);

  // Document numbers longer than 9 characters: `<` at position 15, the rest of the number and
  // its check digit at the start of the optional data (Doc 9303 Part 5, note j).
  if (documentNumberCheck === '<' && /^[A-Z0-9]/.test(optional1)) {
    const overflow = optional1.split('<')[0] as string;
    documentNumber += overflow.slice(0, -1);
    documentNumberCheck = overflow.slice(-1);
  }

  return {
    documentCode: line1.slice(0, 2),
    issuingState: line1.slice(2, 5),
    documentNumber,
    documentNumberCheck,
    birth: line2.slice(0, 6),
    birthCheck: line2.slice(6, 7),
    sex: line2.slice(7, 8),
    expiry: line2.slice(8, 14),
    expiryCheck: line2.slice(14, 15),
    nationality: line2.slice(15, 18),
    names: line3,
    optionalData: [optional1, line2.slice(18, 29)],
    compositeInput: line1.slice(5, 30) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29),
    compositeCheck: line2.slice(29, 30),
  };
}

function td3Fields(lines: string[]): RawFields {
  const [line1, line2] = lines as [string, string];

  return {
    documentCode: line1.slice(0, 2),
    issuingState: line1.slice(2, 5),
    documentNumber: line2.slice(0, 9),
    documentNumberCheck: line2.slice(9, 10),
    birth: line2.slice(13, 19),
    birthCheck: line2.slice(19, 20),
    sex: line2.slice(20, 21),
    expiry: line2.slice(21, 27),
    expiryCheck: line2.slice(27, 28),
    nationality: line2.slice(10, 13),
    names: line1.slice(5),
    optionalData: [line2.slice(28, 42)],
    compositeInput: line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43),
    compositeCheck: line2.slice(43, 44),
    personalNumberCheck: line2.slice(42, 43),
  };
}

/** Finds and checks the 12-digit ID of a Vietnamese CCCD in the optional data of line 1. */
function cccdIdNumber(raw: RawFields, lines: string[], checkDigits: MrzCheckDigit[], errors: MrzProblem[], warnings: MrzProblem[]): string | null {
  if (raw.issuingState !== 'VNM' || !raw.documentCode.startsWith('I')) {
    return null;
  }

  const line1 = lines[0] as string;
  const idNumber = line1.slice(15, 27);

  if (!/^\d{12}$/.test(idNumber)) {
    warnings.push({ code: 'MRZ_ID_NUMBER', field: 'idNumber', message: 'a VNM identity card should carry the 12-digit ID at positions 16-27 of line 1, but they are not 12 digits' });
    return null;
  }

  checkDigits.push(checkDigit('idNumber', idNumber, line1.slice(29, 30)));

  if (idNumber.slice(3) !== raw.documentNumber) {
    errors.push({ code: 'MRZ_ID_NUMBER', field: 'documentNumber', message: 'the document number is not the last 9 digits of the 12-digit ID in the optional data' });
  }

  return idNumber;
}

function splitNames(field: string): [string, string] {
  const separator = field.indexOf('<<');
  const surname = separator < 0 ? field : field.slice(0, separator);
  const given = separator < 0 ? '' : field.slice(separator + 2);
  const words = (text: string): string => text.split('<').filter((word) => word !== '').join(' ');

  return [words(surname), words(given)];
}
