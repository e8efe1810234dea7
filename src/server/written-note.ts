// A written reason (override note, hold decision, extra time) must not be blank. A JSON
// schema's minLength counts spaces too, so the length is checked again on the trimmed text.
import { ApiError } from './errors.js';

/** Returns the trimmed note, or throws REQUEST_NOTE_TOO_SHORT naming the field and both lengths. */
export function requireWrittenNote(text: string, field: string, minLength: number): string {
  const note = text.trim();

  if (note.length < minLength) {
    throw new ApiError('REQUEST_NOTE_TOO_SHORT', { field, length: note.length, minLength });
  }

  return note;
}
