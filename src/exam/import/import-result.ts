import { randomUUID } from 'node:crypto';

import { ExamError } from '../errors.js';
import type { Question } from '../question.js';
import { listQuestionProblems } from '../validate-question.js';

/** A problem found in a question file. `question` is the number as the file writes it (e.g. `II.3`), or null for the file as a whole. */
export interface ImportIssue {
  question: string | null;
  /** The problem in English. */
  message: string;
  /**
   * The problem in Vietnamese, where the importer words it; screens fall back to `message`.
   * NOTE: only an unreadable file and an unknown extension have it so far.
   */
  messageVi?: string;
}

/** One question read from a file, with the number the file gave it. */
export interface ImportedQuestion {
  number: string;
  question: Question;
}

/** What an importer read. When `errors` is not empty, the caller must store none of `questions`. */
export interface ImportResult {
  format: ImportFormat;
  questions: ImportedQuestion[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export type ImportFormat = 'docx' | 'xlsx' | 'aiken' | 'gift' | 'moodle-xml';

/** Creates ids for questions, options and images; tests pass a counter for stable output. */
export type IdSource = () => string;

export const randomIds: IdSource = () => randomUUID();

/** Collects questions and issues while a file is read, then validates every question. */
export class ImportCollector {
  readonly questions: ImportedQuestion[] = [];
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];

  constructor(readonly format: ImportFormat, readonly newId: IdSource = randomIds) {}

  error(question: string | null, message: string, messageVi?: string): void {
    this.errors.push(messageVi === undefined ? { question, message } : { question, message, messageVi });
  }

  warn(question: string | null, message: string): void {
    this.warnings.push({ question, message });
  }

  /** Adds a question after checking it; a question with problems becomes errors instead. */
  add(number: string, question: Question): void {
    const problems = listQuestionProblems(question);

    if (problems.length > 0) {
      for (const problem of problems) {
        this.error(number, problem);
      }

      return;
    }

    this.questions.push({ number, question });
  }

  result(): ImportResult {
    if (this.questions.length === 0 && this.errors.length === 0) {
      this.error(null, 'the file contains no questions');
    }

    return { format: this.format, questions: this.questions, errors: this.errors, warnings: this.warnings };
  }
}

/** Throws IMPORT_FAILED listing every error of the result, so nothing is half-imported. */
export function assertImportClean(result: ImportResult): ImportedQuestion[] {
  if (result.errors.length === 0) {
    return result.questions;
  }

  const lines = result.errors.map((issue) => `${issue.question === null ? 'file' : `question ${issue.question}`}: ${issue.message}`);
  const count = result.errors.length === 1 ? '1 error' : `${result.errors.length} errors`;
  throw new ExamError('IMPORT_FAILED', `${count}, nothing imported:\n${lines.join('\n')}`);
}
