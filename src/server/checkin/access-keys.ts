// Access keys for reading a registered candidate's card: the CAN for PACE, and BAC data built
// from the registration. The registration has no card expiry date, so the BAC keys try every
// expiry that the card validity rule allows.
import { canFromIdNumber, documentNumberFromIdNumber } from '../../chip/idnumber/index.js';
import type { AccessKey, BacAccessKey } from '../../station/protocol.js';

/**
 * Ages at whose birthday a CCCD expires. A card issued at 58 or later does not expire (MRZ
 * `991231`). Source: Law on Citizen Identification 2014, article 21, and Law on
 * Identification 2023, article 21 (renewal at 14, 25, 40 and 60; the card of a child under 14
 * is not a chipped CCCD in the registration lists, so 14 is left out).
 */
export const EXPIRY_AGES = [25, 40, 60] as const;

/** The birthday at `age` of someone born on `birthDate` (YYYY-MM-DD); 29 February falls back to 28. */
function birthdayAt(birthDate: string, age: number): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const target = year + age;
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  const dd = Math.min(day, lastDay);
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/**
 * Expiry dates a valid card of this holder may carry on `onDate` (YYYY-MM-DD), most likely
 * first: the next milestone birthday, the one after it (a card renewed up to two years early
 * runs to the following milestone), then no expiry when the holder is 58 or older.
 */
export function possibleExpiryDates(birthDate: string, onDate: string): (string | null)[] {
  const future = EXPIRY_AGES.map((age) => birthdayAt(birthDate, age)).filter((date) => date >= onDate);
  const dates: (string | null)[] = future.slice(0, 2);

  if (birthdayAt(birthDate, 58) <= onDate || future.length < 2) {
    dates.push(null);
  }

  return dates;
}

export interface RegisteredHolder {
  idNumber: string;
  /** YYYY-MM-DD. */
  birthDate: string;
}

/** The CAN key of a registered 12-digit ID. */
export function canKey(holder: RegisteredHolder): AccessKey {
  return { kind: 'can', can: canFromIdNumber(holder.idNumber) };
}

/** The BAC keys to try for a registered holder on the exam date. */
export function bacKeys(holder: RegisteredHolder, examDate: string): BacAccessKey[] {
  const documentNumber = documentNumberFromIdNumber(holder.idNumber);
  return possibleExpiryDates(holder.birthDate, examDate).map((expiryDate) => ({ kind: 'bac', documentNumber, birthDate: holder.birthDate, expiryDate }));
}

/** Keys for a named candidate: PACE with the CAN first (CCCDs offer it), then the BAC keys. */
export function accessKeysFor(holder: RegisteredHolder, examDate: string): AccessKey[] {
  return [canKey(holder), ...bacKeys(holder, examDate)];
}

/**
 * Most access keys one tap tries when nobody named the candidate. Every wrong PACE or BAC key
 * costs one failed key agreement (about 0.1 to 0.5 s on a real card), and some chips count
 * failed attempts and slow down or lock further tries, so the fallback stops early and the
 * proctor names the candidate instead.
 */
export const MAX_FALLBACK_KEYS = 5;

/** CAN keys of the room's candidates still to check in, at most MAX_FALLBACK_KEYS. */
export function fallbackKeys(holders: readonly RegisteredHolder[]): AccessKey[] {
  return holders.slice(0, MAX_FALLBACK_KEYS).map((holder) => canKey(holder));
}
