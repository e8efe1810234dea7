// The person record a virtual card is made from (PERSON.json): a generated identity with the
// fields a CCCD chip stores in DG1 and DG13. Text is kept in Unicode NFC.
import { readFile } from 'node:fs/promises';

import { validateIdNumber } from '../chip/idnumber/index.js';
import type { Dg13Person } from './lds-builder.js';

export const PERSON_FORMAT = 'examgate-person/1';

/** A person record: the DG13 fields, with dates as YYYY-MM-DD and `expiryDate` null for no expiry. */
export type PersonRecord = Dg13Person;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const REQUIRED_TEXT = ['fullName', 'nationality', 'ethnicity', 'religion', 'placeOfOrigin', 'placeOfResidence', 'identifyingMarks', 'fatherName', 'motherName'] as const;

/** Raised when a person record is invalid; the message names the field and the fix. */
export class PersonRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonRecordError';
  }
}

function isValidDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;

  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function requireDate(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];

  if (typeof value !== 'string' || !isValidDate(value)) {
    throw new PersonRecordError(`${where}: "${field}" is ${JSON.stringify(value)}; expected a date as YYYY-MM-DD`);
  }

  return value;
}

function requireText(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];

  if (typeof value !== 'string' || value.trim() === '') {
    throw new PersonRecordError(`${where}: "${field}" is missing or empty; expected text`);
  }

  return value.normalize('NFC');
}

/**
 * Checks a parsed PERSON.json and returns the record. The ID must be 12 digits with a known
 * province code and century/sex and year digits that match the birth date and sex.
 */
export function parsePersonRecord(value: unknown, where = 'person record'): PersonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PersonRecordError(`${where}: expected a JSON object`);
  }

  const record = value as Record<string, unknown>;

  if (record.format !== undefined && record.format !== PERSON_FORMAT) {
    throw new PersonRecordError(`${where}: format is "${String(record.format)}", expected "${PERSON_FORMAT}"`);
  }

  const sex = record.sex;

  if (sex !== 'M' && sex !== 'F') {
    throw new PersonRecordError(`${where}: "sex" is ${JSON.stringify(sex)}; expected "M" or "F"`);
  }

  const birthDate = requireDate(record, 'birthDate', where);
  const idNumber = String(record.idNumber ?? '');
  const report = validateIdNumber(idNumber, { birthDate, sex });

  if (!report.valid) {
    throw new PersonRecordError(`${where}: "idNumber" ${JSON.stringify(idNumber)} is invalid: ${report.problems.map((problem) => problem.message).join('; ')}`);
  }

  const expiryDate = record.expiryDate === null ? null : requireDate(record, 'expiryDate', where);
  const person: PersonRecord = {
    idNumber,
    fullName: '',
    birthDate,
    sex,
    nationality: '',
    ethnicity: '',
    religion: '',
    placeOfOrigin: '',
    placeOfResidence: '',
    identifyingMarks: '',
    issueDate: requireDate(record, 'issueDate', where),
    expiryDate,
    fatherName: '',
    motherName: '',
  };

  for (const field of REQUIRED_TEXT) {
    person[field] = requireText(record, field, where);
  }

  if (typeof record.spouseName === 'string') person.spouseName = record.spouseName.normalize('NFC');
  if (record.spouseName === null) person.spouseName = null;
  if (typeof record.oldIdNumber === 'string') person.oldIdNumber = record.oldIdNumber;

  return person;
}

/** Reads and checks PERSON.json. */
export async function readPersonRecord(path: string): Promise<PersonRecord> {
  let text: string;

  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PersonRecordError(`cannot read person record ${path}: ${(error as Error).message}`);
  }

  let value: unknown;

  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PersonRecordError(`person record ${path} is not valid JSON: ${(error as Error).message}`);
  }

  return parsePersonRecord(value, path);
}

