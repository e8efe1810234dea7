// A written reason (override note, hold decision, extra time) must not be blank. A JSON
// schema's minLength counts spaces too, so the length is checked again on the trimmed text.
import { ApiError } from './errors.js';

/**
 * Minimum length, after trimming, of the written note of a proctor override: an admission at
 * check-in, an unlock or seat move in the room monitor, and a re-admission or kept hold.
 */
export const OVERRIDE_NOTE_MIN_LENGTH = 10;

/** Returns the trimmed note, or throws REQUEST_NOTE_TOO_SHORT naming the field and both lengths. */
export function requireWrittenNote(text: string, field: string, minLength: number): string {
  const note = text.trim();

  if (note.length < minLength) {
    throw new ApiError('REQUEST_NOTE_TOO_SHORT', { field, length: note.length, minLength });
  }

  return note;
}
