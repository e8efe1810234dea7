/**
 * The format-neutral shape of a report: a Vietnamese administrative header, then sections of
 * tables, bar charts and paragraphs. Each report builds one `ReportDocument`, and the PDF and
 * .xlsx renderers turn the same document into their format, so both show the same figures.
 */

/** The header of a Vietnamese administrative document. */
export interface ReportHeader {
  /** The governing body above the issuing unit, e.g. "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH X"; optional. */
  parentOrganisation?: string;
  /** The issuing unit or department, printed upper left in capitals. */
  organisation: string;
  /** The place name before the date, e.g. "Hà Nội". */
  place: string;
  /** The issue date; printed as "ngày DD tháng MM năm YYYY" in Vietnam's time zone. */
  issuedAt: Date;
  titleVi: string;
  titleEn: string;
  subtitleVi?: string;
  subtitleEn?: string;
}

/**
 * The kind of a column's values, which sets their print format. `id` is text that must keep its leading zeros (CCCD
 * numbers, candidate numbers): it is written as a text cell in .xlsx. `decimal` always shows
 * two decimals; `number` shows up to two, so counts and fractional figures share a column.
 */
export type ColumnKind = 'text' | 'id' | 'integer' | 'money' | 'decimal' | 'number' | 'percent';

export interface TableColumn {
  key: string;
  headerVi: string;
  headerEn: string;
  kind: ColumnKind;
  /** Relative width; the renderers share the page or sheet width in proportion. Default 1. */
  width?: number;
}

export type CellValue = string | number | null;

export type TableRow = Record<string, CellValue>;

export interface TableBlock {
  type: 'table';
  titleVi?: string;
  titleEn?: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** A totals row printed in bold after the rows. */
  totals?: TableRow;
}

export interface Bar {
  label: string;
  value: number;
}

/** A vertical bar chart; a histogram is a bar chart whose labels are the bins. */
export interface BarChartBlock {
  type: 'bar-chart';
  titleVi: string;
  titleEn: string;
  axisLabelVi: string;
  axisLabelEn: string;
  valueLabelVi: string;
  valueLabelEn: string;
  bars: Bar[];
}

export interface ParagraphBlock {
  type: 'paragraph';
  textVi: string;
  textEn?: string;
}

export type ReportBlock = TableBlock | BarChartBlock | ParagraphBlock;

export interface ReportSection {
  headingVi: string;
  headingEn: string;
  /** The worksheet name in .xlsx (at most 31 characters); default: the heading, shortened. */
  sheetName?: string;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  header: ReportHeader;
  sections: ReportSection[];
}
