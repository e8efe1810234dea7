import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();

describe('proctor check-in panel in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('reads a QR code and admits a candidate without chip', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    // A demo candidate's card QR text, built from the registration (generated identities).
    const candidate = await demo.server.app.db.selectFrom('candidates').select(['id_number', 'full_name_display', 'birth_date', 'sex']).where('id_number', 'is not', null).orderBy('full_name_display').executeTakeFirstOrThrow();
    const [year, month, day] = candidate.birth_date.split('-');
    const qr = `${candidate.id_number}||${candidate.full_name_display}|${day}${month}${year}|${candidate.sex === 'M' ? 'Nam' : 'Nữ'}|Hà Nội|15032022`;

    await signInAs(page, demo.server.url, 'canbocoithi', demo.passwordOf('canbocoithi'));
    await page.getByRole('heading', { name: /Xác thực thí sinh/ }).waitFor();
    for (const label of ['Kỳ thi', 'Ca thi', 'Phòng thi']) {
      const picker = page.getByLabel(label, { exact: true });
      await picker.locator('option').nth(1).waitFor({ state: 'attached' });
      await picker.selectOption({ index: 1 });
    }
    const summary = page.getByTestId('check-in-summary');
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', /^0 \/ \d+ thí sinh đã vào phòng/);
    await page.getByTestId('live-state').filter({ hasText: 'Cập nhật trực tiếp' }).waitFor();

    await page.getByLabel('Quét mã QR trên thẻ CCCD').fill(qr);
    assert.match((await page.getByTestId('qr-parsed').textContent()) ?? '', new RegExp(`Đã đọc mã QR: ${candidate.full_name_display}`));
    // No station is connected in this test, so the server refuses to send the read request.
    await page.getByLabel('Quét mã QR trên thẻ CCCD').press('Enter');
    await page.getByRole('alert').filter({ hasText: /Chưa có trạm xác thực nào của phòng kết nối/ }).waitFor();

    await page.getByLabel('Chọn thí sinh').last().selectOption({ index: 2 });
    await page.getByLabel('Trường hợp').selectOption({ label: 'Đầu đọc hoặc trạm xác thực bị hỏng' });
    await page.getByLabel(/^Lý do \(bắt buộc/).fill('Đầu đọc ở cửa phòng mất kết nối; đã đối chiếu ảnh trên thẻ.');
    await page.getByRole('button', { name: 'Cho vào thi không qua chip' }).click();
    await summary.filter({ hasText: /^1 \/ \d+ thí sinh đã vào phòng/ }).waitFor();
    assert.equal(await page.getByTestId('check-in-table').getByRole('cell', { name: 'Cho vào không qua chip' }).count(), 1);
    const current = page.getByTestId('current-check-in');
    await current.getByRole('heading', { name: /Cho vào không qua chip/ }).waitFor();
    assert.match((await current.textContent()) ?? '', /Đầu đọc hoặc trạm xác thực bị hỏng/);
    assert.match((await current.textContent()) ?? '', /Đầu đọc ở cửa phòng mất kết nối; đã đối chiếu ảnh trên thẻ\./);

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('heading', { name: /Xác thực thí sinh/ }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'proctor-check-in');
  });
});
