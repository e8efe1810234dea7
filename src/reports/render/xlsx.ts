import ExcelJS from 'exceljs';

import type { BarChartBlock, ColumnKind, ReportDocument, ReportHeader, ReportSection, TableBlock, TableColumn } from '../document.js';
import { formatPlaceAndDate, NATIONAL_MOTTO, NATIONAL_TITLE } from './format.js';

const SHEET_NAME_MAX_LENGTH = 31;
const COLUMN_WIDTH_PER_SHARE = 14;

const NUMBER_FORMATS: Record<ColumnKind, string> = {
  text: '@',
  id: '@',
  integer: '#,##0',
  money: '#,##0',
  decimal: '0.00',
  number: 'General',
  percent: '0.0%',
};

/**
 * Renders a report as an .xlsx workbook, one worksheet per section. Every sheet starts with
 * the administrative header. Each table has a Vietnamese header row with an English row
 * beneath it, and a chart becomes a table of its bars. Columns of kind `id` and `text` are
 * text cells (format "@", string values), so CCCD numbers keep their leading zeros.
 */
export async function renderXlsx(report: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'examgate';
  workbook.created = report.header.issuedAt;
  workbook.modified = report.header.issuedAt;

  const usedNames = new Set<string>();
  for (const section of report.sections) {
    addSectionSheet(workbook, report.header, section, uniqueSheetName(section, usedNames));
  }

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}

function addSectionSheet(workbook: ExcelJS.Workbook, header: ReportHeader, section: ReportSection, name: string): void {
  const sheet = workbook.addWorksheet(name);
  const columnCount = Math.max(4, ...section.blocks.map((block) => blockColumnCount(block)));

  writeHeader(sheet, header, columnCount);
  sheet.addRow([section.headingVi]).font = { bold: true };
  sheet.addRow([section.headingEn]).font = { italic: true };

  for (const block of section.blocks) {
    sheet.addRow([]);

    switch (block.type) {
      case 'table':
        writeTable(sheet, block);
        break;
      case 'bar-chart':
        writeTable(sheet, chartAsTable(block));
        break;
      case 'paragraph':
        sheet.addRow([block.textVi]);
        if (block.textEn !== undefined) {
          sheet.addRow([block.textEn]).font = { italic: true };
        }
        break;
    }
  }
}

function writeHeader(sheet: ExcelJS.Worksheet, header: ReportHeader, columnCount: number): void {
  const right = Math.max(3, columnCount - 1);
  const rows: [string, string][] = [
    [header.parentOrganisation?.toLocaleUpperCase('vi') ?? '', NATIONAL_TITLE],
    [header.organisation.toLocaleUpperCase('vi'), NATIONAL_MOTTO],
    ['', formatPlaceAndDate(header.place, header.issuedAt)],
  ];

  rows.forEach(([left, rightText], index) => {
    const row = sheet.getRow(index + 1);
    row.getCell(1).value = left;
    row.getCell(right).value = rightText;
    row.getCell(1).font = { bold: index === 1 };
    row.getCell(right).font = index === 2 ? { italic: true } : { bold: true };
  });

  sheet.getRow(5).getCell(1).value = header.titleVi.toLocaleUpperCase('vi');
  sheet.getRow(5).getCell(1).font = { bold: true, size: 14 };
  sheet.getRow(6).getCell(1).value = header.titleEn;
  sheet.getRow(6).getCell(1).font = { italic: true };

  let next = 7;
  if (header.subtitleVi !== undefined) {
    sheet.getRow(next).getCell(1).value = header.subtitleVi;
    sheet.getRow(next).getCell(1).font = { bold: true };
    next += 1;
  }
  if (header.subtitleEn !== undefined) {
    sheet.getRow(next).getCell(1).value = header.subtitleEn;
    sheet.getRow(next).getCell(1).font = { italic: true };
  }
}

function writeTable(sheet: ExcelJS.Worksheet, table: TableBlock): void {
  if (table.titleVi !== undefined) {
    sheet.addRow([table.titleEn === undefined ? table.titleVi : `${table.titleVi} / ${table.titleEn}`]).font = { bold: true };
  }

  const viRow = sheet.addRow(table.columns.map((column) => column.headerVi));
  viRow.font = { bold: true };
  const enRow = sheet.addRow(table.columns.map((column) => column.headerEn));
  enRow.font = { italic: true };

  table.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    const width = (column.width ?? 1) * COLUMN_WIDTH_PER_SHARE;
    sheetColumn.width = Math.max(sheetColumn.width ?? 0, width);
  });

  for (const values of table.rows) {
    writeRow(sheet, table.columns, values, false);
  }
  if (table.totals !== undefined) {
    writeRow(sheet, table.columns, table.totals, true);
  }
}

function writeRow(sheet: ExcelJS.Worksheet, columns: TableColumn[], values: Record<string, string | number | null>, bold: boolean): void {
  const row = sheet.addRow([]);

  columns.forEach((column, index) => {
    const cell = row.getCell(index + 1);
    const value = values[column.key] ?? null;

    cell.numFmt = NUMBER_FORMATS[column.kind];
    if (bold) {
      cell.font = { bold: true };
    }
    if (value === null) {
      return;
    }

    const isText = column.kind === 'id' || column.kind === 'text';
    cell.value = isText ? String(value).normalize('NFC') : value;
  });
}

function chartAsTable(chart: BarChartBlock): TableBlock {
  return {
    type: 'table',
    titleVi: chart.titleVi,
    titleEn: chart.titleEn,
    columns: [
      { key: 'label', headerVi: chart.axisLabelVi, headerEn: chart.axisLabelEn, kind: 'text' },
      { key: 'value', headerVi: chart.valueLabelVi, headerEn: chart.valueLabelEn, kind: 'decimal' },
    ],
    rows: chart.bars.map((bar) => ({ label: bar.label, value: bar.value })),
  };
}

function blockColumnCount(block: ReportSection['blocks'][number]): number {
  switch (block.type) {
    case 'table':
      return block.columns.length;
    case 'bar-chart':
      return 2;
    case 'paragraph':
      return 1;
  }
}

/** Makes a sheet name of at most 31 characters without the characters Excel forbids, unique in the workbook. */
function uniqueSheetName(section: ReportSection, used: Set<string>): string {
  const base = (section.sheetName ?? section.headingVi).replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, SHEET_NAME_MAX_LENGTH) || 'Sheet';

  let name = base;
  for (let suffix = 2; used.has(name.toLowerCase()); suffix++) {
    const tail = ` (${suffix})`;
    name = base.slice(0, SHEET_NAME_MAX_LENGTH - tail.length) + tail;
  }

  used.add(name.toLowerCase());
  return name;
}
