// DG13 of the Vietnamese citizen identity card (CCCD): optional details of the holder.
// Layout: 6D { SEQUENCE { INTEGER 1, OBJECT IDENTIFIER 1.0.10646.1.0.8, SET OF SEQUENCE
// { INTEGER fieldNumber, value } } }, DER with UTF-8 text. The fields are keyed by number;
// any field may be missing, and fields this parser does not know are kept raw.
import { ChipError } from '../errors.js';
import { tagToHex, type TlvNode } from '../codec/tlv.js';
import { childAt, expectDerTag, readOid, readSmallInteger, readString, TAG_SEQUENCE, TAG_SET } from './der.js';
import { parseFile } from './file-tags.js';

/** OBJECT IDENTIFIER that opens DG13 on CCCDs (ISO/IEC 10646 UTF-8 level 1). */
export const DG13_OID = '1.0.10646.1.0.8';

/** A date as printed on the chip and, when it is a real date, as YYYY-MM-DD. */
export interface Dg13Date {
  text: string;
  iso: string | null;
}

/** Expiry: a date, or a phrase such as "Không thời hạn" (no expiry). */
export interface Dg13Expiry extends Dg13Date {
  noExpiry: boolean;
}

/** Nesting of the parents' names in field 13: each in its own SEQUENCE, both in one, or bare strings. */
export type ParentsNesting = 'separate' | 'combined' | 'flat';

/** A field kept as it was read: its number and the DER of its value objects. */
export interface Dg13RawField {
  fieldNumber: number;
  /** DER of every object after the field number, concatenated. */
  value: Uint8Array;
}

/** DG13 fields; text is in Unicode NFC. */
export interface Dg13 {
  /** 1: the 12-digit personal identification number. */
  idNumber?: string;
  /** 2: full name with diacritics. */
  fullName?: string;
  /** 3: date of birth (DD/MM/YYYY, also seen as DDMMYYYY). */
  birthDate?: Dg13Date;
  /** 4: sex as printed (`Nam` / `Nữ`) and as M/F. */
  sex?: { text: string; code: 'M' | 'F' | null };
  /** 5: nationality, e.g. `Việt Nam`. */
  nationality?: string;
  /** 6: ethnicity. */
  ethnicity?: string;
  /** 7: religion. */
  religion?: string;
  /** 8: place of origin (quê quán). */
  placeOfOrigin?: string;
  /** 9: place of residence (nơi thường trú). */
  placeOfResidence?: string;
  /** 10: identifying marks. */
  identifyingMarks?: string;
  /** 11: date of issue. */
  issueDate?: Dg13Date;
  /** 12: date of expiry or "Không thời hạn". */
  expiryDate?: Dg13Expiry;
  /** 13: father's name. */
  fatherName?: string;
  /** 13: mother's name. */
  motherName?: string;
  parentsNesting?: ParentsNesting;
  /** 14: spouse's name; null when the entry is present but empty. */
  spouseName?: string | null;
  /** 15: old 9-digit ID number (CMND). */
  oldIdNumber?: string;
  /** 16: a 16-character value whose meaning is not published. */
  field16?: string;
  /** Fields with numbers this parser does not know, kept raw. */
  unknownFields: Dg13RawField[];
}

const NO_EXPIRY_PHRASES = ['không thời hạn', 'khong thoi han'];

/** Parses DG13 of a CCCD. */
export function parseDg13(bytes: Uint8Array): Dg13 {
  const root = parseFile(bytes, 'DG13');

  if (root.children.length !== 1) {
    throw invalid(`DG13 contains ${root.children.length} objects, expected one SEQUENCE`, root);
  }

  const body = expectDerTag(root.children[0]!, TAG_SEQUENCE, 'DG13 body');
  const version = readSmallInteger(childAt(body, 0, 'DG13 version'), 'DG13 version');
  const oid = readOid(childAt(body, 1, 'DG13 object identifier'), 'DG13 object identifier');

  if (version !== 1 || oid !== DG13_OID) {
    throw invalid(`DG13 starts with version ${version} and OID ${oid}, expected 1 and ${DG13_OID}`, body);
  }

  const entries = entriesOf(body);
  const result: Dg13 = { unknownFields: [] };
  const seen = new Set<number>();

  for (const entry of entries) {
    expectDerTag(entry, TAG_SEQUENCE, 'DG13 field');
    const fieldNumber = readSmallInteger(childAt(entry, 0, 'DG13 field number'), 'DG13 field number');

    if (seen.has(fieldNumber)) {
      throw invalid(`DG13 field ${fieldNumber} appears twice`, entry);
    }

    seen.add(fieldNumber);
    readField(result, fieldNumber, entry.children.slice(1), entry);
  }

  return result;
}

/** Returns the field entries: the children of the SET, or bare SEQUENCEs after the OID. */
function entriesOf(body: TlvNode): TlvNode[] {
  const rest = body.children.slice(2);

  if (rest.length === 1 && rest[0]!.tag === TAG_SET) {
    return [...rest[0]!.children];
  }

  if (rest.every((node) => node.tag === TAG_SEQUENCE)) {
    return rest;
  }

  throw invalid('DG13 fields must be one SET of SEQUENCEs (or SEQUENCEs after the OID)', body);
}

const TEXT_FIELDS: Readonly<Record<number, 'idNumber' | 'fullName' | 'nationality' | 'ethnicity' | 'religion' | 'placeOfOrigin' | 'placeOfResidence' | 'identifyingMarks' | 'oldIdNumber' | 'field16'>> = {
  1: 'idNumber',
  2: 'fullName',
  5: 'nationality',
  6: 'ethnicity',
  7: 'religion',
  8: 'placeOfOrigin',
  9: 'placeOfResidence',
  10: 'identifyingMarks',
  15: 'oldIdNumber',
  16: 'field16',
};

function readField(result: Dg13, fieldNumber: number, values: TlvNode[], entry: TlvNode): void {
  const textKey = TEXT_FIELDS[fieldNumber];

  if (textKey !== undefined) {
    result[textKey] = singleText(values, fieldNumber, entry);
    return;
  }

  switch (fieldNumber) {
    case 3:
      result.birthDate = parseDg13Date(singleText(values, fieldNumber, entry));
      return;
    case 4: {
      const text = singleText(values, fieldNumber, entry);
      result.sex = { text, code: sexCode(text) };
      return;
    }
    case 11:
      result.issueDate = parseDg13Date(singleText(values, fieldNumber, entry));
      return;
    case 12: {
      const text = singleText(values, fieldNumber, entry);
      const noExpiry = NO_EXPIRY_PHRASES.includes(text.toLocaleLowerCase('vi'));
      result.expiryDate = { ...parseDg13Date(text), noExpiry };
      return;
    }
    case 13:
      readParents(result, values, entry);
      return;
    case 14:
      readSpouse(result, values, entry);
      return;
    default:
      result.unknownFields.push({ fieldNumber, value: concat(values) });
  }
}

function singleText(values: TlvNode[], fieldNumber: number, entry: TlvNode): string {
  if (values.length !== 1) {
    throw invalid(`DG13 field ${fieldNumber} contains ${values.length} values, expected one string`, entry);
  }

  return readString(values[0]!, `DG13 field ${fieldNumber}`).normalize('NFC');
}

function readParents(result: Dg13, values: TlvNode[], entry: TlvNode): void {
  const names: string[] = [];
  let nesting: ParentsNesting = 'flat';

  for (const value of values) {
    if (value.tag === TAG_SEQUENCE) {
      nesting = values.length === 1 ? 'combined' : 'separate';
      names.push(...value.children.map((child) => readString(child, 'DG13 field 13 name')));
    } else {
      names.push(readString(value, 'DG13 field 13 name'));
    }
  }

  if (names.length > 2) {
    throw invalid(`DG13 field 13 contains ${names.length} names, expected the father's and the mother's`, entry);
  }

  result.parentsNesting = nesting;
  if (names[0] !== undefined && names[0] !== '') result.fatherName = names[0].normalize('NFC');
  if (names[1] !== undefined && names[1] !== '') result.motherName = names[1].normalize('NFC');
}

function readSpouse(result: Dg13, values: TlvNode[], entry: TlvNode): void {
  const names: string[] = [];

  for (const value of values) {
    if (value.tag === TAG_SEQUENCE) {
      names.push(...value.children.map((child) => readString(child, 'DG13 field 14 name')));
    } else {
      names.push(readString(value, 'DG13 field 14 name'));
    }
  }

  if (names.length > 1) {
    throw invalid(`DG13 field 14 contains ${names.length} names, expected at most one`, entry);
  }

  const name = names[0];
  result.spouseName = name === undefined || name === '' ? null : name.normalize('NFC');
}

/** Parses `DD/MM/YYYY` or `DDMMYYYY`; any other text (or an impossible date) keeps `iso` null. */
export function parseDg13Date(text: string): Dg13Date {
  const match = /^(\d{2})\/?(\d{2})\/?(\d{4})$/.exec(text.trim());

  if (match === null) {
    return { text, iso: null };
  }

  const [, day, month, year] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const valid = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);

  return { text, iso: valid ? `${year}-${month}-${day}` : null };
}

function sexCode(text: string): 'M' | 'F' | null {
  const lower = text.normalize('NFC').toLocaleLowerCase('vi');

  if (lower === 'nam' || lower === 'm') return 'M';
  if (lower === 'nữ' || lower === 'nu' || lower === 'f') return 'F';
  return null;
}

function concat(nodes: TlvNode[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(nodes.map((node) => node.encoded)));
}

function invalid(message: string, node: TlvNode): ChipError {
  return new ChipError('LDS_INVALID', `${message} (at ${node.path}, tag ${tagToHex(node.tag)})`, { file: 'DG13', path: node.path });
}
