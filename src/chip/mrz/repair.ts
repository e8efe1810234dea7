// Normalisation of MRZ text as typed or read by OCR: upper case, removal of spaces and stray
// characters, padding of missing trailing fillers, and the confusions OCR makes between digits
// and letters (O/0, I/1, S/5, B/8...) inside fields that may hold only one kind. Every change is
// reported so that an operator can see what was repaired.
import { ChipError } from '../errors.js';
import { CCCD_NUMERIC, MRZ_LAYOUTS, type FieldRange, type MrzFormat } from './layout.js';

export interface MrzRepair {
  /** Line number, starting at 1. */
  line: number;
  /** Character position in the line, starting at 1 (before padding for removed characters). */
  position: number;
  from: string;
  to: string;
  reason: 'lower case' | 'stray character' | 'missing filler' | 'extra filler' | 'letter in numeric field' | 'digit in alphabetic field';
}

export interface NormalizedMrz {
  format: MrzFormat;
  lines: string[];
  repairs: MrzRepair[];
}

const DIGIT_FOR_LETTER: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };
const LETTER_FOR_DIGIT: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
const MRZ_CHARACTER = /[A-Z0-9<]/;
const FILLER_LOOKALIKES: Record<string, string> = { '«': '<<', '‹': '<' };

/** Normalises MRZ lines (an array, or one string with line breaks) and detects TD1 or TD3. */
export function normalizeMrz(input: string | readonly string[], repair: boolean): NormalizedMrz {
  const rawLines = (typeof input === 'string' ? input.split(/\r?\n/) : [...input]).filter((line) => line.trim() !== '');
  const repairs: MrzRepair[] = [];
  const format = detectFormat(rawLines);
  const layout = MRZ_LAYOUTS[format];

  const lines = rawLines.map((raw, index) => cleanLine(raw, index, layout.lineLength, repair, repairs));

  if (repair) {
    const vietnamese = format === 'TD1' && lines[0]?.slice(2, 5) === 'VNM';
    const numeric = vietnamese ? [...layout.numeric, ...CCCD_NUMERIC] : layout.numeric;

    repairFields(lines, numeric, DIGIT_FOR_LETTER, 'letter in numeric field', repairs);
    repairFields(lines, layout.alphabetic, LETTER_FOR_DIGIT, 'digit in alphabetic field', repairs);
  }

  return { format, lines, repairs };
}

function detectFormat(lines: string[]): MrzFormat {
  if (lines.length === 3) return 'TD1';
  if (lines.length === 2) return 'TD3';

  throw new ChipError('MRZ_FORMAT', `MRZ has ${lines.length} lines: expected 3 lines of 30 characters (TD1, CCCD) or 2 lines of 44 (TD3, passport)`);
}

function cleanLine(raw: string, index: number, length: number, repair: boolean, repairs: MrzRepair[]): string {
  let line = '';

  for (let position = 0; position < raw.length; position++) {
    const original = raw[position] as string;
    const upper = original.toUpperCase();

    if (MRZ_CHARACTER.test(upper) && upper.length === 1) {
      if (upper !== original) {
        repairs.push({ line: index + 1, position: position + 1, from: original, to: upper, reason: 'lower case' });
      }

      line += upper;
      continue;
    }

    if (!repair) {
      throw new ChipError('MRZ_FORMAT', `MRZ line ${index + 1}: character "${original}" at position ${position + 1} is not 0-9, A-Z or <`);
    }

    const replacement = FILLER_LOOKALIKES[original] ?? '';
    repairs.push({ line: index + 1, position: position + 1, from: original, to: replacement, reason: 'stray character' });
    line += replacement;
  }

  return fitLength(line, index, length, repair, repairs);
}

function fitLength(line: string, index: number, length: number, repair: boolean, repairs: MrzRepair[]): string {
  if (line.length === length) {
    return line;
  }

  const surplusIsFiller = line.length > length && /^<+$/.test(line.slice(length));

  if (repair && line.length < length) {
    repairs.push({ line: index + 1, position: line.length + 1, from: '', to: '<'.repeat(length - line.length), reason: 'missing filler' });
    return line.padEnd(length, '<');
  }

  if (repair && surplusIsFiller) {
    repairs.push({ line: index + 1, position: length + 1, from: line.slice(length), to: '', reason: 'extra filler' });
    return line.slice(0, length);
  }

  throw new ChipError('MRZ_FORMAT', `MRZ line ${index + 1} has ${line.length} characters, expected ${length}`);
}

function repairFields(lines: string[], ranges: FieldRange[], map: Record<string, string>, reason: MrzRepair['reason'], repairs: MrzRepair[]): void {
  for (const range of ranges) {
    const line = lines[range.line] as string;
    let repaired = line.slice(0, range.start);

    for (let position = range.start; position < range.end; position++) {
      const character = line[position] as string;
      const replacement = map[character];

      if (replacement !== undefined) {
        repairs.push({ line: range.line + 1, position: position + 1, from: character, to: replacement, reason });
      }

      repaired += replacement ?? character;
    }

    lines[range.line] = repaired + line.slice(range.end);
  }
}
