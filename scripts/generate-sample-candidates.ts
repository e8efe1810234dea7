// Writes the sample candidate lists under samples/candidates/: a clean list, the same list with
// the mistakes spreadsheets typically make, and CSV files in Windows-1258 and TCVN3. Every
// identity is made up by the seeded ID-number generator.
// Run: node --import tsx scripts/generate-sample-candidates.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildXlsx, type CellInput, dayFirst, encodeTcvn3, encodeWindows1258, makePeople, personRow, toCsv } from '../test/db/server/candidate-files.js';

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

writeFileSync(join(OUTPUT, 'danh-sach-40-thi-sinh.xlsx'), await buildXlsx(clean));
writeFileSync(join(OUTPUT, 'danh-sach-co-loi.xlsx'), await buildXlsx(withErrors));
writeFileSync(join(OUTPUT, 'danh-sach-windows-1258.csv'), encodeWindows1258(toCsv(clean.slice(0, 10))));

const legacyNames = ['Nguyễn Văn Đức', 'Trần Thị Hải Yến', 'Lê Thị Hồng Nhung'];
const legacyRows = people.slice(0, 3).map((entry, index) => {
  const sex = index === 0 ? 'Nam' : 'Nữ';
  return [index + 1, entry.idNumber, legacyNames[index] as string, dayFirst(entry.birthDate), sex, '', '', ''];
});

writeFileSync(join(OUTPUT, 'danh-sach-tcvn3.csv'), encodeTcvn3(toCsv(legacyRows, ['STT', 'So CCCD', 'Ho va ten', 'Ngay sinh', 'Gioi tinh', 'Lop', 'So CMND cu', 'Ngay cap CCCD'])));
console.log(`wrote the sample candidate lists to ${OUTPUT}`);
