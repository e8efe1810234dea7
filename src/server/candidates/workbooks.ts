// The downloadable candidate list template and the candidate export, both .xlsx. ID number
// columns are text cells with the Text number format (@), so Excel keeps leading zeros both in
// the values written here and in values a user types into the template.
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.js';
import { type CandidateColumn, TEMPLATE_HEADERS } from './columns.js';

const TEXT_FORMAT = '@';
/** Rows of the template formatted as text in advance, so typed ID numbers keep their zeros. */
const TEMPLATE_TEXT_ROWS = 2000;

const TEMPLATE_COLUMNS: { key: CandidateColumn; width: number; text: boolean }[] = [
  { key: 'idNumber', width: 22, text: true },
  { key: 'fullName', width: 30, text: false },
  { key: 'birthDate', width: 16, text: true },
  { key: 'sex', width: 10, text: false },
  { key: 'className', width: 10, text: false },
  { key: 'legacyIdNumber', width: 18, text: true },
  { key: 'cardIssuedOn', width: 18, text: true },
  { key: 'email', width: 26, text: false },
  { key: 'phone', width: 16, text: true },
];

const INSTRUCTIONS = [
  'Hướng dẫn / Instructions',
  '1. Số CCCD: 12 chữ số, giữ nguyên số 0 ở đầu. Cột đã định dạng Văn bản (Text); không đổi định dạng. / ID number: 12 digits, keep the leading zeros; the column is formatted as Text.',
  '2. Ngày sinh, ngày cấp: dd/mm/yyyy, ví dụ 05/09/2007. / Dates as dd/mm/yyyy, for example 05/09/2007.',
  '3. Giới tính: Nam hoặc Nữ. / Sex: Nam (male) or Nữ (female).',
  '4. Thí sinh chưa có CCCD gắn chip: để trống Số CCCD, ghi Số CMND cũ nếu có. / Candidates without a chipped card: leave the ID number empty and fill in the legacy ID if any.',
  '5. Lớp: mã lớp đã tạo trong đơn vị. / Class: the code of a class of the unit.',
];

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
}

/** Builds the candidate list template (.xlsx). */
export async function buildCandidateTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách thí sinh');

  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({ header: TEMPLATE_HEADERS[column.key], key: column.key, width: column.width }));
  styleHeader(sheet.getRow(1));

  TEMPLATE_COLUMNS.forEach((column, index) => {
    if (!column.text) return;

    for (let row = 2; row <= TEMPLATE_TEXT_ROWS + 1; row += 1) {
      sheet.getCell(row, index + 1).numFmt = TEXT_FORMAT;
    }
  });

  const help = workbook.addWorksheet('Hướng dẫn');
  INSTRUCTIONS.forEach((line) => help.addRow([line]));
  help.getColumn(1).width = 120;
  help.getRow(1).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const CHIP_STATUS_LABELS: Record<string, string> = {
  chipped: 'Có chip / chipped',
  no_card: 'Chưa có CCCD / no card',
  legacy_id: 'Chỉ có CMND / legacy ID only',
  pre_2021_card: 'Thẻ trước 2021, không chip / pre-2021 card',
};

function dayFirst(iso: string | null): string {
  if (iso === null) return '';
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** Exports the unit's candidates (.xlsx); ID numbers and dates are text cells. */
export async function exportCandidates(db: Kysely<Database>, unitId: string): Promise<Buffer> {
  const rows = await db
    .selectFrom('candidates')
    .leftJoin('classes', 'classes.id', 'candidates.class_id')
    .select([
      'candidates.id_number',
      'candidates.full_name_display',
      'candidates.birth_date',
      'candidates.sex',
      'classes.code as class_code',
      'candidates.legacy_id_number',
      'candidates.card_issued_on',
      'candidates.email',
      'candidates.phone',
      'candidates.chip_status',
    ])
    .where('candidates.unit_id', '=', unitId)
    .orderBy('candidates.full_name')
    .execute();

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách thí sinh');

  sheet.columns = [
    ...TEMPLATE_COLUMNS.map((column) => ({ header: TEMPLATE_HEADERS[column.key], key: column.key, width: column.width })),
    { header: 'Tình trạng chip (Chip status)', key: 'chipStatus', width: 28 },
  ];
  styleHeader(sheet.getRow(1));

  for (const row of rows) {
    const added = sheet.addRow({
      idNumber: row.id_number ?? '',
      fullName: row.full_name_display,
      birthDate: dayFirst(row.birth_date),
      sex: row.sex === 'M' ? 'Nam' : 'Nữ',
      className: row.class_code ?? '',
      legacyIdNumber: row.legacy_id_number ?? '',
      cardIssuedOn: dayFirst(row.card_issued_on),
      email: row.email ?? '',
      phone: row.phone ?? '',
      chipStatus: CHIP_STATUS_LABELS[row.chip_status] ?? row.chip_status,
    });

    TEMPLATE_COLUMNS.forEach((column, index) => {
      if (column.text) added.getCell(index + 1).numFmt = TEXT_FORMAT;
    });
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
