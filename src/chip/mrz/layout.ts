// Positions of the fields in the TD1 and TD3 machine readable zones (ICAO Doc 9303 Parts 4 and 5),
// as zero-based [line, start, end) ranges, and which positions hold digits or letters only.

export type MrzFormat = 'TD1' | 'TD3';

export interface FieldRange {
  line: number;
  start: number;
  end: number;
}

export interface MrzLayout {
  lineCount: number;
  lineLength: number;
  /** Positions that may hold only digits (or `<`): dates and check digits. */
  numeric: FieldRange[];
  /** Positions that may hold only letters (or `<`): codes, sex, nationality, names. */
  alphabetic: FieldRange[];
}

export const MRZ_LAYOUTS: Record<MrzFormat, MrzLayout> = {
  TD1: {
    lineCount: 3,
    lineLength: 30,
    numeric: [
      { line: 0, start: 14, end: 15 },
      { line: 1, start: 0, end: 7 },
      { line: 1, start: 8, end: 15 },
      { line: 1, start: 29, end: 30 },
    ],
    alphabetic: [
      { line: 0, start: 0, end: 5 },
      { line: 1, start: 7, end: 8 },
      { line: 1, start: 15, end: 18 },
      { line: 2, start: 0, end: 30 },
    ],
  },
  TD3: {
    lineCount: 2,
    lineLength: 44,
    numeric: [
      { line: 1, start: 9, end: 10 },
      { line: 1, start: 13, end: 20 },
      { line: 1, start: 21, end: 28 },
      { line: 1, start: 42, end: 44 },
    ],
    alphabetic: [
      { line: 0, start: 0, end: 44 },
      { line: 1, start: 10, end: 13 },
      { line: 1, start: 20, end: 21 },
    ],
  },
};

/**
 * Extra numeric positions of a Vietnamese CCCD (TD1, issuing state VNM): the 9-digit document
 * number and the 12-digit ID number with its check digit in the optional data of line 1.
 */
export const CCCD_NUMERIC: FieldRange[] = [
  { line: 0, start: 5, end: 14 },
  { line: 0, start: 15, end: 27 },
  { line: 0, start: 29, end: 30 },
];
