// Columns of a candidate list and the header texts each is recognised by. Headers are compared
// without diacritics, case, spaces and punctuation, so "Số CCCD", "so cccd" and "SỐ CCCD:" match.
import { ApiError } from '../errors.js';
import { cellText, foldVietnamese } from './cell-values.js';
import type { RawSheet } from './spreadsheet.js';

export type CandidateColumn = 'idNumber' | 'fullName' | 'birthDate' | 'sex' | 'className' | 'legacyIdNumber' | 'cardIssuedOn' | 'email' | 'phone';

/** Column headers of the template, Vietnamese first with English beside it. */
export const TEMPLATE_HEADERS: Record<CandidateColumn, string> = {
  idNumber: 'Số CCCD (ID number)',
  fullName: 'Họ và tên (Full name)',
  birthDate: 'Ngày sinh (Birth date)',
  sex: 'Giới tính (Sex)',
  className: 'Lớp (Class)',
  legacyIdNumber: 'Số CMND cũ (Legacy ID)',
  cardIssuedOn: 'Ngày cấp CCCD (Card issue date)',
  email: 'Email',
  phone: 'Điện thoại (Phone)',
};

const HEADER_ALIASES: Record<CandidateColumn, string[]> = {
  idNumber: ['socccd', 'cccd', 'socancuoc', 'socancuoccongdan', 'sodinhdanh', 'sodinhdanhcanhan', 'idnumber', 'socccdidnumber'],
  fullName: ['hovaten', 'hoten', 'hotenthisinh', 'fullname', 'name', 'hovatenfullname'],
  birthDate: ['ngaysinh', 'birthdate', 'dateofbirth', 'dob', 'ngaysinhbirthdate'],
  sex: ['gioitinh', 'phai', 'sex', 'gender', 'gioitinhsex'],
  className: ['lop', 'malop', 'class', 'lopclass'],
  legacyIdNumber: ['socmnd', 'cmnd', 'socmndcu', 'legacyid', 'socmndculegacyid'],
  cardIssuedOn: ['ngaycap', 'ngaycapcccd', 'cardissuedon', 'ngaycapcccdcardissuedate', 'cardissuedate'],
  email: ['email', 'thudientu'],
  phone: ['dienthoai', 'sodienthoai', 'phone', 'dienthoaiphone'],
};

const REQUIRED_COLUMNS: CandidateColumn[] = ['idNumber', 'fullName', 'birthDate', 'sex'];

function headerKey(text: string): string {
  return foldVietnamese(text).replace(/[^a-z0-9]/g, '');
}

const COLUMN_BY_KEY = new Map<string, CandidateColumn>(
  (Object.entries(HEADER_ALIASES) as [CandidateColumn, string[]][]).flatMap(([column, aliases]) => aliases.map((alias) => [alias, column] as [string, CandidateColumn])),
);

export interface HeaderMatch {
  /** Row number of the header row in the sheet. */
  rowNumber: number;
  /** Zero-based cell index of each recognised column. */
  columns: Partial<Record<CandidateColumn, number>>;
}

/** Rows searched for the header, so that a title or a note above it does not break the import. */
const HEADER_SEARCH_ROWS = 10;

/** Finds the header row and the position of every recognised column; throws when a required one is missing. */
export function matchHeader(sheet: RawSheet): HeaderMatch {
  let best: HeaderMatch = { rowNumber: 0, columns: {} };

  for (const row of sheet.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const columns: HeaderMatch['columns'] = {};

    row.cells.forEach((cell, index) => {
      const column = COLUMN_BY_KEY.get(headerKey(cellText(cell)));

      if (column !== undefined && columns[column] === undefined) {
        columns[column] = index;
      }
    });

    if (Object.keys(columns).length > Object.keys(best.columns).length) {
      best = { rowNumber: row.rowNumber, columns };
    }
  }

  const missing = REQUIRED_COLUMNS.find((column) => best.columns[column] === undefined);

  if (missing !== undefined) {
    throw new ApiError('IMPORT_HEADER_MISSING', { column: TEMPLATE_HEADERS[missing] }, { found: Object.keys(best.columns) });
  }

  return best;
}
