// Reads a candidate list file (.xlsx or .csv) into rows of raw cells, keeping what kind of
// value each cell held: a number cell is how Excel loses the leading zeros of an ID number.
import ExcelJS from 'exceljs';

import { ApiError } from '../errors.js';
import { decodeCsvBytes, detectLegacyEncoding, type TextEncoding } from './text-encoding.js';

export type RawCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; date: Date };

export interface RawSheet {
  format: 'xlsx' | 'csv';
  /** Text encoding of a CSV file; null for .xlsx. */
  encoding: TextEncoding | null;
  rows: { rowNumber: number; cells: RawCell[] }[];
}

const EMPTY: RawCell = { kind: 'empty' };

function textCell(text: string): RawCell {
  return text.trim() === '' ? EMPTY : { kind: 'text', text };
}

function cellFromExcel(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'boolean') return textCell(String(value));
  if (value instanceof Date) return { kind: 'date', date: value };
  if ('richText' in value) return textCell(value.richText.map((part) => part.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return cellFromExcel((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value && typeof value.text === 'string') return textCell(value.text);
  return EMPTY;
}

// An .xlsx file is a ZIP archive; an .xls file from Excel 97-2003 is an OLE compound file.
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** Rejects a file named .xlsx that is not a ZIP archive, naming what it looks like instead. */
function checkXlsxSignature(bytes: Uint8Array, fileName: string): void {
  if (startsWith(bytes, ZIP_SIGNATURE)) return;

  let found = 'not a ZIP archive / không phải tệp nén ZIP';
  if (bytes.length === 0) found = 'empty file / tệp rỗng';
  if (startsWith(bytes, OLE_SIGNATURE)) found = 'Excel 97-2003 .xls';

  throw new ApiError('IMPORT_FILE_NOT_XLSX', { fileName, found });
}

async function readXlsx(bytes: Uint8Array, fileName: string): Promise<RawSheet> {
  checkXlsxSignature(bytes, fileName);

  const workbook = new ExcelJS.Workbook();

  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const problem = /zip|central directory/i.test(detail)
      ? 'the ZIP archive is damaged or cut short / tệp nén ZIP bị hỏng hoặc bị cắt cụt'
      : 'the ZIP archive holds no readable Excel workbook / tệp nén không chứa bảng tính Excel đọc được';
    throw new ApiError('IMPORT_FILE_UNREADABLE', { fileName, reason: `${problem} (${detail})` });
  }

  const sheet = workbook.worksheets[0];

  if (sheet === undefined) {
    throw new ApiError('IMPORT_FILE_UNREADABLE', { fileName, reason: 'the workbook has no worksheet / tệp không có trang tính' });
  }

  const rows: RawSheet['rows'] = [];

  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];

    for (let column = 1; column <= row.cellCount; column += 1) {
      cells.push(cellFromExcel(row.getCell(column).value));
    }

    rows.push({ rowNumber, cells });
  });

  const allText = rows.flatMap((row) => row.cells.map((cell) => (cell.kind === 'text' ? cell.text : ''))).join('\n');
  const legacy = detectLegacyEncoding(allText);

  if (legacy !== null) {
    throw new ApiError('IMPORT_ENCODING_LEGACY', { fileName, encoding: legacy });
  }

  return { format: 'xlsx', encoding: null, rows };
}

/** Splits CSV text (RFC 4180 quoting) with the separator the header line uses: comma, semicolon or tab. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const separator = [';', '\t', ','].reduce((best, candidate) => (firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best), ',');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;

  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];

    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
      continue;
    }

    if (char === '"' && field === '') {
      quoted = true;
    } else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }

  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }

  return rows;
}

function readCsv(bytes: Uint8Array, fileName: string): RawSheet {
  const decoded = decodeCsvBytes(bytes);

  if (!decoded.ok) {
    throw new ApiError('IMPORT_ENCODING_LEGACY', { fileName, encoding: decoded.legacyEncoding });
  }

  const rows = parseCsv(decoded.text)
    .map((fields, index) => ({ rowNumber: index + 1, cells: fields.map(textCell) }))
    .filter((row) => row.cells.some((cell) => cell.kind !== 'empty'));

  return { format: 'csv', encoding: decoded.encoding, rows };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Returns the extension of a file name in lower case with its dot, or '' when it has none. */
function extensionOf(fileName: string): string {
  const baseName = fileName.split(/[\\/]/).pop() ?? '';
  const dot = baseName.lastIndexOf('.');
  return dot <= 0 ? '' : baseName.slice(dot).toLowerCase();
}

/**
 * Reads an .xlsx or .csv (.txt) file, chosen by its extension and checked against its first
 * bytes. A name without an extension is read as .xlsx when its bytes are a ZIP archive. Any
 * other extension is rejected with IMPORT_FILE_UNSUPPORTED, also for other ZIP-based files
 * such as .docx or .ods, which are not spreadsheets this import reads.
 */
export async function readCandidateFile(fileName: string, bytes: Uint8Array): Promise<RawSheet> {
  const extension = extensionOf(fileName);
  const isZip = ZIP_MAGIC.every((byte, index) => bytes[index] === byte);

  if (extension === '.xlsx' || (extension === '' && isZip)) {
    return readXlsx(bytes, fileName);
  }

  if (extension === '.csv' || extension === '.txt') {
    return readCsv(bytes, fileName);
  }

  throw new ApiError('IMPORT_FILE_UNSUPPORTED', { fileName });
}
