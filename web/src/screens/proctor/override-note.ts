// The written note of a proctor override (admission at check-in, unlock or seat move in the
// room monitor, re-admission or kept hold). The server applies the same minimum to the
// trimmed note (OVERRIDE_NOTE_MIN_LENGTH in src/server/written-note.ts).
export const OVERRIDE_NOTE_MIN_LENGTH = 10;

/** Tells whether a note is long enough once its leading and trailing spaces are removed. */
export function isOverrideNoteLongEnough(note: string): boolean {
  return note.trim().length >= OVERRIDE_NOTE_MIN_LENGTH;
}
