import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import ExcelJS from 'exceljs';

import { createIdNumberGenerator } from '../../../src/chip/idnumber/index.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Row {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: 'Nam' | 'Nữ';
}

/** Three generated candidates; the names are made up and the ID numbers only look valid. */
function generatedRows(): Row[] {
  const generator = createIdNumberGenerator(8);
  const names = ['Lê Thị Ánh Tuyết', 'Phạm Quốc Khánh', 'Đỗ Thuỳ Dương'];

  return names.map((fullName, index) => {
    const identity = generator.next({ birthYears: [2004, 2008], sex: index === 1 ? 'M' : 'F' });
    const [year, month, day] = identity.birthDate.split('-');
    return { idNumber: identity.idNumber, fullName, birthDate: `${day}/${month}/${year}`, sex: identity.sex === 'M' ? 'Nam' : 'Nữ' };
  });
}

async function spreadsheet(rows: Row[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(['Số CCCD', 'Họ và tên', 'Ngày sinh', 'Giới tính']);
  for (const row of rows) sheet.addRow([row.idNumber, row.fullName, row.birthDate, row.sex]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('candidate list import in Chromium', { timeout: 120_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('previews row errors, then imports the corrected list', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;
    const rows = generatedRows();
    const first = rows[0];
    assert.ok(first);
    // Excel stored the number as a number: the leading zeros are gone.
    const broken = [{ ...first, idNumber: String(Number(first.idNumber)) }, ...rows.slice(1)];

    await signInAs(page, demo.server.url, 'donvi.admin', demo.passwordOf('donvi.admin'));
    await page.getByRole('heading', { name: /Danh sách thí sinh/ }).waitFor();
    const caption = page.getByTestId('candidate-list').locator('caption');
    const before = Number(((await caption.textContent()) ?? '').replace(/\D/g, ''));

    await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles({ name: 'ds-loi.xlsx', mimeType: XLSX_TYPE, buffer: await spreadsheet(broken) });
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const errors = page.getByTestId('row-errors');
    await errors.waitFor();
    const errorText = (await errors.textContent()) ?? '';
    assert.match(errorText, /mất số 0 ở đầu/);
    assert.match(errorText, new RegExp(first.idNumber), 'the message suggests the full number');
    assert.equal(await page.getByRole('button', { name: /^Nhập \d+ thí sinh/ }).isDisabled(), true);
    assert.match((await page.getByTestId('import-blocked').textContent()) ?? '', /Chưa thể nhập: \d+ dòng có lỗi\. Sửa các dòng đó trong tệp/);
    assert.equal(await page.getByTestId('import-progress').getAttribute('value'), '1');
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'unit-candidate-import-errors');

    await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles({ name: 'ds.xlsx', mimeType: XLSX_TYPE, buffer: await spreadsheet(rows) });
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByText('Không có dòng lỗi.').waitFor();
    assert.match((await page.getByTestId('import-counts').textContent()) ?? '', /3 dòng: 3 hợp lệ, 0 có lỗi; sẽ thêm 3 thí sinh mới/);
    await page.getByRole('button', { name: 'Nhập 3 thí sinh' }).click();

    await page.getByTestId('import-done').filter({ hasText: 'Đã nhập: 3 mới, 0 cập nhật.' }).waitFor();
    await caption.filter({ hasText: String(before + 3) }).waitFor();
    await saveScreenshot(page, 'unit-candidates');
  });
});
