// Formats dates, times and numbers the Vietnamese way (dd/mm/yyyy, 24-hour clock, "1.234,5")
// in both interface languages, because schools read them so on every official paper.

const LOCALE = 'vi-VN';
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateFormat = new Intl.DateTimeFormat(LOCALE, {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: TIME_ZONE,
});

const timeFormat = new Intl.DateTimeFormat(LOCALE, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TIME_ZONE,
});

const numberFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Formats a date as dd/mm/yyyy in Vietnam's time zone. */
export function formatDate(value: Date | string | number): string {
  const parts = dateFormat.formatToParts(toDate(value));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')}`;
}

/** Formats a time of day as HH:mm on a 24-hour clock in Vietnam's time zone. */
export function formatTime(value: Date | string | number): string {
  const parts = timeFormat.formatToParts(toDate(value));
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')}`;
}

/** Formats a date and time as dd/mm/yyyy HH:mm. */
export function formatDateTime(value: Date | string | number): string {
  return `${formatDate(value)} ${formatTime(value)}`;
}

/** Formats a number with Vietnamese separators: dot for thousands, comma for decimals. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** Formats a duration in milliseconds as H:MM:SS or MM:SS, rounding up to whole seconds. */
export function formatCountdown(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}
