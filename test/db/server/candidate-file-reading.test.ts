import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseDateCell } from '../../../src/server/candidates/cell-values.js';
import { readCandidateFile } from '../../../src/server/candidates/spreadsheet.js';
import { detectLegacyEncoding } from '../../../src/server/candidates/text-encoding.js';
import { ApiError } from '../../../src/server/errors.js';
import { buildXlsx } from './candidate-files.js';

describe('candidate file reading', () => {
  it('rejects xlsx cells typed in TCVN3', async () => {
    // Cells typed with a TCVN3 font (.VnTime) hold these characters once read as Unicode.
    const file = await buildXlsx([[1, '001203004567', 'NguyÔn V¨n §øc', '01/02/2003', 'Nam', '', '', '']]);
    const error = await readCandidateFile('cu.xlsx', file).catch((caught: unknown) => caught);

    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'IMPORT_ENCODING_LEGACY');
    assert.equal(error.params.encoding, 'TCVN3');
  });

  it('names VNI text', () => {
    assert.equal(detectLegacyEncoding('Nguyeãn Vaên Ñöùc'), 'VNI');
  });

  it('leaves Unicode Vietnamese alone', () => {
    assert.equal(detectLegacyEncoding('Nguyễn Văn Đức; Hoàng Thị Hoãn; LÊ THỊ HỒNG; Khuê Nguyệt'), null);
  });

  it('rejects a renamed text file as not xlsx', async () => {
    const error = await readCandidateFile('ds.xlsx', Buffer.from('Số CCCD,Họ và tên\n')).catch((caught: unknown) => caught);

    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'IMPORT_FILE_NOT_XLSX');
    assert.equal(error.params.fileName, 'ds.xlsx');
    assert.match(String(error.params.found), /ZIP/);
  });

  it('says a cut-short xlsx is damaged', async () => {
    const whole = await buildXlsx([[1, '001203004567', 'Nguyễn Văn Đức', '01/02/2003', 'Nam', '', '', '']]);
    const error = await readCandidateFile('ds.xlsx', whole.subarray(0, Math.floor(whole.length / 2))).catch((caught: unknown) => caught);

    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'IMPORT_FILE_UNREADABLE');
    assert.match(String(error.params.reason), /damaged or cut short \/ tệp nén ZIP bị hỏng/);
    assert.match(error.toBody().message.vi, /ds\.xlsx.*Hãy lấy lại bản đầy đủ/);
    assert.match(error.toBody().message.en, /ds\.xlsx.*Get a complete copy/);
  });

  it('names an Excel 97-2003 file', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const error = await readCandidateFile('ds.xlsx', ole).catch((caught: unknown) => caught);

    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'IMPORT_FILE_NOT_XLSX');
    assert.equal(error.params.found, 'Excel 97-2003 .xls');
  });

  it('rejects other file types', async () => {
    const error = await readCandidateFile('ds.pdf', Buffer.from('%PDF-1.7')).catch((caught: unknown) => caught);

    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'IMPORT_FILE_UNSUPPORTED');
  });

  it('rejects a .docx as unsupported', async () => {
    // A .docx is a ZIP archive like an .xlsx, so its first bytes alone do not tell them apart.
    const zipBytes = await buildXlsx([[1, '001203004567', 'Nguyễn Văn Đức', '01/02/2003', 'Nam', '', '', '']]);

    for (const fileName of ['danh-sach.docx', 'Danh sach.ODS', 'ds.xlsx.zip']) {
      const error = await readCandidateFile(fileName, zipBytes).catch((caught: unknown) => caught);
      assert.ok(error instanceof ApiError, fileName);
      assert.equal(error.code, 'IMPORT_FILE_UNSUPPORTED', fileName);
      assert.equal(error.params.fileName, fileName);
    }
  });

  it('reads a ZIP without an extension as xlsx', async () => {
    const zipBytes = await buildXlsx([[1, '001203004567', 'Nguyễn Văn Đức', '01/02/2003', 'Nam', '', '', '']]);
    const sheet = await readCandidateFile('danh-sach', zipBytes);

    assert.equal(sheet.format, 'xlsx');
    assert.ok(sheet.rows.length > 0);
  });

  it('parses each date form', () => {
    const cases: [Parameters<typeof parseDateCell>[0], string | null][] = [
      [{ kind: 'text', text: '05/09/2007' }, '2007-09-05'],
      [{ kind: 'text', text: '5/9/2007' }, '2007-09-05'],
      [{ kind: 'text', text: '2007-09-05' }, '2007-09-05'],
      [{ kind: 'number', value: 39330 }, '2007-09-05'],
      [{ kind: 'text', text: '39330' }, '2007-09-05'],
      [{ kind: 'date', date: new Date(Date.UTC(2007, 8, 5)) }, '2007-09-05'],
      [{ kind: 'text', text: '29/02/2007' }, null],
      [{ kind: 'text', text: 'hôm qua' }, null],
    ];

    for (const [cell, expected] of cases) {
      assert.equal(parseDateCell(cell), expected, JSON.stringify(cell));
    }
  });
});
