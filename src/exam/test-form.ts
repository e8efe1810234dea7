import { ExamError } from './errors.js';
import type { Question } from './question.js';
import { SeededRandom, shuffled } from './seeded-random.js';

/** One question of a form: which question, and the order its options or statements are shown in. */
export interface FormItem {
  questionId: string;
  /** Option ids (choice) or statement ids (true/false) in display order; empty for other kinds. */
  order: string[];
}

/** A fixed selection and order of questions (đề thi); `code` is the form code (mã đề) when fixed. */
export interface TestForm {
  code: string | null;
  seed: string;
  items: FormItem[];
}

export interface FormOptions {
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
}

/**
 * Builds a form from questions in their blueprint order. Questions are shuffled inside their
 * section (sections keep the order in which they first appear); options are shuffled unless the
 * question sets `shuffleOptions: false`. True/false statements keep the order a) to d), because
 * the statements of the 2025 format are labelled and often build on each other.
 */
export function buildForm(questions: readonly Question[], seed: string, options: FormOptions, code: string | null = null): TestForm {
  const random = new SeededRandom(seed);
  const sections = new Map<string, Question[]>();

  for (const question of questions) {
    const key = question.section ?? '';
    const list = sections.get(key) ?? [];
    list.push(question);
    sections.set(key, list);
  }

  const ordered: Question[] = [];

  for (const list of sections.values()) {
    ordered.push(...(options.shuffleQuestions ? shuffled(list, random) : list));
  }

  const items = ordered.map((question) => ({ questionId: question.id, order: displayOrder(question, random, options.shuffleOptions) }));
  return { code, seed, items };
}

function displayOrder(question: Question, random: SeededRandom, shuffleOptions: boolean): string[] {
  if (question.kind === 'single' || question.kind === 'multiple') {
    const ids = question.options.map((option) => option.id);
    return shuffleOptions && question.shuffleOptions !== false ? shuffled(ids, random) : ids;
  }

  if (question.kind === 'true-false-4') {
    return question.statements.map((statement) => statement.id);
  }

  return [];
}

/** Returns `count` printed form codes (mã đề) starting at `first`, e.g. 101, 102, 103. */
export function formCodes(count: number, first = 101): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 900) {
    throw new ExamError('FORM_INVALID', `the number of form codes must be 1..900, found ${count}`);
  }

  return Array.from({ length: count }, (_, index) => String(first + index));
}

/** Seed of a fixed form code, so every candidate with that code sees the same form. */
export function formCodeSeed(examSeed: string, code: string): string {
  return `${examSeed}:form:${code}`;
}

/** Seed of a per-candidate form. */
export function candidateSeed(examSeed: string, candidateId: string): string {
  return `${examSeed}:candidate:${candidateId}`;
}

/** Picks a form code for a candidate, reproducibly from the exam seed and the candidate id. */
export function pickFormCode(codes: readonly string[], examSeed: string, candidateId: string): string {
  if (codes.length === 0) {
    throw new ExamError('FORM_INVALID', 'no form codes to choose from; create at least one form code');
  }

  const random = new SeededRandom(`${examSeed}:pick:${candidateId}`);
  return codes[random.nextInt(codes.length)] as string;
}

/** Checks that a form lists each question once and that every order is a permutation of its ids. */
export function assertFormMatches(form: TestForm, questions: ReadonlyMap<string, Question>): void {
  const seen = new Set<string>();

  for (const item of form.items) {
    const question = questions.get(item.questionId);

    if (question === undefined || seen.has(item.questionId)) {
      throw new ExamError('FORM_INVALID', `form item ${item.questionId} is missing from the questions or repeated`);
    }

    seen.add(item.questionId);
    const expected = question.kind === 'single' || question.kind === 'multiple'
      ? question.options.map((option) => option.id)
      : question.kind === 'true-false-4' ? question.statements.map((statement) => statement.id) : [];

    if (expected.length !== item.order.length || [...expected].sort().join('\u0000') !== [...item.order].sort().join('\u0000')) {
      throw new ExamError('FORM_INVALID', `the option order of question ${item.questionId} is not a permutation of its option ids`);
    }
  }
}
