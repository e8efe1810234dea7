// Portable column conventions, the same on SQLite and PostgreSQL:
// - ids are text: UUIDv7 (time-ordered, so new rows land at the end of primary-key indexes);
// - timestamps are text in ISO 8601 UTC with milliseconds (`2026-12-04T20:05:00.000Z`), which
//   sorts the same as the instant it names; calendar dates are text `yyyy-mm-dd`, times `hh:mm`;
// - booleans are integers 0/1 on both dialects, converted with `toDbBool` and `fromDbBool`;
// - structured values (audit details) are JSON text.
import { randomBytes } from 'node:crypto';

/** Creates a UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, variant 10, random rest. */
export function newId(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);

  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;

  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Returns the current instant as stored in timestamp columns. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function toDbBool(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function fromDbBool(value: number | boolean | null | undefined): boolean {
  return value === 1 || value === true;
}

/** Converts a count or sum that PostgreSQL returns as a bigint string into a number. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) {
    return 0;
  }

  return Number(value);
}
