// The Excel question template: one question per row under a header row. Columns (Vietnamese
// header, English accepted): STT (No), Phần (Section), Loại (Kind), Nội dung (Question),
// A..F (options, or statements a-d of a true/false item), Đáp án (Key), Điểm (Points),
// Chủ đề (Topic), Mức độ (Difficulty). Keys: `B` or `A,C` for choice, `ĐSĐS` for true/false,
// accepted answers separated by `|` for short answers, empty for essays.
import ExcelJS from 'exceljs';

import { foldText, parseDecimal } from '../normalize-text.js';
import type { Difficulty, Question, ShortAnswerKey } from '../question.js';
import type { TextImportOptions } from './aiken.js';
import { ImportCollector, type ImportResult } from './import-result.js';
import { unreadableFileMessage } from './unreadable-file.js';

export const TEMPLATE_HEADERS = ['STT', 'Phần', 'Loại', 'Nội dung', 'A', 'B', 'C', 'D', 'E', 'F', 'Đáp án', 'Điểm', 'Chủ đề', 'Mức độ'] as const;

const HEADER_ALIASES: Record<string, string> = {
  stt: 'STT', no: 'STT', 'phần': 'Phần', section: 'Phần', 'loại': 'Loại', kind: 'Loại', 'nội dung': 'Nội dung', question: 'Nội dung',
  'đáp án': 'Đáp án', key: 'Đáp án', 'điểm': 'Điểm', points: 'Điểm', 'chủ đề': 'Chủ đề', topic: 'Chủ đề', 'mức độ': 'Mức độ', difficulty: 'Mức độ',
  a: 'A', b: 'B', c: 'C', d: 'D', e: 'E', f: 'F',
};

const KINDS: Record<string, Question['kind']> = {
  'một đáp án': 'single', single: 'single', 'nhiều đáp án': 'multiple', multiple: 'multiple', 'đúng sai': 'true-false-4', 'true-false-4': 'true-false-4',
  'trả lời ngắn': 'short', short: 'short', 'tự luận': 'essay', essay: 'essay',
};

const DIFFICULTY_NAMES: Record<string, Difficulty> = {
  'nhận biết': 'recognition', recognition: 'recognition', 'thông hiểu': 'comprehension', comprehension: 'comprehension',
  'vận dụng': 'application', application: 'application', 'vận dụng cao': 'advanced-application', 'advanced-application': 'advanced-application',
};

const KIND_LABELS: Record<Question['kind'], string> = { single: 'một đáp án', multiple: 'nhiều đáp án', 'true-false-4': 'đúng sai', short: 'trả lời ngắn', essay: 'tự luận' };

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }

  if (typeof value === 'object' && 'richText' in value) {
    return value.richText.map((part) => part.text).join('').trim();
  }

  if (typeof value === 'object' && 'text' in value) {
    return String(value.text).trim();
  }

  if (typeof value === 'object' && 'result' in value) {
    return String(value.result ?? '').trim();
  }

  return String(value).trim();
}

/** Reads the first worksheet of an Excel template. */
export async function importExcelTemplate(bytes: Uint8Array, options: TextImportOptions = {}): Promise<ImportResult> {
  const collector = new ImportCollector('xlsx', options.newId);
  const workbook = new ExcelJS.Workbook();

  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    const message = unreadableFileMessage('xlsx', bytes, error);
    collector.error(null, message.en, message.vi);
    return collector.result();
  }

  const sheet = workbook.worksheets[0];

  if (sheet === undefined) {
    collector.error(null, 'the workbook has no worksheet');
    return collector.result();
  }

  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    const name = HEADER_ALIASES[foldText(cellText(cell.value))];

    if (name !== undefined) {
      columns.set(name, column);
    }
  });

  const missing = ['Loại', 'Nội dung', 'Đáp án'].filter((name) => !columns.has(name));

  if (missing.length > 0) {
    collector.error(null, `the header row lacks the column(s) ${missing.join(', ')}; use the template's header row: ${TEMPLATE_HEADERS.join(', ')}`);
    return collector.result();
  }

  for (let rowNumber = 2; rowNumber <= sheet.rowCount; rowNumber += 1) {
    const row = sheet.getRow(rowNumber);
    const get = (name: string): string => {
      const column = columns.get(name);
      return column === undefined ? '' : cellText(row.getCell(column).value);
    };

    if (get('Nội dung') === '' && get('Loại') === '') {
      continue;
    }

    readRow(collector, get, rowNumber, options.points ?? 1);
  }

  return collector.result();
}

function readRow(collector: ImportCollector, get: (name: string) => string, rowNumber: number, defaultPoints: number): void {
  const label = get('STT') || `row ${rowNumber}`;
  const kind = KINDS[foldText(get('Loại'))];

  if (kind === undefined) {
    collector.error(label, `kind "${get('Loại')}" is unknown; use one of ${Object.values(KIND_LABELS).join(', ')}`);
    return;
  }

  const pointsText = get('Điểm');
  const points = pointsText === '' ? defaultPoints : parseDecimal(pointsText);
  const difficultyText = foldText(get('Mức độ'));
  const difficulty = DIFFICULTY_NAMES[difficultyText];

  if (points === null) {
    collector.error(label, `points "${pointsText}" is not a number`);
    return;
  }

  if (difficultyText !== '' && difficulty === undefined) {
    collector.error(label, `difficulty "${get('Mức độ')}" is unknown; use nhận biết, thông hiểu, vận dụng or vận dụng cao`);
    return;
  }

  const common = {
    id: collector.newId(),
    stem: get('Nội dung'),
    points,
    ...(get('Phần') === '' ? {} : { section: get('Phần') }),
    ...(get('Chủ đề') === '' ? {} : { topic: get('Chủ đề') }),
    ...(difficulty === undefined ? {} : { difficulty }),
  };
  const key = get('Đáp án');
  const letters = ['A', 'B', 'C', 'D', 'E', 'F'].filter((letter) => get(letter) !== '');

  switch (kind) {
    case 'single':
    case 'multiple': {
      const options = letters.map((letter) => ({ id: collector.newId(), text: get(letter) }));
      const keyed = key.toUpperCase().split(/[\s,;]+/u).filter((letter) => letter !== '');
      const unknown = keyed.filter((letter) => !letters.includes(letter));

      if (keyed.length === 0 || unknown.length > 0) {
        collector.error(label, `the key "${key}" must name filled option columns (${letters.join(', ')})`);
        return;
      }

      const ids = keyed.map((letter) => options[letters.indexOf(letter)]?.id as string);
      collector.add(label, kind === 'single' ? { ...common, kind, options, correctOptionId: ids[0] as string } : { ...common, kind, options, correctOptionIds: ids });

      if (kind === 'single' && keyed.length > 1) {
        collector.error(label, `a "một đáp án" question has one key, found ${keyed.join(', ')}; use "nhiều đáp án" for several`);
      }

      return;
    }

    case 'true-false-4': {
      const values = key.toUpperCase().replace(/[^ĐDSTF]/gu, '');

      if (values.length !== 4) {
        collector.error(label, `the key "${key}" must be 4 values Đ or S, e.g. ĐSĐS`);
        return;
      }

      const statements = ['A', 'B', 'C', 'D'].map((letter, index) => ({ id: collector.newId(), text: get(letter), correct: 'ĐDT'.includes(values[index] as string) }));
      collector.add(label, { ...common, kind, statements });
      return;
    }

    case 'short': {
      const answers: ShortAnswerKey[] = key.split('|').map((text) => text.trim()).filter((text) => text !== '').map((text) => {
        const value = parseDecimal(text);
        return value === null ? { kind: 'text', value: text } : { kind: 'number', value, tolerance: 0 };
      });
      collector.add(label, { ...common, kind, answers });
      return;
    }

    case 'essay':
      collector.add(label, { ...common, kind });
  }
}

/** Writes questions into the template, which teachers can also download empty. */
export async function writeExcelTemplate(questions: readonly Question[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Câu hỏi');
  sheet.addRow([...TEMPLATE_HEADERS]);
  sheet.getRow(1).font = { bold: true };

  questions.forEach((question, index) => {
    const cells: string[] = ['', '', '', '', '', ''];
    let key = '';

    if (question.kind === 'single' || question.kind === 'multiple') {
      question.options.forEach((option, optionIndex) => { cells[optionIndex] = option.text; });
      const keys = question.kind === 'single' ? [question.correctOptionId] : question.correctOptionIds;
      key = keys.map((id) => 'ABCDEF'[question.options.findIndex((option) => option.id === id)]).join(',');
    } else if (question.kind === 'true-false-4') {
      question.statements.forEach((statement, statementIndex) => { cells[statementIndex] = statement.text; });
      key = question.statements.map((statement) => (statement.correct ? 'Đ' : 'S')).join('');
    } else if (question.kind === 'short') {
      key = question.answers.map((answer) => (answer.kind === 'number' ? String(answer.value).replace('.', ',') : answer.value)).join(' | ');
    }

    const difficulty = Object.entries(DIFFICULTY_NAMES).find(([name, value]) => value === question.difficulty && !/^[a-z-]+$/u.test(name))?.[0] ?? '';
    sheet.addRow([index + 1, question.section ?? '', KIND_LABELS[question.kind], question.stem, ...cells, key, question.points, question.topic ?? '', difficulty]);
  });

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
