import { writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { exportMoodleXml } from '../../exam/import/moodle-xml-export.js';
import { createDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { ApiError } from '../../server/errors.js';
import { findBankForCli, listBankQuestions } from '../../server/exam/question-store.js';
import { requireUnit } from '../../server/organisation/units.js';
import { CliExit } from '../exit.js';
import { commandGroup } from './command-group.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

interface ExportQuestionsOptions {
  bank: string;
  unit?: string;
  format: string;
  output?: string;
  database?: string;
}

/** Adds `examgate export questions --bank NAME [--unit CODE] --format moodle-xml [--output FILE]`. */
export function register(program: Command): void {
  commandGroup(program, 'export', 'Xuất dữ liệu / export data')
    .command('questions')
    .description('Xuất ngân hàng câu hỏi / export a question bank (Moodle XML)')
    .requiredOption('--bank <name>', 'name of the question bank')
    .option('--unit <code>', 'code (or id) of the unit that owns the bank; needed only when several units have a bank of that name')
    .option('--format <format>', 'output format: moodle-xml', 'moodle-xml')
    .option('--output <file>', 'write to this file instead of standard output')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: ExportQuestionsOptions) => {
      await runExport(options);
    });
}

async function runExport(options: ExportQuestionsOptions): Promise<void> {
  if (options.format !== 'moodle-xml') {
    process.stderr.write(`examgate: format "${options.format}" is not supported; use --format moodle-xml\n`);
    throw new CliExit(2);
  }

  const database = createDatabase(databaseUrlFrom(options.database));
  let xml: string;

  try {
    await migrateToLatest(database.db);
    const unitId = options.unit === undefined ? null : (await requireUnit(database.db, options.unit)).id;
    const bank = await findBankForCli(database.db, options.bank, unitId);
    xml = exportMoodleXml((await listBankQuestions(database.db, bank.id)).map((entry) => entry.question), bank.name);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;

    const body = error.toBody();
    process.stderr.write(`${body.message.vi}\n${body.message.en}\n`);
    throw new CliExit(1);
  } finally {
    await database.close();
  }

  if (options.output === undefined) {
    process.stdout.write(xml);
  } else {
    await writeFile(options.output, xml);
  }
}
