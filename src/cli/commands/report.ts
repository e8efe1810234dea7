import { writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { DEFAULT_PRICE_LIST, estimateCost, type CostTable } from '../../reports/cost.js';
import { buildCostDocument } from '../../reports/cost-document.js';
import type { ReportDocument } from '../../reports/document.js';
import { formatVnd } from '../../reports/money.js';
import { renderPdf } from '../../reports/render/pdf.js';
import { renderXlsx } from '../../reports/render/xlsx.js';
import { CliExit } from '../exit.js';

type ReportFormat = 'json' | 'pdf' | 'xlsx' | 'text';

interface ReportOptions {
  round?: string;
  unit?: string;
  format?: string;
  json?: boolean;
  out?: string;
  database?: string;
  candidates?: string;
  units?: string;
  readersPerUnit?: string;
  years?: string;
  organisation?: string;
  place?: string;
}

const DEFAULT_ORGANISATION = 'Sở Giáo dục và Đào tạo';
/** A blank to fill in by hand, as printed forms leave it, when no place is given. */
const BLANK_PLACE = '……………';

const REPORT_KINDS = ['evaluation', 'cost', 'results', 'no-chip'] as const;
type ReportKind = (typeof REPORT_KINDS)[number];

/** Adds `examgate report evaluation|cost|results|no-chip`. */
export function register(program: Command): void {
  program
    .command('report')
    .description('Báo cáo: đánh giá, kinh phí, kết quả, thí sinh chưa có CCCD gắn chip / Reports: evaluation, cost, results, no-chip')
    .argument('<kind>', `report kind: ${REPORT_KINDS.join(', ')}`)
    .option('--round <number>', 'pilot round number (1, 2, 3)')
    .option('--unit <code>', 'unit code; default: every unit of the department')
    .option('--format <format>', 'output format: json, pdf, xlsx or text (default text, or json with --json)')
    .option('--json', 'print JSON (same as --format json)')
    .option('--out <file>', 'write the report to this file instead of standard output (required for pdf and xlsx)')
    .option('--database <url>', 'database URL (sqlite file path or postgres://...); cost works without one')
    .option('--candidates <count>', 'cost estimate: number of candidates')
    .option('--units <count>', 'cost estimate: number of units')
    .option('--readers-per-unit <count>', 'cost estimate: card readers per unit (default 1)')
    .option('--years <count>', 'cost estimate: licence years (default 1)')
    .option('--organisation <name>', `issuing organisation in the header (default "${DEFAULT_ORGANISATION}", or the department's name from the database)`)
    .option('--place <name>', 'place name before the date in the header (default: a blank to fill in)')
    .action(async (kind: string, options: ReportOptions) => {
      await runReport(kind, options);
    });
}

async function runReport(kind: string, options: ReportOptions): Promise<void> {
  if (!isReportKind(kind)) {
    fail(`report kind "${kind}" is unknown; use one of ${REPORT_KINDS.join(', ')}`);
  }

  const format = chooseFormat(options);

  switch (kind) {
    case 'cost':
      await runCost(options, format);
      return;
    default:
      // NOTE: evaluation, results and no-chip read the database; they land with the queries.
      fail(`report ${kind} is not available yet in this build`);
  }
}

async function runCost(options: ReportOptions, format: ReportFormat): Promise<void> {
  const candidates = parseCount(options.candidates, '--candidates');
  const units = parseCount(options.units, '--units');
  const readersPerUnit = options.readersPerUnit === undefined ? 1 : parseCount(options.readersPerUnit, '--readers-per-unit');
  const years = options.years === undefined ? 1 : parseCount(options.years, '--years');

  const prices = DEFAULT_PRICE_LIST;
  const table = estimateCost(prices, { candidates, units, readersPerUnit, years });

  if (format === 'json') {
    await emit(JSON.stringify({ prices, input: { candidates, units, readersPerUnit, years }, ...table }, null, 2) + '\n', options);
    return;
  }

  if (format === 'text') {
    await emit(formatCostText(table), options);
    return;
  }

  const document = buildCostDocument({ header: headerFor(options), prices, table, kind: 'estimate' });
  await emitDocument(document, format, options);
}

function headerFor(options: ReportOptions): { organisation: string; place: string; issuedAt: Date } {
  return {
    organisation: options.organisation ?? DEFAULT_ORGANISATION,
    place: options.place ?? BLANK_PLACE,
    issuedAt: new Date(),
  };
}

async function emitDocument(document: ReportDocument, format: 'pdf' | 'xlsx', options: ReportOptions): Promise<void> {
  const bytes = format === 'pdf' ? await renderPdf(document) : await renderXlsx(document);

  // chooseFormat has already required --out for these formats.
  await writeFile(options.out ?? '', bytes);
}

function formatCostText(table: CostTable): string {
  const rows = table.lines.map((line) =>
    `${line.labelVi} / ${line.labelEn}: ${line.quantity} × ${formatVnd(line.unitPrice)} = ${formatVnd(line.net)}` +
    ` + VAT ${formatVnd(line.vat)} = ${formatVnd(line.gross)} VND`,
  );

  return [...rows, `Tổng cộng / Total: ${formatVnd(table.total)} VND`, table.roundingVi, table.roundingEn, ''].join('\n');
}

async function emit(text: string, options: ReportOptions): Promise<void> {
  if (options.out === undefined) {
    process.stdout.write(text);
    return;
  }

  await writeFile(options.out, text, 'utf8');
}

function chooseFormat(options: ReportOptions): ReportFormat {
  if (options.json === true) {
    return 'json';
  }

  const format = options.format ?? 'text';
  if (format !== 'json' && format !== 'pdf' && format !== 'xlsx' && format !== 'text') {
    fail(`--format ${format} is invalid; use json, pdf, xlsx or text`);
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
