// Word .docx import in the convention Vietnamese teachers use: `Câu 1:` or `Câu 1.` starts a
// question; options `A.` to `D.` (several may share a line); true/false statements `a)` to
// `d)`; the right option marked by underline, bold or red, or given by `Đáp án: B` under the
// question, by key lines such as `1-A 2-B` or by a key table at the end; `Phần I/II/III` maps to
// the 2025 format (I: 4-option choice, II: true/false items of 4 statements, III: short answer).
import { parseDecimal } from '../../normalize-text.js';
import type { ChoiceOption, Question, QuestionImage } from '../../question.js';
import { ImportCollector, type IdSource, type ImportResult } from '../import-result.js';
import { unreadableFileMessage } from '../unreadable-file.js';
import { type DocxBlock, readDocx } from './docx-blocks.js';
import {
  INLINE_KEY, KEY_HEADING, type LabelledPiece, type MarkedLine, markedIndexes, PART_HEADING, QUESTION_START, SECTION_HEADING,
  SOLUTION_START, looksLikeKeyTable, parseKeyTable, parseKeyTokens, sliceLine, splitLabelled, toLines,
} from './docx-lines.js';

export interface DocxImportOptions {
  newId?: IdSource;
  /** Points per section; defaults: I 0.25, II 1, III 0.25 (the 2025 format outside mathematics). */
  pointsBySection?: Record<string, number>;
  /** Points of a question outside any `Phần`; 1 when not given. */
  defaultPoints?: number;
}

// NOTE: mathematics gives 0.5 points to each part III question; pass pointsBySection for it.
const DEFAULT_SECTION_POINTS: Record<string, number> = { I: 0.25, II: 1, III: 0.25 };
const ROMAN: Record<string, string> = { '1': 'I', '2': 'II', '3': 'III', '4': 'IV', '5': 'V' };

type SectionKind = 'choice' | 'true-false' | 'short' | 'essay' | 'any';

interface Draft {
  section: string;
  number: string;
  label: string;
  stem: string[];
  options: LabelledPiece[];
  statements: LabelledPiece[];
  inlineKey: string | null;
  phase: 'stem' | 'options' | 'statements' | 'solution';
  notes: string[];
}

/** Reads a .docx question file. */
export async function importDocx(bytes: Uint8Array, options: DocxImportOptions = {}): Promise<ImportResult> {
  const collector = new ImportCollector('docx', options.newId);
  let content;

  try {
    content = await readDocx(bytes, collector.newId);
  } catch (error) {
    const message = unreadableFileMessage('docx', bytes, error);
    collector.error(null, message.en, message.vi);
    return collector.result();
  }

  const reader = new DocxQuestionReader(collector);
  reader.readBlocks(content.blocks);
  reader.finish(content.images, options);
  return collector.result();
}

/** Collapses runs of spaces and tabs (left around equations and tabs between options). */
function collapseSpaces(text: string): string {
  return text.replace(/[ \t\u00a0]+/gu, ' ').replace(/ ?\n ?/gu, '\n').trim();
}

class DocxQuestionReader {
  private readonly drafts: Draft[] = [];
  private readonly keys = new Map<string, string>();
  private readonly sectionKinds = new Map<string, SectionKind>();
  private current: Draft | null = null;
  private section = '';
  private keySection = '';
  private inKeyArea = false;
  private strayOptionsReported = false;

  constructor(private readonly collector: ImportCollector) {}

  readBlocks(blocks: readonly DocxBlock[]): void {
    for (const block of blocks) {
      if (block.kind === 'table' && (this.inKeyArea || looksLikeKeyTable(block))) {
        this.closeQuestion();

        for (const [number, value] of parseKeyTable(block.rows)) {
          this.addKey(number, value);
        }

        continue;
      }

      const paragraphs = block.kind === 'table' ? block.paragraphs : [block];

      for (const paragraph of paragraphs) {
        for (const line of toLines(paragraph)) {
          this.readLine(line);
        }
      }
    }

    this.closeQuestion();
  }

  private addKey(number: string, value: string): void {
    this.keys.set(`${this.keySection}|${number}`, value.trim());
  }

  private readLine(line: MarkedLine): void {
    if (line.text === '') {
      return;
    }

    const section = SECTION_HEADING.exec(line.text) ?? PART_HEADING.exec(line.text);

    if (section !== null) {
      this.readSectionHeading(line.text, section);
      return;
    }

    if (KEY_HEADING.test(line.text)) {
      this.closeQuestion();
      this.inKeyArea = true;
      this.keySection = '';
      return;
    }

    const keyTokens = parseKeyTokens(line.text);

    if (keyTokens !== null && (this.inKeyArea || (keyTokens.length >= 2 && keyTokens.every(([, value]) => /^[A-H](,[A-H])*$|^[ĐS]{4}$/u.test(value))))) {
      this.closeQuestion();

      for (const [number, value] of keyTokens) {
        this.addKey(number, value);
      }

      return;
    }

    if (this.inKeyArea) {
      return;
    }

    const start = QUESTION_START.exec(line.text);

    if (start !== null) {
      this.closeQuestion();
      const number = start[1] as string;
      this.current = { section: this.section, number, label: this.section === '' ? number : `${this.section}.${number}`, stem: [], options: [], statements: [], inlineKey: null, phase: 'stem', notes: [...line.notes] };
      this.readQuestionLine(sliceLine(line, start[0].length));
      return;
    }

    if (this.current === null) {
      if (!this.strayOptionsReported && splitLabelled(line, 'A', 'option') !== null) {
        this.strayOptionsReported = true;
        this.collector.error(null, `options such as "${line.text.slice(0, 30)}" appear before any question; start every question with "Câu N:" or "Câu N."`);
      }

      return;
    }

    this.current.notes.push(...line.notes);
    this.readQuestionLine(line);
  }

  private readSectionHeading(text: string, match: RegExpExecArray): void {
    this.closeQuestion();
    const isPart = PART_HEADING.test(text) && !SECTION_HEADING.test(text);
    const name = isPart ? ((match[1] as string).toLowerCase().startsWith('tự') ? 'TL' : 'TN') : ROMAN[match[1] as string] ?? (match[1] as string).toUpperCase();
    const title = (match[2] ?? '').toLowerCase();

    if (this.inKeyArea) {
      this.keySection = name;
      return;
    }

    this.section = name;
    const kind: SectionKind = /tự luận/u.test(title) || name === 'TL' ? 'essay'
      : /đúng\s*(\/|-)?\s*sai/u.test(title) ? 'true-false'
        : /trả lời ngắn/u.test(title) ? 'short'
          : /nhiều phương án|trắc nghiệm/u.test(title) || name === 'TN' ? 'choice'
            : name === 'I' ? 'choice' : name === 'II' ? 'true-false' : name === 'III' ? 'short' : 'any';
    this.sectionKinds.set(name, kind);
  }

  private readQuestionLine(line: MarkedLine): void {
    const draft = this.current as Draft;

    if (line.text === '') {
      return;
    }

    const inlineKey = INLINE_KEY.exec(line.text);

    if (inlineKey !== null) {
      draft.inlineKey = (inlineKey[1] as string).trim();
      draft.phase = 'solution';
      return;
    }

    if (SOLUTION_START.test(line.text)) {
      draft.phase = 'solution';
      return;
    }

    if (draft.phase === 'solution') {
      return;
    }

    const nextOption = String.fromCharCode(65 + draft.options.length);
    const nextStatement = String.fromCharCode(97 + draft.statements.length);
    const options = draft.statements.length === 0 ? splitLabelled(line, nextOption, 'option') : null;
    const statements = draft.options.length === 0 ? splitLabelled(line, nextStatement, 'statement') : null;

    if (options !== null) {
      draft.options.push(...options);
      draft.phase = 'options';
      return;
    }

    if (statements !== null) {
      draft.statements.push(...statements);
      draft.phase = 'statements';
      return;
    }

    const pieces = draft.phase === 'options' ? draft.options : draft.phase === 'statements' ? draft.statements : null;
    const last = pieces?.at(-1);

    if (last !== undefined) {
      last.text = `${last.text}\n${line.text}`;
      return;
    }

    draft.stem.push(line.text);
  }

  private closeQuestion(): void {
    if (this.current !== null) {
      this.drafts.push(this.current);
      this.current = null;
    }
  }

  finish(images: ReadonlyMap<string, QuestionImage>, options: DocxImportOptions): void {
    const labels = new Set<string>();
    const keySections = new Set([...this.keys.keys()].map((key) => key.split('|')[0]));

    for (const draft of this.drafts) {
      if (labels.has(draft.label)) {
        this.collector.error(draft.label, `the number Câu ${draft.number} appears twice${draft.section === '' ? '' : ` in part ${draft.section}`}; number the questions of a part 1, 2, 3...`);
        continue;
      }

      labels.add(draft.label);

      for (const note of draft.notes) {
        this.collector.warn(draft.label, note);
      }

      const tableKey = this.keys.get(`${draft.section}|${draft.number}`) ?? (keySections.size === 1 && keySections.has('') ? this.keys.get(`|${draft.number}`) : undefined);
      const points = (options.pointsBySection ?? DEFAULT_SECTION_POINTS)[draft.section] ?? options.defaultPoints ?? 1;
      const question = this.buildQuestion(draft, draft.inlineKey ?? tableKey ?? null, points);

      if (question === null) {
        continue;
      }

      const referenced = [...`${question.stem}\n${JSON.stringify(question)}`.matchAll(/!\[\]\(image:([^)]+)\)/gu)].map((match) => match[1] as string);
      const questionImages = [...new Set(referenced)].map((id) => images.get(id)).filter((image): image is QuestionImage => image !== undefined);

      if (questionImages.length > 0) {
        question.images = questionImages;
      }

      this.collector.add(draft.label, question);
    }
  }

  private buildQuestion(draft: Draft, key: string | null, points: number): Question | null {
    const kind = this.sectionKinds.get(draft.section) ?? 'any';
    const stem = collapseSpaces(draft.stem.join('\n'));
    const common = { id: this.collector.newId(), stem, points, ...(draft.section === '' || draft.section === 'TN' || draft.section === 'TL' ? {} : { section: draft.section }) };
    const fail = (message: string): null => {
      this.collector.error(draft.label, message);
      return null;
    };

    if (draft.statements.length > 0 || kind === 'true-false') {
      return this.buildTrueFalse(draft, key, common, fail);
    }

    if (draft.options.length > 0) {
      return this.buildChoice(draft, key, kind, common, fail);
    }

    if (kind === 'choice') {
      return fail('no options A. to D. were found; write each option on a line starting with "A." ... "D."');
    }

    if (kind === 'essay' || (kind === 'any' && key === null)) {
      if (kind === 'any') {
        this.collector.warn(draft.label, 'no options and no answer: read as an essay graded by hand');
      }

      return { ...common, kind: 'essay' };
    }

    if (key === null) {
      return fail('no answer: write "Đáp án: ..." under the question or put it in the answer key at the end');
    }

    const value = parseDecimal(key);
    return { ...common, kind: 'short', answers: [value === null ? { kind: 'text', value: key } : { kind: 'number', value, tolerance: 0 }] };
  }

  private buildChoice(draft: Draft, key: string | null, kind: SectionKind, common: { id: string; stem: string; points: number }, fail: (message: string) => null): Question | null {
    const letters = draft.options.map((option) => option.letter);

    if (kind === 'choice' && draft.section === 'I' && draft.options.length !== 4) {
      return fail(`found ${draft.options.length} options (${letters.join(', ')}); part I questions have 4 options A. to D.`);
    }

    const marked = markedIndexes(draft.options).map((index) => letters[index] as string);
    const keyed = key === null ? [] : key.toUpperCase().split(/[\s,;]+|(?<=[A-H])(?=[A-H])/u).filter((letter) => letter !== '');

    if (keyed.some((letter) => !letters.includes(letter))) {
      return fail(`the answer key "${key}" names an option that does not exist (options ${letters.join(', ')})`);
    }

    if (marked.length > 0 && keyed.length > 0 && [...marked].sort().join() !== [...keyed].sort().join()) {
      return fail(`the marked option ${marked.join(', ')} differs from the answer key ${keyed.join(', ')}; correct one of them`);
    }

    const right = keyed.length > 0 ? keyed : marked;

    if (right.length === 0) {
      return fail('no right option: underline it, make it bold or red, or give it in the answer key (e.g. "1-A")');
    }

    if (right.length > 1 && kind === 'choice' && draft.section === 'I') {
      return fail(`${right.length} options are marked right (${right.join(', ')}); a part I question has exactly one`);
    }

    const optionList: ChoiceOption[] = draft.options.map((option) => ({ id: this.collector.newId(), text: collapseSpaces(option.text) }));
    const ids = right.map((letter) => (optionList[letters.indexOf(letter)] as ChoiceOption).id);
    return right.length === 1 ? { ...common, kind: 'single', options: optionList, correctOptionId: ids[0] as string } : { ...common, kind: 'multiple', options: optionList, correctOptionIds: ids };
  }

  private buildTrueFalse(draft: Draft, key: string | null, common: { id: string; stem: string; points: number }, fail: (message: string) => null): Question | null {
    if (draft.statements.length !== 4) {
      return fail(`found ${draft.statements.length} statements; a true/false item has 4 statements a) to d)`);
    }

    let values: boolean[] | null = null;

    if (key !== null) {
      const letters = key.toUpperCase().replace(/[A-D]\s*[)\-:.]/gu, '').replace(/[^ĐDSTF]/gu, '');

      if (letters.length !== 4) {
        return fail(`the answer key "${key}" is not 4 values Đ or S (e.g. "ĐSĐS" or "a) Đ b) S c) Đ d) S")`);
      }

      values = [...letters].map((letter) => letter === 'Đ' || letter === 'D' || letter === 'T');
    }

    const marked = markedIndexes(draft.statements);

    if (values === null && marked.length > 0) {
      values = draft.statements.map((_, index) => marked.includes(index));
    } else if (values !== null && marked.length > 0 && values.some((value, index) => value !== marked.includes(index))) {
      return fail('the marked statements differ from the answer key; correct one of them');
    }

    if (values === null) {
      return fail('no answer: mark the true statements (underline, bold or red) or give the key (e.g. "1-ĐSĐS")');
    }

    const statements = draft.statements.map((statement, index) => ({ id: this.collector.newId(), text: collapseSpaces(statement.text), correct: values[index] === true }));
    return { ...common, kind: 'true-false-4', statements };
  }
}
