// Two-digit MRZ years. A birth date takes the latest century that puts it not after today
// (relative to an injected clock); an expiry date is always 20YY. Vietnamese cards without
// expiry ("Không thời hạn") carry 991231, which means no expiry, never 31 December 1999.

/** Expiry value of a document that does not expire. */
export const NO_EXPIRY = '991231';

const YYMMDD = /^(\d{2})(\d{2})(\d{2})$/;

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));

  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }

  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Returns the birth date of a YYMMDD field as YYYY-MM-DD, or null when it is not a date. */
export function birthDateFromMrz(field: string, now: Date): string | null {
  const match = YYMMDD.exec(field);

  if (!match) return null;

  const [yy, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const today = now.toISOString().slice(0, 10);
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  const recent = isoDate(century + yy, month, day);

  if (recent === null) return null;
  if (recent <= today) return recent;

  return isoDate(century - 100 + yy, month, day);
}

/**
 * Returns the expiry date of a YYMMDD field as YYYY-MM-DD, `null` for 991231 (no expiry), or
 * undefined when it is not a date.
 */
export function expiryDateFromMrz(field: string): string | null | undefined {
  if (field === NO_EXPIRY) return null;

  const match = YYMMDD.exec(field);

  if (!match) return undefined;

  return isoDate(2000 + Number(match[1]), Number(match[2]), Number(match[3])) ?? undefined;
}

/** Returns the YYMMDD form of a YYYY-MM-DD date or of a YYMMDD string; null maps to 991231. */
export function toMrzDate(date: string | null): string | null {
  if (date === null) return NO_EXPIRY;
  if (YYMMDD.test(date)) return date;

  const match = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[1]}${match[2]}${match[3]}` : null;
}
