// Writes the sample candidate lists under samples/candidates/: the unit's list of 40 as units
// send it (title rows, a few ID numbers stored as numbers, some names in NFD, one row pasted
// twice, one candidate without a chipped card), the same list with the mistakes spreadsheets
// typically make, and CSV files in Windows-1258 and TCVN3. Every identity is made up by the
// seeded ID-number generator.
// Run: node --import tsx scripts/generate-sample-candidates.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import ExcelJS from 'exceljs';

import { HEADER, buildXlsx, type CellInput, dayFirst, encodeTcvn3, encodeWindows1258, makePeople, personRow, toCsv } from '../test/db/server/candidate-files.js';

const OUTPUT = 'samples/candidates';
const people = makePeople(40, 406);
const clean: CellInput[][] = people.map((person, index) => {
  const row = personRow(person, index);
  row[5] = index < 20 ? '10A1' : '10A2';
  return row;
});

// The same list with one mistake in each of data rows 2-11 (spreadsheet rows 3-12).
const withErrors = clean.map((row) => [...row]);
const person = (index: number) => people[index] as (typeof people)[number];
const set = (index: number, column: number, value: CellInput) => {
  (withErrors[index] as CellInput[])[column] = value;
};

set(1, 1, Number(person(1).idNumber)); // number cell: the leading zero is lost
set(2, 1, '2.4203E+11'); // saved from a scientific-notation display
set(3, 1, `003${person(3).idNumber.slice(3)}`); // province code 003 does not exist
set(4, 3, '31/02/2006'); // no such day
set(5, 4, 'X'); // sex neither Nam nor Nữ
set(6, 1, person(5).idNumber); // the ID number of row 7 again
set(7, 5, '10A9'); // no such class
set(8, 2, `  ${person(8).fullName.normalize('NFD')} `); // NFD and stray spaces: accepted with a warning
set(9, 1, ''); // no card: accepted, listed as without chip
set(10, 6, '012345678'); // legacy ID only: accepted, listed
set(10, 1, '');

// The list as a unit sends it, which `examgate demo` imports: rows 3, 14 and 27 hold the ID
// number as a number cell (the leading zero is lost and the import proposes it back), rows 5,
// 18 and 33 spell the name in NFD, row 9 is pasted again at the end, and the candidate of row
// 38 has only a 9-digit legacy ID (no chipped card).
const unitList = clean.map((row) => [...row]);
const unitSet = (index: number, column: number, value: CellInput) => {
  (unitList[index] as CellInput[])[column] = value;
};

for (const index of [2, 13, 26]) unitSet(index, 1, Number(person(index).idNumber));
for (const index of [4, 17, 32]) unitSet(index, 2, person(index).fullName.normalize('NFD'));
unitSet(37, 1, '');
unitSet(37, 6, '031456789');
unitSet(37, 7, '');
unitList.push([41, ...(unitList[8] as CellInput[]).slice(1)]);

/** A list with the unit's title rows above the header, as schools print and send it. */
async function buildUnitListXlsx(rows: CellInput[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');

  sheet.addRow(['SỞ GIÁO DỤC VÀ ĐÀO TẠO', '', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
  sheet.addRow(['TRUNG TÂM GDTX-NNTH DEMO', '', '', '', 'Độc lập - Tự do - Hạnh phúc']);
  sheet.addRow([]);
  sheet.addRow(['DANH SÁCH THÍ SINH DỰ KIỂM TRA HỌC KỲ I - NĂM HỌC 2025-2026']);
  sheet.mergeCells('A4:H4');
  sheet.addRow(HEADER);
  rows.forEach((row) => sheet.addRow(row));
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 28;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

writeFileSync(join(OUTPUT, 'danh-sach-40-thi-sinh.xlsx'), await buildUnitListXlsx(unitList));
writeFileSync(join(OUTPUT, 'danh-sach-co-loi.xlsx'), await buildXlsx(withErrors));
writeFileSync(join(OUTPUT, 'danh-sach-windows-1258.csv'), encodeWindows1258(toCsv(clean.slice(0, 10))));

const legacyNames = ['Nguyễn Văn Đức', 'Trần Thị Hải Yến', 'Lê Thị Hồng Nhung'];
const legacyRows = people.slice(0, 3).map((entry, index) => {
  const sex = index === 0 ? 'Nam' : 'Nữ';
  return [index + 1, entry.idNumber, legacyNames[index] as string, dayFirst(entry.birthDate), sex, '', '', ''];
});

writeFileSync(join(OUTPUT, 'danh-sach-tcvn3.csv'), encodeTcvn3(toCsv(legacyRows, ['STT', 'So CCCD', 'Ho va ten', 'Ngay sinh', 'Gioi tinh', 'Lop', 'So CMND cu', 'Ngay cap CCCD'])));
console.log(`wrote the sample candidate lists to ${OUTPUT}`);
