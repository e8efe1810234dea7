import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type { Command } from 'commander';

import { importCandidates, type ImportReport } from '../../server/candidates/import-candidates.js';
import type { RowIssue } from '../../server/candidates/row-validation.js';
import { createDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { ApiError } from '../../server/errors.js';
import { requireUnit } from '../../server/organisation/units.js';
import { CliExit } from '../exit.js';
import { commandGroup } from './command-group.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

interface ImportOptions {
  unit: string;
  dryRun?: boolean;
  json?: boolean;
  database?: string;
}

/** Adds `examgate import candidates FILE --unit CODE [--dry-run] [--json] [--database URL]`. */
export function register(program: Command): void {
  commandGroup(program, 'import', 'Nhập dữ liệu / import data')
    .command('candidates')
    .description('Nhập danh sách thí sinh (.xlsx, .csv) / import a candidate list; exit 1 when a row is invalid (except with --dry-run)')
    .argument('<file>', 'candidate list, .xlsx or .csv')
    .requiredOption('--unit <code>', 'code (or id) of the unit the candidates belong to')
    .option('--dry-run', 'validate and print the report without storing anything')
    .option('--json', 'print the report as one JSON object')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (file: string, options: ImportOptions) => {
      await runImport(file, options);
    });
}

function issueLine(issue: RowIssue): string {
  const column = issue.column === null ? '' : ` [${issue.column}]`;
  const suggestion = issue.suggestion === undefined ? '' : ` → ${issue.suggestion}`;
  return `  dòng/row ${issue.row}${column} ${issue.code}${suggestion}\n    ${issue.message.vi}\n    ${issue.message.en}`;
}

function printReport(report: ImportReport): void {
  const lines = [
    `${report.fileName} (${report.format}${report.encoding === null ? '' : `, ${report.encoding}`}): ${report.rowCount} dòng/rows, ${report.validRows} hợp lệ/valid, ${report.invalidRows} lỗi/invalid`,
  ];

  if (report.errors.length > 0) lines.push('Lỗi / errors:', ...report.errors.map(issueLine));
  if (report.warnings.length > 0) lines.push('Lưu ý / warnings:', ...report.warnings.map(issueLine));

  if (report.withoutChipCard.length > 0) {
    lines.push(`Chưa có CCCD gắn chip / without a chipped card: ${report.withoutChipCard.length}`);
    lines.push(...report.withoutChipCard.map((entry) => `  dòng/row ${entry.row}: ${entry.fullName} (${entry.chipStatus})`));
  }

  if (report.committed) {
    lines.push(`Đã lưu / stored: ${report.created} mới/new, ${report.updated} cập nhật/updated`);
  } else if (report.dryRun) {
    lines.push(`Chạy thử, chưa lưu / dry run, nothing stored: would create ${report.created}, update ${report.updated}`);
  } else {
    lines.push('Chưa lưu dòng nào vì có lỗi / nothing stored because of the errors above');
  }

  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runImport(file: string, options: ImportOptions): Promise<void> {
  const bytes = await readFile(file);
  const database = createDatabase(databaseUrlFrom(options.database));
  let report: ImportReport;

  try {
    await migrateToLatest(database.db);
    const unit = await requireUnit(database.db, options.unit);
    report = await importCandidates(database.db, { unitId: unit.id, fileName: basename(file), bytes, dryRun: options.dryRun === true, actorUserId: null });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;

    const body = error.toBody();
    process.stdout.write(options.json ? `${JSON.stringify(body, null, 2)}\n` : `${body.message.vi}\n${body.message.en}\n`);
    throw new CliExit(1);
  } finally {
    await database.close();
  }

  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    printReport(report);
  }

  if (!report.dryRun && !report.committed) {
    throw new CliExit(1);
  }
}
