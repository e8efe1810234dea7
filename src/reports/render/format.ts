import type { CellValue, ColumnKind } from '../document.js';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Formats the place and date line of an administrative document, e.g. "Hà Nội, ngày 05 tháng
 * 02 năm 2026". Days below 10 and the months January and February take a leading zero, as
 * Decree 30/2020/ND-CP on administrative documents requires. The date is taken in Vietnam's
 * time zone, so a report issued at 20:00 UTC carries the next day's date.
 */
export function formatPlaceAndDate(place: string, date: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: VIETNAM_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(date);

  const day = Number(parts.find((part) => part.type === 'day')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  const year = parts.find((part) => part.type === 'year')?.value ?? '';

  const dayText = day < 10 ? `0${day}` : String(day);
  const monthText = month < 3 ? `0${month}` : String(month);

  return `${place}, ngày ${dayText} tháng ${monthText} năm ${year}`;
}

const integerFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * Formats a cell for print with Vietnamese number conventions (dot between thousands, comma
 * before decimals). A percent value is a fraction: 0.25 prints as "25,0 %".
 */
export function formatCell(kind: ColumnKind, value: CellValue): string {
  if (value === null) {
    return '';
  }

  if (typeof value === 'string') {
    return value.normalize('NFC');
  }

  switch (kind) {
    case 'integer':
    case 'money':
      return integerFormat.format(value);
    case 'decimal':
      return decimalFormat.format(value);
    case 'number':
      return numberFormat.format(value);
    case 'percent':
      return percentFormat.format(value);
    case 'text':
    case 'id':
      return String(value);
  }
}

/** Tells whether a column has numbers, which line up on the right. */
export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'integer' || kind === 'money' || kind === 'decimal' || kind === 'number' || kind === 'percent';
}
