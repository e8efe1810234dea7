// Validation of every row of a candidate list into a record to store, or errors per row and
// column (in Vietnamese and English), plus warnings that do not block the import.
import type { ChipStatus } from '../db/schema.js';
import { type ErrorCode, type ErrorParams, type LocalisedMessage, renderMessage } from '../errors.js';
import { cellText, foldVietnamese, normaliseName, parseDateCell, parseSexCell } from './cell-values.js';
import type { CandidateColumn, HeaderMatch } from './columns.js';
import { type CellProblem, readIdNumberCell, readLegacyIdCell } from './id-number-cell.js';
import type { RawCell, RawSheet } from './spreadsheet.js';
import type { CandidateRecord } from './store.js';

export interface RowIssue {
  row: number;
  column: CandidateColumn | null;
  code: ErrorCode;
  /** The cell as typed. */
  value: string;
  message: LocalisedMessage;
  /** A corrected value, when exactly one is possible. */
  suggestion?: string;
}

export interface ValidatedRow {
  row: number;
  record: CandidateRecord | null;
  /** The 12-digit ID number as typed, valid or not, to find repeats of a number in the file. */
  typedIdNumber: string | null;
  errors: RowIssue[];
  warnings: RowIssue[];
}

/** The unit's classes and existing candidates, which row validation checks against. */
export interface UnitSnapshot {
  classIdByKey: Map<string, string>;
  /** Existing candidates by ID number (12-digit or legacy). */
  candidatesByNumber: Map<string, { fullName: string; fullNameDisplay: string; birthDate: string }>;
}

/** The first day chipped CCCD cards were issued; 12-digit cards issued before had no chip. */
export const CHIP_CARDS_FROM = '2021-01-01';

export function classKey(text: string): string {
  return foldVietnamese(text).replace(/\s+/g, '');
}

function issue(row: number, column: CandidateColumn | null, value: string, code: ErrorCode, params: ErrorParams, suggestion?: string): RowIssue {
  return { row, column, code, value, message: renderMessage(code, params), ...(suggestion === undefined ? {} : { suggestion }) };
}

function fromProblem(row: number, column: CandidateColumn, value: string, problem: CellProblem): RowIssue {
  return issue(row, column, value, problem.code, problem.params, problem.suggestion);
}

function chipStatusOf(idNumber: string | null, legacyIdNumber: string | null, cardIssuedOn: string | null): ChipStatus {
  if (idNumber === null) return legacyIdNumber === null ? 'no_card' : 'legacy_id';
  if (cardIssuedOn !== null && cardIssuedOn < CHIP_CARDS_FROM) return 'pre_2021_card';
  return 'chipped';
}

const CHIP_STATUS_REASONS: Record<Exclude<ChipStatus, 'chipped'>, string> = {
  no_card: 'không có số CCCD / no ID number',
  legacy_id: 'chỉ có CMND 9 số / only a 9-digit legacy ID',
  pre_2021_card: 'thẻ cấp trước năm 2021, không có chip / card issued before 2021, without chip',
};

/** Validates one data row; duplicates across rows are checked afterwards by `markDuplicates`. */
export function validateRow(rowNumber: number, cells: RawCell[], header: HeaderMatch, unit: UnitSnapshot): ValidatedRow {
  const cell = (column: CandidateColumn): RawCell | undefined => {
    const index = header.columns[column];
    return index === undefined ? undefined : cells[index];
  };
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];

  const typedName = cellText(cell('fullName'));
  const fullName = normaliseName(typedName);

  if (fullName === '') {
    errors.push(issue(rowNumber, 'fullName', typedName, 'ROW_NAME_MISSING', {}));
  } else if (fullName !== typedName) {
    warnings.push(issue(rowNumber, 'fullName', typedName, 'ROW_NAME_NORMALISED', { value: typedName, normalised: fullName }));
  }

  const birthDate = parseDateCell(cell('birthDate'));
  const today = new Date().toISOString().slice(0, 10);

  if (birthDate === null || birthDate < '1900-01-01' || birthDate > today) {
    errors.push(issue(rowNumber, 'birthDate', cellText(cell('birthDate')), 'ROW_BIRTH_DATE_INVALID', { value: cellText(cell('birthDate')) }));
  }

  const sex = parseSexCell(cell('sex'));

  if (sex === null) {
    errors.push(issue(rowNumber, 'sex', cellText(cell('sex')), 'ROW_SEX_INVALID', { value: cellText(cell('sex')) }));
  }

  const validBirthDate = birthDate !== null && errors.every((entry) => entry.column !== 'birthDate') ? birthDate : null;
  const idCell = readIdNumberCell(cell('idNumber'), { birthDate: validBirthDate, sex });
  const legacyCell = readLegacyIdCell(cell('legacyIdNumber'));
  let idNumber: string | null = null;
  let legacyIdNumber = legacyCell.value;

  if (idCell.kind === 'invalid') {
    errors.push(...idCell.problems.map((problem) => fromProblem(rowNumber, 'idNumber', cellText(cell('idNumber')), problem)));
  } else if (idCell.kind === 'id') {
    idNumber = idCell.idNumber;
  } else if (idCell.kind === 'legacy') {
    legacyIdNumber = idCell.legacyIdNumber;
  }

  if (legacyCell.problem !== undefined) {
    errors.push(fromProblem(rowNumber, 'legacyIdNumber', cellText(cell('legacyIdNumber')), legacyCell.problem));
  }

  const cardCell = cell('cardIssuedOn');
  const cardIssuedOn = parseDateCell(cardCell);

  if (cardCell !== undefined && cardCell.kind !== 'empty' && cardIssuedOn === null) {
    errors.push(issue(rowNumber, 'cardIssuedOn', cellText(cardCell), 'ROW_CARD_ISSUED_ON_INVALID', { value: cellText(cardCell) }));
  }

  const className = cellText(cell('className')).trim();
  const classId = className === '' ? null : (unit.classIdByKey.get(classKey(className)) ?? null);

  if (className !== '' && classId === null) {
    errors.push(issue(rowNumber, 'className', className, 'ROW_CLASS_NOT_FOUND', { value: className }));
  }

  const typedDigits = cellText(cell('idNumber')).replace(/[\s\u00a0]/g, '');
  const typedIdNumber = /^\d{12}$/.test(typedDigits) ? typedDigits : null;

  if (errors.length > 0 || birthDate === null || sex === null) {
    return { row: rowNumber, record: null, typedIdNumber, errors, warnings };
  }

  const chipStatus = chipStatusOf(idNumber, legacyIdNumber, cardIssuedOn);

  if (chipStatus !== 'chipped') {
    warnings.push(issue(rowNumber, 'idNumber', cellText(cell('idNumber')), 'ROW_CHIP_CARD_MISSING', { reason: CHIP_STATUS_REASONS[chipStatus] }));
  }

  let matchKey = `name:${fullName.toLowerCase()}|${birthDate}`;

  if (idNumber !== null) {
    matchKey = `id:${idNumber}`;
  } else if (legacyIdNumber !== null) {
    matchKey = `legacy:${legacyIdNumber}`;
  }

  const optionalText = (column: CandidateColumn): string | null => {
    const text = cellText(cell(column)).trim();
    return text === '' ? null : text;
  };
  const phoneCell = cell('phone');
  // A phone number in a number cell lost its leading 0, like an ID number.
  const phone = phoneCell?.kind === 'number' ? `0${phoneCell.value.toFixed(0)}` : optionalText('phone');

  return {
    row: rowNumber,
    typedIdNumber,
    record: {
      matchKey,
      idNumber,
      legacyIdNumber,
      cardIssuedOn,
      fullName,
      fullNameDisplay: typedName.trim() === '' ? fullName : typedName,
      birthDate,
      sex,
      chipStatus,
      classId,
      email: optionalText('email'),
      phone,
    },
    errors,
    warnings,
  };
}

/**
 * Marks rows whose ID number repeats an earlier row of the file (even when either row has other
 * errors, since a pasted number is the likely cause), and rows whose ID number belongs to a
 * different person of the unit (another name and another birth date). The same person imported
 * again is no duplicate: the import updates the record.
 */
export function markDuplicates(rows: ValidatedRow[], unit: UnitSnapshot): void {
  const firstRowByNumber = new Map<string, number>();

  for (const row of rows) {
    const record = row.record;
    const number = record?.idNumber ?? record?.legacyIdNumber ?? row.typedIdNumber;

    if (number === null) {
      continue;
    }

    const column: CandidateColumn = record !== null && record.idNumber === null ? 'legacyIdNumber' : 'idNumber';
    const firstRow = firstRowByNumber.get(number);

    if (firstRow !== undefined) {
      row.errors.push(issue(row.row, column, number, 'ROW_DUPLICATE_IN_FILE', { value: number, otherRow: firstRow }));
      row.record = null;
      continue;
    }

    firstRowByNumber.set(number, row.row);

    const existing = unit.candidatesByNumber.get(number);

    if (record === null || existing === undefined) {
      continue;
    }

    const samePerson = existing.fullName.toLowerCase() === record.fullName.toLowerCase() || existing.birthDate === record.birthDate;

    if (!samePerson) {
      row.errors.push(issue(row.row, column, number, 'ROW_DUPLICATE_IN_UNIT', { value: number, otherName: existing.fullNameDisplay }));
      row.record = null;
    }
  }
}

export function validateRows(sheet: RawSheet, header: HeaderMatch, unit: UnitSnapshot): ValidatedRow[] {
  const rows = sheet.rows.filter((row) => row.rowNumber > header.rowNumber).map((row) => validateRow(row.rowNumber, row.cells, header, unit));
  markDuplicates(rows, unit);
  return rows;
}
