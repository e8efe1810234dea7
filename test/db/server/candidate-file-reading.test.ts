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

  it('rejects other file types', async () => {
    const error = await readCandidateFile('ds.pdf', Buffer.from('%PDF-1.7')).catch((caught: unknown) => caught);

    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'IMPORT_FILE_UNSUPPORTED');
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
