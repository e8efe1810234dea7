import assert from 'node:assert/strict';

import ExcelJS from 'exceljs';

import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';
import { buildXlsx, makePeople, personRow } from './candidate-files.js';

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  assert.ok(sheet);
  return sheet;
}

function uploadForm(bytes: Buffer, fileName: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes]), fileName);
  return form;
}

forEachDatabase('candidate routes', async (testDatabase, t) => {
  const { unitA, unitB } = await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase);
  const people = makePeople(12, 21);
  const rows = people.map((person, index) => personRow(person, index));
  rows.push([13, '', 'Phạm Thị Không Thẻ', '01/02/2006', 'Nữ', '', '', '']);
  const file = await buildXlsx(rows);

  try {
    const adminA = await new ApiClient(server.baseUrl).login('unitadmin.a', TEST_PASSWORD);
    const teacherA = await new ApiClient(server.baseUrl).login('teacher.a', TEST_PASSWORD);

    await t.test('dry run by multipart upload', async () => {
      const response = await adminA.request('POST', `/api/units/${unitA.id}/candidates/import?dryRun=true`, uploadForm(file, 'ds.xlsx'));

      assert.equal(response.status, 200);
      assert.equal(response.body.rowCount, 13);
      assert.equal(response.body.committed, false);
      assert.equal(response.body.withoutChipCard.length, 1);
    });

    await t.test('commit by raw body', async () => {
      const response = await adminA.request('POST', `/api/units/${unitA.id}/candidates/import?fileName=ds.xlsx`, file);

      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.created, 13);
    });

    await t.test('invalid list answers 422 with the report', async () => {
      const broken = await buildXlsx([[1, people[0]?.idNumber.slice(1) ?? '', 'Tên', '01/01/2000', 'Nam', '', '', '']]);
      const response = await adminA.request('POST', `/api/units/${unitA.id}/candidates/import`, uploadForm(broken, 'x.xlsx'));

      assert.equal(response.status, 422);
      assert.equal(response.body.code, 'IMPORT_ROWS_INVALID');
      assert.equal(response.body.details.report.errors[0].row, 2);
      assert.equal(response.body.details.report.errors[0].column, 'idNumber');
    });

    await t.test('list and chip filter', async () => {
      const all = await teacherA.get(`/api/units/${unitA.id}/candidates`);
      const withoutChip = await teacherA.get(`/api/units/${unitA.id}/candidates?withoutChip=true`);

      assert.equal(all.body.total, 13);
      assert.equal(withoutChip.body.total, 1);
      assert.equal(withoutChip.body.candidates[0].chipStatus, 'no_card');
    });

    await t.test('unit A cannot import into or read unit B', async () => {
      const imported = await adminA.request('POST', `/api/units/${unitB.id}/candidates/import?dryRun=true`, uploadForm(file, 'ds.xlsx'));
      const listed = await adminA.get(`/api/units/${unitB.id}/candidates`);
      const exported = await adminA.get(`/api/units/${unitB.id}/candidates/export.xlsx`);

      assert.equal(imported.status, 403);
      assert.equal(listed.status, 403);
      assert.equal(exported.status, 403);
    });

    await t.test('teacher cannot import', async () => {
      const response = await teacherA.request('POST', `/api/units/${unitA.id}/candidates/import?dryRun=true`, uploadForm(file, 'ds.xlsx'));

      assert.equal(response.status, 403);
    });

    await t.test('export writes IDs as text', async () => {
      const response = await adminA.get(`/api/units/${unitA.id}/candidates/export.xlsx`);
      const sheet = await loadWorkbook(response.body as Buffer);
      const ids: unknown[] = [];

      sheet.eachRow((row, rowNumber) => {
        if (rowNumber > 1 && row.getCell(1).value !== '') ids.push(row.getCell(1).value);
      });

      assert.equal(response.status, 200);
      assert.equal(ids.length, 12);
      assert.ok(ids.every((value) => typeof value === 'string' && /^0\d{11}$/.test(value)));
      assert.equal(sheet.getRow(2).getCell(1).numFmt, '@');
    });

    await t.test('template has a text ID column', async () => {
      const response = await teacherA.get('/api/candidates/template.xlsx');
      const sheet = await loadWorkbook(response.body as Buffer);

      assert.equal(response.status, 200);
      assert.match(String(sheet.getRow(1).getCell(1).value), /Số CCCD/);
      assert.equal(sheet.getRow(2).getCell(1).numFmt, '@');
      assert.equal(sheet.getRow(500).getCell(1).numFmt, '@');
    });

    await t.test('no personal data in logs', async () => {
      const logs = server.logs();

      assert.ok(logs.length > 0);
      for (const person of people) {
        assert.doesNotMatch(logs, new RegExp(person.idNumber));
        assert.equal(logs.includes(person.fullName), false);
      }
    });
  } finally {
    await server.close();
  }
});
