import assert from 'node:assert/strict';

import { createIdNumberGenerator } from '../../../src/chip/idnumber/index.js';
import { importCandidates, type ImportReport } from '../../../src/server/candidates/import-candidates.js';
import { createClass } from '../../../src/server/organisation/units.js';
import { ApiError } from '../../../src/server/errors.js';
import { forEachDatabase, type TestDatabase } from '../../support/databases.js';
import { seedTestOrganisation } from '../../support/server.js';
import { buildXlsx, type CellInput, dayFirst, encodeTcvn3, encodeVni, encodeWindows1258, makePeople, personRow, toCsv } from './candidate-files.js';

async function runImport(testDatabase: TestDatabase, unitId: string, fileName: string, bytes: Buffer, dryRun: boolean): Promise<ImportReport> {
  return importCandidates(testDatabase.database.db, { unitId, fileName, bytes, dryRun, actorUserId: null });
}

function errorsOfRow(report: ImportReport, row: number): string[] {
  return report.errors.filter((entry) => entry.row === row).map((entry) => entry.code);
}

forEachDatabase('candidate import of a valid list', async (testDatabase, t) => {
  const { unitA } = await seedTestOrganisation(testDatabase);
  const { db } = testDatabase.database;
  await createClass(db, unitA.id, { code: '10A1', name: 'Lớp 10A1' }, null);
  const people = makePeople(30);
  const rows = people.map((person, index) => {
    const row = personRow(person, index);
    row[5] = '10A1';
    return row;
  });
  const file = await buildXlsx(rows);

  await t.test('dry run stores nothing', async () => {
    const report = await runImport(testDatabase, unitA.id, 'ds.xlsx', file, true);
    const stored = await db.selectFrom('candidates').select('id').execute();

    assert.equal(report.rowCount, 30);
    assert.equal(report.invalidRows, 0);
    assert.equal(report.created, 30);
    assert.equal(report.committed, false);
    assert.equal(stored.length, 0);
  });

  await t.test('commit stores every row', async () => {
    const report = await runImport(testDatabase, unitA.id, 'ds.xlsx', file, false);
    const stored = await db.selectFrom('candidates').selectAll().where('unit_id', '=', unitA.id).execute();
    const first = stored.find((row) => row.id_number === people[0]?.idNumber);

    assert.equal(report.committed, true);
    assert.equal(report.created, 30);
    assert.equal(stored.length, 30);
    assert.equal(first?.full_name, people[0]?.fullName);
    assert.equal(first?.birth_date, people[0]?.birthDate);
    assert.equal(first?.chip_status, 'chipped');
    assert.ok(first?.class_id);
  });

  await t.test('re-import updates without duplicates', async () => {
    const changed = rows.map((row) => [...row]);
    (changed[0] as CellInput[])[2] = `${people[0]?.fullName} Anh`;
    const report = await runImport(testDatabase, unitA.id, 'ds.xlsx', await buildXlsx(changed), false);
    const stored = await db.selectFrom('candidates').selectAll().where('unit_id', '=', unitA.id).execute();

    assert.equal(report.created, 0);
    assert.equal(report.updated, 30);
    assert.equal(stored.length, 30);
    assert.equal(stored.find((row) => row.id_number === people[0]?.idNumber)?.full_name, `${people[0]?.fullName} Anh`);
  });

  await t.test('import is audited', async () => {
    const entries = await db.selectFrom('audit_log').selectAll().where('action', '=', 'candidates.import').execute();

    assert.equal(entries.length, 2);
    assert.doesNotMatch(entries[0]?.details ?? '', new RegExp(people[0]?.idNumber ?? 'x'));
  });
});

forEachDatabase('candidate import pitfalls', async (testDatabase, t) => {
  const { unitA } = await seedTestOrganisation(testDatabase);
  const people = makePeople(20, 11);
  const p = (index: number) => people[index] as (typeof people)[number];
  const sexWord = (index: number) => (p(index).sex === 'M' ? 'Nam' : 'Nữ');
  const wrongCenturyDigit = (index: number) => {
    const id = p(index).idNumber;
    return `${id.slice(0, 3)}${(Number(id[3]) + 2) % 6}${id.slice(4)}`;
  };
  // Province 001 starts with two zeros, so its ID numbers can lose two.
  const hanoiPerson = { ...createIdNumberGenerator(17).next({ provinceCode: '001', birthYears: [1995, 2005] }), fullName: 'Đỗ Minh Khoa' };
  const excelSerial = (iso: string) => Math.round((Date.parse(iso) - Date.UTC(1899, 11, 30)) / 86_400_000);
  const rows: CellInput[][] = [
    /* row 2 */ [1, Number(p(0).idNumber), p(0).fullName, dayFirst(p(0).birthDate), sexWord(0), '', '', ''],
    /* row 3 */ [2, p(1).idNumber.slice(1), p(1).fullName, dayFirst(p(1).birthDate), sexWord(1), '', '', ''],
    /* row 4 */ [3, '2.4203E+11', p(2).fullName, dayFirst(p(2).birthDate), sexWord(2), '', '', ''],
    /* row 5 */ [4, `003${p(3).idNumber.slice(3)}`, p(3).fullName, dayFirst(p(3).birthDate), sexWord(3), '', '', ''],
    /* row 6 */ [5, wrongCenturyDigit(4), p(4).fullName, dayFirst(p(4).birthDate), sexWord(4), '', '', ''],
    /* row 7 */ [6, p(5).idNumber, p(5).fullName, dayFirst(p(5).birthDate), sexWord(5), '', '', ''],
    /* row 8 */ [7, p(5).idNumber, p(6).fullName, dayFirst(p(5).birthDate), sexWord(5), '', '', ''],
    /* row 9 */ [8, p(7).idNumber, p(7).fullName, p(7).birthDate, p(7).sex, '', '', ''],
    /* row 10 */ [9, p(8).idNumber, p(8).fullName, excelSerial(p(8).birthDate), p(8).sex === 'M' ? 'm' : 'F', '', '', ''],
    /* row 11 */ [10, p(9).idNumber, p(9).fullName, new Date(`${p(9).birthDate}T00:00:00Z`), sexWord(9), '', '', ''],
    /* row 12 */ [11, p(10).idNumber, p(10).fullName, p(10).birthDate.split('-').reverse().map((part) => String(Number(part))).join('/'), sexWord(10), '', '', ''],
    /* row 13 */ [12, p(11).idNumber, `  ${p(11).fullName.normalize('NFD').replace(' ', '   ')} `, dayFirst(p(11).birthDate), sexWord(11), '', '', ''],
    /* row 14 */ [13, '', p(12).fullName, dayFirst(p(12).birthDate), sexWord(12), '', '', ''],
    /* row 15 */ [14, '', p(13).fullName, dayFirst(p(13).birthDate), sexWord(13), '', '012345678', ''],
    /* row 16 */ [15, p(14).idNumber, p(14).fullName, dayFirst(p(14).birthDate), sexWord(14), '', '', '20/05/2018'],
    /* row 17 */ [16, p(15).idNumber, p(15).fullName, '31/02/2005', 'Nam', '', '', ''],
    /* row 18 */ [17, p(16).idNumber, p(16).fullName, dayFirst(p(16).birthDate), 'X', '', '', ''],
    /* row 19 */ [18, p(17).idNumber, p(17).fullName, dayFirst(p(17).birthDate), sexWord(17), '99Z9', '', ''],
    /* row 20 */ [19, hanoiPerson.idNumber.slice(2), hanoiPerson.fullName, dayFirst(hanoiPerson.birthDate), hanoiPerson.sex === 'M' ? 'Nam' : 'Nữ', '', '', ''],
  ];
  const report = await runImport(testDatabase, unitA.id, 'loi.xlsx', await buildXlsx(rows), true);

  await t.test('number cell proposes the zero-padded ID', () => {
    const entry = report.errors.find((item) => item.row === 2);

    assert.equal(entry?.code, 'ROW_ID_NUMBER_LOST_ZEROS');
    assert.equal(entry?.column, 'idNumber');
    assert.equal(entry?.suggestion, p(0).idNumber);
    assert.match(entry?.message.vi ?? '', new RegExp(p(0).idNumber));
    assert.match(entry?.message.en ?? '', /leading zeros/);
  });

  await t.test('11-digit text proposes the ID', () => {
    const entry = report.errors.find((item) => item.row === 3);

    assert.equal(entry?.code, 'ROW_ID_NUMBER_LOST_ZEROS');
    assert.equal(entry?.suggestion, p(1).idNumber);
  });

  await t.test('10-digit text proposes two zeros', () => {
    const entry = report.errors.find((item) => item.row === 20);

    assert.equal(entry?.code, 'ROW_ID_NUMBER_LOST_ZEROS');
    assert.equal(entry?.suggestion, hanoiPerson.idNumber);
  });

  await t.test('scientific notation has no proposal', () => {
    const entry = report.errors.find((item) => item.row === 4);

    assert.equal(entry?.code, 'ROW_ID_NUMBER_SCIENTIFIC');
    assert.equal(entry?.suggestion, undefined);
  });

  await t.test('unknown province is reported', () => {
    assert.deepEqual(errorsOfRow(report, 5), ['ROW_ID_NUMBER_PROVINCE']);
  });

  await t.test('century and sex digit mismatch', () => {
    const entry = report.errors.find((item) => item.row === 6);

    assert.equal(entry?.code, 'ROW_ID_NUMBER_CENTURY_SEX');
    assert.equal(entry?.message.vi.includes(String(p(4).idNumber[3])), true);
  });

  await t.test('duplicate in file names the first row', () => {
    const entry = report.errors.find((item) => item.row === 8);

    assert.equal(entry?.code, 'ROW_DUPLICATE_IN_FILE');
    assert.match(entry?.message.en ?? '', /row 7/);
    assert.deepEqual(errorsOfRow(report, 7), []);
  });

  await t.test('date forms and sex forms are accepted', () => {
    for (const row of [9, 10, 11, 12]) {
      assert.deepEqual(errorsOfRow(report, row), [], `row ${row}`);
    }
  });

  await t.test('NFD name with spaces is normalised', () => {
    const warning = report.warnings.find((item) => item.row === 13 && item.code === 'ROW_NAME_NORMALISED');

    assert.deepEqual(errorsOfRow(report, 13), []);
    assert.ok(warning);
    assert.match(warning.message.vi, new RegExp(p(11).fullName));
  });

  await t.test('candidates without chip card are listed', () => {
    const byRow = new Map(report.withoutChipCard.map((entry) => [entry.row, entry.chipStatus]));

    assert.equal(byRow.get(14), 'no_card');
    assert.equal(byRow.get(15), 'legacy_id');
    assert.equal(byRow.get(16), 'pre_2021_card');
    assert.equal(byRow.size, 3);
  });

  await t.test('impossible date, bad sex, unknown class', () => {
    assert.deepEqual(errorsOfRow(report, 17), ['ROW_BIRTH_DATE_INVALID']);
    assert.deepEqual(errorsOfRow(report, 18), ['ROW_SEX_INVALID']);
    assert.deepEqual(errorsOfRow(report, 19), ['ROW_CLASS_NOT_FOUND']);
  });

  await t.test('invalid list commits nothing', async () => {
    const committed = await runImport(testDatabase, unitA.id, 'loi.xlsx', await buildXlsx(rows), false);
    const stored = await testDatabase.database.db.selectFrom('candidates').select('id').execute();

    assert.equal(committed.committed, false);
    assert.equal(committed.invalidRows, 10);
    assert.equal(stored.length, 0);
  });
});

forEachDatabase('candidate import duplicates against the unit', async (testDatabase) => {
  const { unitA } = await seedTestOrganisation(testDatabase);
  const [first, second] = makePeople(2, 5);
  assert.ok(first && second);
  await runImport(testDatabase, unitA.id, 'a.xlsx', await buildXlsx([personRow(first, 0)]), false);

  // Same ID number, sex and birth year (so the number itself is valid), another name and day.
  const otherDay = first.birthDate.endsWith('-01-01') ? '-12-31' : '-01-01';
  const other = { ...first, fullName: `${second.fullName} Khác`, birthDate: `${first.birthDate.slice(0, 4)}${otherDay}` };
  const report = await runImport(testDatabase, unitA.id, 'b.xlsx', await buildXlsx([personRow(other, 0)]), true);

  assert.equal(report.errors[0]?.code, 'ROW_DUPLICATE_IN_UNIT');
  assert.match(report.errors[0]?.message.vi ?? '', new RegExp(first.fullName));
});

forEachDatabase('candidate import CSV encodings', async (testDatabase, t) => {
  const { unitA } = await seedTestOrganisation(testDatabase);
  const [person] = makePeople(1, 3);
  assert.ok(person);
  const named = { ...person, fullName: person.sex === 'M' ? 'Nguyễn Văn Đức' : 'Trần Thị Hải Yến' };
  const csv = toCsv([personRow(named, 0)]);

  for (const [label, bytes, expected] of [
    ['utf-8', Buffer.from(csv, 'utf8'), 'utf-8'],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), 'utf-8-bom'],
    ['windows-1258', encodeWindows1258(csv), 'windows-1258'],
    ['semicolons', Buffer.from(toCsv([personRow(named, 0)], undefined, ';'), 'utf8'), 'utf-8'],
  ] as const) {
    await t.test(`reads ${label}`, async () => {
      const report = await runImport(testDatabase, unitA.id, 'ds.csv', bytes, true);

      assert.equal(report.encoding, expected);
      assert.equal(report.invalidRows, 0, JSON.stringify(report.errors));
      assert.deepEqual(report.warnings, []);
    });
  }

  await t.test('windows-1258 name is stored in NFC', async () => {
    await runImport(testDatabase, unitA.id, 'ds.csv', encodeWindows1258(csv), false);
    const row = await testDatabase.database.db.selectFrom('candidates').selectAll().executeTakeFirstOrThrow();

    assert.equal(row.full_name, named.fullName.normalize('NFC'));
  });

  for (const [encoding, encode] of [['TCVN3', encodeTcvn3], ['VNI', encodeVni]] as const) {
    await t.test(`names ${encoding} files`, async () => {
      const legacyCsv = toCsv([personRow(named, 0), personRow({ ...named, idNumber: named.idNumber.replace(/.$/, '0'), fullName: 'Lê Thị Hồng Nhung' }, 1)], ['STT', 'So CCCD', 'Ho va ten', 'Ngay sinh', 'Gioi tinh', 'Lop', 'So CMND cu', 'Ngay cap CCCD']);
      const error = await runImport(testDatabase, unitA.id, 'cu.csv', encode(legacyCsv), true).catch((caught: unknown) => caught);

      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 'IMPORT_ENCODING_LEGACY');
      assert.equal(error.params.encoding, encoding);
      assert.match(error.toBody().message.vi, new RegExp(encoding));
    });
  }
});

forEachDatabase('candidate import of 5,000 rows', async (testDatabase) => {
  const { unitA } = await seedTestOrganisation(testDatabase);
  const people = makePeople(5000, 99);
  const unique = [...new Map(people.map((person) => [person.idNumber, person])).values()];
  const file = await buildXlsx(unique.map((person, index) => personRow(person, index)));
  const report = await runImport(testDatabase, unitA.id, 'lon.xlsx', file, false);
  const count = await testDatabase.database.db.selectFrom('candidates').select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();

  assert.equal(report.invalidRows, 0);
  assert.equal(report.created, unique.length);
  assert.equal(Number(count.count), unique.length);
  assert.ok(unique.length > 4990);
});
