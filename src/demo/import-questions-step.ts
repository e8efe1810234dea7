// Step 2: import the shipped question file (.docx in the teachers' convention, the three parts
// of the 2025 format) into a question bank of the unit.
import { readFile } from 'node:fs/promises';

import type { Kysely } from 'kysely';

import { importQuestionFile } from '../exam/import/import-file.js';
import type { Database } from '../server/db/schema.js';
import { addQuestions, createBank } from '../server/exam/question-store.js';

export const SAMPLE_QUESTION_FILE = new URL('../../samples/questions/de-mau-2025.docx', import.meta.url);

export interface QuestionImportSummary {
  bankId: string;
  questions: number;
  /** Questions per part (I, II, III). */
  parts: Record<string, number>;
  warnings: number;
}

export async function importQuestions(db: Kysely<Database>, unitId: string, path: URL | string = SAMPLE_QUESTION_FILE): Promise<QuestionImportSummary> {
  const result = await importQuestionFile('de-mau-2025.docx', new Uint8Array(await readFile(path)));

  if (result.errors.length > 0) {
    throw new Error(`the question file has ${result.errors.length} errors (first: ${JSON.stringify(result.errors[0])}); fix samples/questions/de-mau-2025.docx`);
  }

  const bank = await createBank(db, unitId, 'Toán 12 - đề mẫu 2025', null);
  const questions = result.questions.map((entry) => entry.question);
  await addQuestions(db, bank.id, questions, null, `${result.format}:de-mau-2025.docx`);

  const parts: Record<string, number> = {};
  for (const question of questions) {
    const part = 'section' in question && question.section !== undefined ? question.section : '-';
    parts[part] = (parts[part] ?? 0) + 1;
  }

  return { bankId: bank.id, questions: questions.length, parts, warnings: result.warnings.length };
}
