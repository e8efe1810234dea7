// Line-level patterns of the Vietnamese teachers' Word convention for question files.
import type { DocxBlock, DocxParagraph } from './docx-blocks.js';

/** One line of text with its marks and the notes of the paragraph it came from. */
export interface MarkedLine {
  text: string;
  marks: boolean[];
  notes: string[];
}

/** A labelled piece of a line: an option `A.` or a statement `a)`. */
export interface LabelledPiece {
  letter: string;
  text: string;
  letterMarked: boolean;
  textMarked: boolean;
}

export const QUESTION_START = /^câu\s*(\d+)\s*[:.)]\s*/iu;
export const SECTION_HEADING = /^phần\s+(IV|III|II|I|V|[1-5])(?![\p{L}\d])[\s.:-]*(.*)$/iu;
export const PART_HEADING = /^(?:[IVX]+|[A-D])\s*[.)]\s*(trắc nghiệm|tự luận)\b(.*)$/iu;
export const KEY_HEADING = /^(?:bảng\s+)?(?:đáp\s*án|hướng\s+dẫn\s+chấm)(?:\s+(?:và|&)\s+hướng\s+dẫn.*)?(?:\s+(?:phần\s+\S+|đề\s+\S+))*\s*[:.]?\s*$/iu;
export const INLINE_KEY = /^(?:đáp\s*án|đáp\s*số|đ\/a)\s*[:.]\s*(.+)$/iu;
export const SOLUTION_START = /^(?:lời\s+giải|hướng\s+dẫn\s+giải|hướng\s+dẫn\s+chấm)\b/iu;
const OPTION_LABEL = /(^|\s)([A-H])\s?[.)]/gu;
const STATEMENT_LABEL = /(^|\s)([a-h])\)/gu;

/** Splits every paragraph (and the paragraphs of tables) into lines at line breaks. */
export function toLines(paragraph: DocxParagraph): MarkedLine[] {
  const lines: MarkedLine[] = [];
  let start = 0;

  for (let i = 0; i <= paragraph.text.length; i += 1) {
    if (i === paragraph.text.length || paragraph.text[i] === '\n') {
      lines.push(trimLine({ text: paragraph.text.slice(start, i), marks: paragraph.marks.slice(start, i), notes: lines.length === 0 ? paragraph.notes : [] }));
      start = i + 1;
    }
  }

  return lines;
}

export function trimLine(line: MarkedLine): MarkedLine {
  const leading = line.text.length - line.text.trimStart().length;
  const trailing = line.text.trimEnd().length;
  return { text: line.text.slice(leading, trailing), marks: line.marks.slice(leading, trailing), notes: line.notes };
}

export function sliceLine(line: MarkedLine, start: number, end = line.text.length): MarkedLine {
  return trimLine({ text: line.text.slice(start, end), marks: line.marks.slice(start, end), notes: [] });
}

function isMostlyMarked(line: MarkedLine): boolean {
  let marked = 0;
  let total = 0;

  for (let i = 0; i < line.text.length; i += 1) {
    if (/\s/u.test(line.text[i] as string)) {
      continue;
    }

    total += 1;
    marked += line.marks[i] === true ? 1 : 0;
  }

  return total > 0 && marked * 2 >= total;
}

/**
 * Splits a line that starts with the label `expected` (e.g. `B.` or `b)`) into labelled pieces,
 * accepting further labels only in alphabetical order, so that "điểm A." inside a text does not
 * start an option. Returns null when the line does not start with `expected`.
 */
export function splitLabelled(line: MarkedLine, expected: string, kind: 'option' | 'statement'): LabelledPiece[] | null {
  const pattern = new RegExp(kind === 'option' ? OPTION_LABEL.source : STATEMENT_LABEL.source, 'gu');
  const starts: { letter: string; labelStart: number; textStart: number }[] = [];
  let next = expected;

  for (const match of line.text.matchAll(pattern)) {
    const letter = match[2] as string;
    const labelStart = (match.index ?? 0) + (match[1] as string).length;

    if (letter !== next || (starts.length === 0 && labelStart !== 0)) {
      continue;
    }

    starts.push({ letter, labelStart, textStart: (match.index ?? 0) + match[0].length });
    next = String.fromCharCode(letter.charCodeAt(0) + 1);
  }

  if (starts.length === 0) {
    return null;
  }

  return starts.map((start, index) => {
    const end = starts[index + 1]?.labelStart ?? line.text.length;
    const text = sliceLine(line, start.textStart, end);
    return { letter: start.letter, text: text.text, letterMarked: line.marks[start.labelStart] === true, textMarked: isMostlyMarked(text) };
  });
}

/**
 * Returns the indexes of the pieces the teacher marked: those whose text is mostly marked, or
 * else those whose label is marked. When every piece is marked alike the marks are a style, not
 * an answer, and the result is empty.
 */
export function markedIndexes(pieces: readonly LabelledPiece[]): number[] {
  for (const isMarked of [(piece: LabelledPiece) => piece.textMarked, (piece: LabelledPiece) => piece.letterMarked]) {
    const indexes = pieces.map((piece, index) => (isMarked(piece) ? index : -1)).filter((index) => index >= 0);

    if (indexes.length > 0 && indexes.length < pieces.length) {
      return indexes;
    }
  }

  return [];
}

/** Reads `1-A 2.B 3: C Câu 4: D 5-ĐSĐS 6-3,5` into question numbers and key texts; null when a token is not a key. */
export function parseKeyTokens(text: string): [string, string][] | null {
  const compact = text.replace(/câu\s*/giu, '').replace(/(\d+)\s*([-.:)])\s+/gu, '$1$2').replace(/(\d+)\s+-/gu, '$1-').trim();

  if (compact === '') {
    return null;
  }

  const tokens = compact.split(/[\s;|]+|,\s+/u).filter((token) => token !== '');
  const pairs: [string, string][] = [];

  for (const token of tokens) {
    const match = /^(\d+)[-.:)]?(.+)$/u.exec(token);

    if (match === null) {
      return null;
    }

    pairs.push([match[1] as string, match[2] as string]);
  }

  return pairs;
}

/** Reads key tables: a `Câu | 1 | 2` row above an `Đáp án | A | B` row, or rows `1 | A`, `1 | Đ | S | Đ | S`. */
export function parseKeyTable(rows: readonly string[][]): [string, string][] {
  const pairs: [string, string][] = [];

  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r] as string[];
    const next = rows[r + 1];

    if (/^câu$/iu.test(row[0]?.trim() ?? '') && next !== undefined && /^(đáp\s*án|đa|đ\/a)$/iu.test(next[0]?.trim() ?? '')) {
      for (let c = 1; c < row.length; c += 1) {
        const number = row[c]?.trim() ?? '';
        const value = next[c]?.trim() ?? '';

        if (/^\d+$/u.test(number) && value !== '') {
          pairs.push([number, value]);
        }
      }

      r += 1;
      continue;
    }

    const number = (row[0] ?? '').replace(/^câu\s*/iu, '').replace(/[.:]$/u, '').trim();

    if (/^\d+$/u.test(number) && row.length >= 2) {
      const rest = row.slice(1).map((cell) => cell.trim()).filter((cell) => cell !== '');
      const value = rest.every((cell) => /^[ĐSDTF]$/iu.test(cell)) ? rest.join('') : rest.join(' ');

      if (value !== '') {
        pairs.push([number, value]);
      }
    }
  }

  return pairs;
}

/** Whether a table holds answer keys rather than question text. */
export function looksLikeKeyTable(block: Extract<DocxBlock, { kind: 'table' }>): boolean {
  const first = block.rows[0]?.[0]?.trim() ?? '';
  const second = block.rows[1]?.[0]?.trim() ?? '';
  return /^câu$/iu.test(first) && /^(đáp\s*án|đa|đ\/a)$/iu.test(second);
}
