import type { TableBlock, TableColumn, TableRow } from '../document.js';
import { formatCell, isNumericKind } from './format.js';
import { FONT } from './pdf-fonts.js';
import { contentWidth, ensureRoom, measureText, PAGE, printText } from './pdf-text.js';

const CELL_PADDING = 3;
const BODY_SIZE = 8.5;
const HEADER_EN_SIZE = 7.5;

/**
 * Draws a table with ruled cells from `y`. The column header (Vietnamese in bold, English in
 * italics beneath) is repeated at the top of every page the table runs onto. Returns the y
 * below the table.
 */
export function drawTable(doc: PDFKit.PDFDocument, table: TableBlock, startY: number): number {
  const widths = columnWidths(table.columns, contentWidth(doc));
  const headerHeight = measureHeader(doc, table.columns, widths);

  let y = ensureRoom(doc, startY, headerHeight + 20);
  y = drawHeaderRow(doc, table.columns, widths, y, headerHeight);

  const rows: [TableRow, boolean][] = table.rows.map((row) => [row, false]);
  if (table.totals !== undefined) {
    rows.push([table.totals, true]);
  }

  for (const [row, bold] of rows) {
    const height = measureRow(doc, table.columns, widths, row, bold);

    const nextY = ensureRoom(doc, y, height);
    if (nextY !== y) {
      y = drawHeaderRow(doc, table.columns, widths, nextY, headerHeight);
    }

    drawRow(doc, table.columns, widths, row, bold, y, height);
    y += height;
  }

  return y + 8;
}

function columnWidths(columns: TableColumn[], width: number): number[] {
  const shares = columns.map((column) => column.width ?? 1);
  const total = shares.reduce((sum, share) => sum + share, 0);

  return shares.map((share) => (width * share) / total);
}

function measureHeader(doc: PDFKit.PDFDocument, columns: TableColumn[], widths: number[]): number {
  const heights = columns.map((column, index) => {
    const inner = (widths[index] ?? 0) - 2 * CELL_PADDING;
    return measureText(doc, column.headerVi, { face: FONT.bold, size: BODY_SIZE, width: inner, align: 'center' }) +
      measureText(doc, column.headerEn, { face: FONT.italic, size: HEADER_EN_SIZE, width: inner, align: 'center' });
  });

  return Math.max(...heights) + 2 * CELL_PADDING;
}

function drawHeaderRow(doc: PDFKit.PDFDocument, columns: TableColumn[], widths: number[], y: number, height: number): number {
  let x = PAGE.marginLeft;

  columns.forEach((column, index) => {
    const width = widths[index] ?? 0;
    const inner = width - 2 * CELL_PADDING;

    doc.save().rect(x, y, width, height).fillAndStroke('#e8e8e8', '#000000').restore();
    doc.fillColor('#000000');
    const viHeight = printText(doc, column.headerVi, x + CELL_PADDING, y + CELL_PADDING, {
      face: FONT.bold, size: BODY_SIZE, width: inner, align: 'center',
    });
    printText(doc, column.headerEn, x + CELL_PADDING, y + CELL_PADDING + viHeight, {
      face: FONT.italic, size: HEADER_EN_SIZE, width: inner, align: 'center',
    });

    x += width;
  });

  return y + height;
}

function measureRow(doc: PDFKit.PDFDocument, columns: TableColumn[], widths: number[], row: TableRow, bold: boolean): number {
  const heights = columns.map((column, index) =>
    measureText(doc, formatCell(column.kind, row[column.key] ?? null), {
      face: bold ? FONT.bold : FONT.regular,
      size: BODY_SIZE,
      width: (widths[index] ?? 0) - 2 * CELL_PADDING,
    }),
  );

  return Math.max(BODY_SIZE + 2, ...heights) + 2 * CELL_PADDING;
}

function drawRow(
  doc: PDFKit.PDFDocument,
  columns: TableColumn[],
  widths: number[],
  row: TableRow,
  bold: boolean,
  y: number,
  height: number,
): void {
  let x = PAGE.marginLeft;

  columns.forEach((column, index) => {
    const width = widths[index] ?? 0;

    doc.save().lineWidth(0.5).rect(x, y, width, height).stroke().restore();
    printText(doc, formatCell(column.kind, row[column.key] ?? null), x + CELL_PADDING, y + CELL_PADDING, {
      face: bold ? FONT.bold : FONT.regular,
      size: BODY_SIZE,
      width: width - 2 * CELL_PADDING,
      align: isNumericKind(column.kind) ? 'right' : 'left',
    });

    x += width;
  });
}
