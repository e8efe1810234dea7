// Parsers for the cells of a candidate list: dates, sex, names and ID numbers as typed or as
// Excel stored them.
import type { RawCell } from './spreadsheet.js';

/** Text of a cell as the user typed or Excel displays it, for messages. */
export function cellText(cell: RawCell | undefined): string {
  if (cell === undefined || cell.kind === 'empty') return '';
  if (cell.kind === 'text') return cell.text;
  if (cell.kind === 'number') return String(cell.value);
  return cell.date.toISOString().slice(0, 10);
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));

  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }

  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Excel counts days from 1899-12-30 (its day 1 is 1900-01-01, and it keeps a 29 February 1900
// that never was, so serials from 61 on line up with this epoch).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;
/** Serials of 1900-01-01 and 2100-01-01: anything outside is not a birth date. */
const EXCEL_SERIAL_RANGE = [2, 73_051] as const;

export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < EXCEL_SERIAL_RANGE[0] || serial > EXCEL_SERIAL_RANGE[1]) {
    return null;
  }

  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Parses a date cell: dd/mm/yyyy and d/m/yyyy (also with - or .), ISO yyyy-mm-dd, an Excel
 * serial number, or a date cell. Returns `yyyy-mm-dd` or null when the value is no real date.
 */
export function parseDateCell(cell: RawCell | undefined): string | null {
  if (cell === undefined || cell.kind === 'empty') return null;
  if (cell.kind === 'date') return isoDate(cell.date.getUTCFullYear(), cell.date.getUTCMonth() + 1, cell.date.getUTCDate());
  if (cell.kind === 'number') return excelSerialToIso(cell.value);

  const text = cell.text.trim();
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);

  if (dayFirst) {
    return isoDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  }

  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(text);

  if (iso) {
    return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }

  if (/^\d{4,5}(\.\d+)?$/.test(text)) {
    return excelSerialToIso(Number(text));
  }

  return null;
}

/** Removes Vietnamese diacritics and đ for loose comparisons of headers and words. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

const MALE_WORDS = new Set(['nam', 'm', 'male', 'trai']);
const FEMALE_WORDS = new Set(['nu', 'f', 'female', 'gai']);

/** Parses Nam / Nữ / M / F (any case, with or without diacritics). */
export function parseSexCell(cell: RawCell | undefined): 'M' | 'F' | null {
  const word = foldVietnamese(cellText(cell)).trim();

  if (MALE_WORDS.has(word)) return 'M';
  if (FEMALE_WORDS.has(word)) return 'F';
  return null;
}

/**
 * The stored form of a name: Unicode NFC, zero-width spaces removed, every run of spaces
 * (including no-break spaces) made one space, and the ends trimmed.
 */
export function normaliseName(typed: string): string {
  return typed
    .normalize('NFC')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/[\s\u00a0\u2000-\u200a\u3000]+/g, ' ')
    .trim();
}
