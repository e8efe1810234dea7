// Builders of candidate list files for the import tests: .xlsx workbooks with each cell kind
// Excel produces, and CSV bytes in UTF-8, Windows-1258, TCVN3 and VNI. Every identity is made
// up by the seeded ID-number generator; names are generated Vietnamese names.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { createIdNumberGenerator, type GeneratedIdentity } from '../../../src/chip/idnumber/index.js';
import { seededRandom, vietnameseName } from '../../../src/server/demo/vietnamese-names.js';

export const HEADER = ['STT', 'Số CCCD', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Lớp', 'Số CMND cũ', 'Ngày cấp CCCD'];

export type CellInput = string | number | Date | null;

/** Writes rows (after the header) into an .xlsx; string cells are text, numbers are number cells. */
export async function buildXlsx(rows: CellInput[][], header: string[] = HEADER): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DS');

  sheet.addRow(header);
  rows.forEach((row) => sheet.addRow(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface TestPerson extends GeneratedIdentity {
  fullName: string;
}

/** `count` made-up people with valid ID numbers, born 1990-2008. */
export function makePeople(count: number, seed = 7): TestPerson[] {
  const generator = createIdNumberGenerator(seed);
  const random = seededRandom(seed);

  return Array.from({ length: count }, () => {
    const identity = generator.next({ birthYears: [1990, 2008] });
    return { ...identity, fullName: vietnameseName(identity.sex, random) };
  });
}

export function dayFirst(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** One row of a valid list for a person (ID as a text cell). */
export function personRow(person: TestPerson, index: number): CellInput[] {
  return [index + 1, person.idNumber, person.fullName, dayFirst(person.birthDate), person.sex === 'M' ? 'Nam' : 'Nữ', '', '', '15/03/2022'];
}

export function toCsv(rows: CellInput[][], header: string[] = HEADER, separator = ','): string {
  const quote = (value: CellInput): string => {
    const text = value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    return /[",;\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };

  return [header, ...rows].map((row) => row.map(quote).join(separator)).join('\r\n');
}

/**
 * Encodes text as Windows-1258 the way Windows writes it: letters with circumflex, breve or
 * horn precomposed, tone marks as combining characters after them.
 */
export function encodeWindows1258(text: string): Buffer {
  const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const prepared = [...text.normalize('NFC')]
    .map((char) => {
      const decomposed = char.normalize('NFD');
      const tones = decomposed.match(TONE_MARKS)?.join('') ?? '';
      const base = decomposed.replace(TONE_MARKS, '').normalize('NFC');
      return base + tones;
    })
    .join('');

  return iconv.encode(prepared, 'windows1258');
}

// Byte values of the letters the tests use, in TCVN3 (TCVN 5712:1993, VN3) and in VNI Windows,
// as these encodings are documented in Vietnamese font converters. Letters not listed are ASCII.
const TCVN3: Record<string, number[]> = {
  'ă': [0xa8], 'â': [0xa9], 'ê': [0xaa], 'ô': [0xab], 'ơ': [0xac], 'ư': [0xad], 'đ': [0xae], 'Đ': [0xa7],
  'à': [0xb5], 'ả': [0xb6], 'ã': [0xb7], 'á': [0xb8], 'ạ': [0xb9], 'ầ': [0xc7], 'ấ': [0xca], 'ậ': [0xcb],
  'ễ': [0xd4], 'ế': [0xd5], 'ệ': [0xd6], 'ị': [0xde], 'ọ': [0xe4], 'ồ': [0xe5], 'ố': [0xe8], 'ộ': [0xe9],
  'ờ': [0xea], 'ợ': [0xee], 'ủ': [0xf1], 'ứ': [0xf8], 'ữ': [0xf7], 'ỳ': [0xfa], 'ý': [0xfd], 'ì': [0xd7], 'í': [0xdd],
};
const VNI: Record<string, number[]> = {
  'ă': [0x61, 0xea], 'â': [0x61, 0xe2], 'ê': [0x65, 0xe2], 'ô': [0x6f, 0xe2], 'ơ': [0xf4], 'ư': [0xf6], 'đ': [0xf1], 'Đ': [0xd1],
  'à': [0x61, 0xf8], 'ả': [0x61, 0xfb], 'ã': [0x61, 0xf5], 'á': [0x61, 0xf9], 'ạ': [0x61, 0xef], 'ầ': [0x61, 0xe0], 'ấ': [0x61, 0xe1], 'ậ': [0x61, 0xe4],
  'ễ': [0x65, 0xe3], 'ế': [0x65, 0xe1], 'ệ': [0x65, 0xe4], 'ị': [0xf2], 'ọ': [0x6f, 0xef], 'ồ': [0x6f, 0xe0], 'ố': [0x6f, 0xe1], 'ộ': [0x6f, 0xe4],
  'ờ': [0xf4, 0xf8], 'ợ': [0xf4, 0xef], 'ủ': [0x75, 0xfb], 'ứ': [0xf6, 0xf9], 'ữ': [0xf6, 0xf5], 'ỳ': [0x79, 0xf8], 'ý': [0x79, 0xf9], 'ì': [0xec], 'í': [0xed],
};

function encodeLegacy(text: string, table: Record<string, number[]>): Buffer {
  const bytes: number[] = [];

  for (const char of text.normalize('NFC')) {
    const mapped = table[char];

    if (mapped !== undefined) {
      bytes.push(...mapped);
    } else if (char.charCodeAt(0) < 0x80) {
      bytes.push(char.charCodeAt(0));
    } else {
      throw new Error(`test encoder has no ${char} in its table`);
    }
  }

  return Buffer.from(bytes);
}

export const encodeTcvn3 = (text: string): Buffer => encodeLegacy(text, TCVN3);
export const encodeVni = (text: string): Buffer => encodeLegacy(text, VNI);
