import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type { Command } from 'commander';

import { detectFormat, importQuestionFile } from '../../exam/import/import-file.js';
import type { ImportIssue, ImportResult } from '../../exam/import/import-result.js';
import { createDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { ApiError } from '../../server/errors.js';
import { addQuestions, findBankByName } from '../../server/exam/question-store.js';
import { requireUnit } from '../../server/organisation/units.js';
import { CliExit } from '../exit.js';
import { commandGroup } from './command-group.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

interface ImportQuestionsOptions {
  bank?: string;
  unit?: string;
  dryRun?: boolean;
  json?: boolean;
  database?: string;
}

/** Adds `examgate import questions FILE [--bank NAME --unit CODE] [--dry-run] [--json] [--database URL]`. */
export function register(program: Command): void {
  commandGroup(program, 'import', 'Nhập dữ liệu / import data')
    .command('questions')
    .description('Nhập câu hỏi (.docx, .xlsx, .gift, .txt Aiken, .xml Moodle) / import questions; without --bank only checks the file; exit 1 when a question has an error (nothing is stored then)')
    .argument('<file>', 'question file')
    .option('--bank <name>', 'question bank to add the questions to (created when missing)')
    .option('--unit <code>', 'code (or id) of the unit that owns the bank; needed with --bank unless the database has one unit')
    .option('--dry-run', 'check the file and print the report without storing anything')
    .option('--json', 'print the report as one JSON object')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (file: string, options: ImportQuestionsOptions) => {
      await runImport(file, options);
    });
}

function issueLine(issue: ImportIssue): string {
  const message = issue.messageVi === undefined ? issue.message : `${issue.messageVi} / ${issue.message}`;
  return `  ${issue.question === null ? 'tệp/file' : `câu/question ${issue.question}`}: ${message}`;
}

/** Writes a count with its English noun in the singular or the plural, e.g. "1 error", "2 errors". */
function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

function printResult(fileName: string, result: ImportResult, stored: number | null): void {
  const counts = new Map<string, number>();

  for (const entry of result.questions) {
    counts.set(entry.question.kind, (counts.get(entry.question.kind) ?? 0) + 1);
  }

  const kinds = [...counts].map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none';
  const questions = `${result.questions.length} câu hợp lệ / ${countOf(result.questions.length, 'valid question', 'valid questions')} (${kinds})`;
  const errors = `${result.errors.length} lỗi / ${countOf(result.errors.length, 'error', 'errors')}`;
  const warnings = `${result.warnings.length} lưu ý / ${countOf(result.warnings.length, 'warning', 'warnings')}`;
  const lines = [`${fileName} (${result.format}): ${questions}, ${errors}, ${warnings}`];

  if (result.errors.length > 0) lines.push('Lỗi / errors:', ...result.errors.map(issueLine));
  if (result.warnings.length > 0) lines.push('Lưu ý / warnings:', ...result.warnings.map(issueLine));

  if (result.errors.length > 0) {
    lines.push('Chưa lưu câu nào vì có lỗi / nothing stored because of the errors above');
  } else if (stored !== null) {
    lines.push(`Đã lưu / stored: ${stored} câu/questions`);
  } else {
    lines.push('Chưa lưu (kiểm tra tệp) / nothing stored (check only)');
  }

  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runImport(file: string, options: ImportQuestionsOptions): Promise<void> {
  const fileName = basename(file);
  const bytes = await readFile(file);

  if (detectFormat(fileName, bytes) === null) {
    process.stderr.write(`examgate: ${fileName} has an unknown extension; use .docx, .xlsx, .gift, .txt (Aiken or GIFT) or .xml (Moodle XML)\n`);
    throw new CliExit(2);
  }

  const result = await importQuestionFile(fileName, bytes);
  let stored: number | null = null;

  if (result.errors.length === 0 && options.bank !== undefined && options.dryRun !== true) {
    stored = await storeQuestions(result, options as ImportQuestionsOptions & { bank: string }, fileName);
  }

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ fileName, format: result.format, questionCount: result.questions.length, stored, errors: result.errors, warnings: result.warnings, questions: result.questions }, null, 2)}\n`);
  } else {
    printResult(fileName, result, stored);
  }

  if (result.errors.length > 0) {
    throw new CliExit(1);
  }
}

async function storeQuestions(result: ImportResult, options: ImportQuestionsOptions & { bank: string }, fileName: string): Promise<number> {
  const database = createDatabase(databaseUrlFrom(options.database));

  try {
    await migrateToLatest(database.db);
    const units = options.unit === undefined ? await database.db.selectFrom('units').select('id').limit(2).execute() : [];

    if (options.unit === undefined && units.length !== 1) {
      process.stderr.write(`examgate: the database has ${units.length === 0 ? 'no unit' : 'several units'}; give --unit CODE for the bank\n`);
      throw new CliExit(2);
    }

    const unit = options.unit === undefined ? units[0] as { id: string } : await requireUnit(database.db, options.unit);
    const bank = await findBankByName(database.db, unit.id, options.bank, true, null);
    const ids = await addQuestions(database.db, bank.id, result.questions.map((entry) => entry.question), null, `cli:${result.format}:${fileName}`);
    return ids.length;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;

    const body = error.toBody();
    process.stderr.write(`${body.message.vi}\n${body.message.en}\n`);
    throw new CliExit(1);
  } finally {
    await database.close();
  }
}
