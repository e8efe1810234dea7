import { writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import type { CostTable } from '../../reports/cost.js';
import type { ReportDocument } from '../../reports/document.js';
import { formatVnd } from '../../reports/money.js';
import { renderPdf } from '../../reports/render/pdf.js';
import { renderXlsx } from '../../reports/render/xlsx.js';
import { createDatabase, type ServerDatabase } from '../../server/db/database.js';
import { pendingMigrations } from '../../server/db/migrate.js';
import {
  buildCostReport,
  buildEvaluationReport,
  buildNoChipReport,
  buildResultsReport,
  requireReportUnit,
  type BuiltReport,
  type ReportScope,
} from '../../server/reports/report-service.js';
import { CliExit } from '../exit.js';
import { DATABASE_OPTION_HELP, databaseUrlFrom } from './database-option.js';

type ReportFormat = 'json' | 'pdf' | 'xlsx' | 'text';

interface ReportOptions {
  round?: string;
  unit?: string;
  event?: string;
  format?: string;
  json?: boolean;
  out?: string;
  database?: string;
  candidates?: string;
  units?: string;
  readersPerUnit?: string;
  years?: string;
  place?: string;
}

const REPORT_KINDS = ['evaluation', 'cost', 'results', 'no-chip'] as const;
type ReportKind = (typeof REPORT_KINDS)[number];

/** Adds `examgate report evaluation|cost|results|no-chip`. */
export function register(program: Command): void {
  program
    .command('report')
    .description('Báo cáo: đánh giá, kinh phí, kết quả, thí sinh chưa có CCCD gắn chip / Reports: evaluation, cost, results, no-chip')
    .argument('<kind>', `report kind: ${REPORT_KINDS.join(', ')}`)
    .option('--round <number>', 'pilot round number (1, 2, 3); for cost: the actual cost of that round from metered checks')
    .option('--unit <code>', 'unit code; default: the whole department')
    .option('--event <code>', 'results: exam event code or id (needed when several events match)')
    .option('--format <format>', 'output format: json, pdf, xlsx or text (default text for cost, json otherwise)')
    .option('--json', 'print JSON (same as --format json)')
    .option('--out <file>', 'write the report to this file instead of standard output (required for pdf and xlsx)')
    .option('--database <url>', `${DATABASE_OPTION_HELP}; cost without it uses the plan's prices`)
    .option('--candidates <count>', 'cost estimate: number of candidates')
    .option('--units <count>', 'cost estimate: number of units')
    .option('--readers-per-unit <count>', 'cost estimate: card readers per unit (default 1)')
    .option('--years <count>', 'cost estimate: licence years (default 1)')
    .option('--place <name>', 'place name before the date in the header (default: a blank to fill in)')
    .action(async (kind: string, options: ReportOptions) => {
      await runReport(kind, options);
    });
}

async function runReport(kind: string, options: ReportOptions): Promise<void> {
  if (!isReportKind(kind)) {
    fail(`report kind "${kind}" is unknown; use one of ${REPORT_KINDS.join(', ')}`);
  }

  const format = chooseFormat(kind, options);
  const round = options.round === undefined ? undefined : parseCount(options.round, '--round');

  // Cost works without a database: only an explicit --database (or DATABASE_URL) opens one.
  const needsDatabase = kind !== 'cost' || options.database !== undefined || process.env.DATABASE_URL !== undefined || round !== undefined;
  const database = needsDatabase ? await openReadyDatabase(options.database) : null;

  try {
    const scope: ReportScope = {
      ...(round === undefined ? {} : { round }),
      ...(options.unit === undefined || database === null ? {} : { unit: await requireReportUnit(database.db, options.unit) }),
      ...(options.place === undefined ? {} : { place: options.place }),
    };

    const built = await buildReport(kind, database, scope, options);
    await emitReport(built, format, options);
  } finally {
    await database?.close();
  }
}

async function buildReport(kind: ReportKind, database: ServerDatabase | null, scope: ReportScope, options: ReportOptions): Promise<BuiltReport<unknown>> {
  if (kind === 'cost') {
    return buildCostReport(database?.db ?? null, scope.round === undefined ? { estimate: costEstimateFrom(options) } : { round: scope.round }, scope);
  }

  if (database === null) {
    fail(`report ${kind} reads the database; give --database URL`);
  }

  switch (kind) {
    case 'evaluation':
      return buildEvaluationReport(database.db, scope);
    case 'no-chip':
      return buildNoChipReport(database.db, scope);
    case 'results':
      return buildResultsReport(database.db, { ...scope, ...(options.event === undefined ? {} : { event: options.event }) });
  }
}

function costEstimateFrom(options: ReportOptions): { candidates: number; units: number; readersPerUnit: number; years: number } {
  return {
    candidates: parseCount(options.candidates, '--candidates'),
    units: parseCount(options.units, '--units'),
    readersPerUnit: options.readersPerUnit === undefined ? 1 : parseCount(options.readersPerUnit, '--readers-per-unit'),
    years: options.years === undefined ? 1 : parseCount(options.years, '--years'),
  };
}

async function openReadyDatabase(option: string | undefined): Promise<ServerDatabase> {
  const database = createDatabase(databaseUrlFrom(option));
  const pending = await pendingMigrations(database.db).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });

  if (pending.length > 0) {
    await database.close();
    fail(`the database ${database.description} has ${pending.length} migrations not applied (${pending[0]} first); run examgate serve once to apply them`);
  }

  return database;
}

async function emitReport(built: BuiltReport<unknown>, format: ReportFormat, options: ReportOptions): Promise<void> {
  switch (format) {
    case 'json':
      await emitText(`${JSON.stringify(built.data, null, 2)}\n`, options);
      return;
    case 'text':
      await emitText(formatCostText(built.data as CostTable), options);
      return;
    case 'pdf':
    case 'xlsx':
      await writeDocument(built.document, format, options);
      return;
  }
}

function formatCostText(table: CostTable): string {
  const rows = table.lines.map((line) =>
    `${line.labelVi} / ${line.labelEn}: ${line.quantity} × ${formatVnd(line.unitPrice)} = ${formatVnd(line.net)}` +
    ` + VAT ${formatVnd(line.vat)} = ${formatVnd(line.gross)} VND`,
  );

  return [...rows, `Tổng cộng / Total: ${formatVnd(table.total)} VND`, table.roundingVi, table.roundingEn, ''].join('\n');
}

async function emitText(text: string, options: ReportOptions): Promise<void> {
  if (options.out === undefined) {
    process.stdout.write(text);
    return;
  }

  await writeFile(options.out, text, 'utf8');
}

async function writeDocument(document: ReportDocument, format: 'pdf' | 'xlsx', options: ReportOptions): Promise<void> {
  const bytes = format === 'pdf' ? await renderPdf(document) : await renderXlsx(document);

  // chooseFormat has already required --out for these formats.
  await writeFile(options.out ?? '', bytes);
}

function chooseFormat(kind: ReportKind, options: ReportOptions): ReportFormat {
  if (options.json === true) {
    return 'json';
  }

  const format = options.format ?? (kind === 'cost' ? 'text' : 'json');
  if (format !== 'json' && format !== 'pdf' && format !== 'xlsx' && format !== 'text') {
    fail(`--format ${format} is invalid; use json, pdf, xlsx or text`);
  }
  if (format === 'text' && kind !== 'cost') {
    fail(`--format text is only for the cost report; use json, pdf or xlsx for ${kind}`);
  }
  if ((format === 'pdf' || format === 'xlsx') && options.out === undefined) {
    fail(`--format ${format} writes a file; give its path with --out FILE`);
  }

  return format;
}

function parseCount(value: string | undefined, option: string): number {
  if (value === undefined) {
    fail(`${option} is missing; give a whole number`);
  }

  if (!/^\d+$/.test(value)) {
    fail(`${option} ${value} is invalid; give a whole number of 0 or more`);
  }

  return Number(value);
}

function isReportKind(kind: string): kind is ReportKind {
  return (REPORT_KINDS as readonly string[]).includes(kind);
}

function fail(message: string): never {
  process.stderr.write(`examgate report: ${message}\n`);
  throw new CliExit(2);
}
