import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { examDb } from '../../../src/server/exam/exam-schema.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();

describe('rooms, exam events and the room monitor in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('unit admin sets up rooms and an exam event', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;
    await signInAs(page, demo.server.url, 'donvi.admin', demo.passwordOf('donvi.admin'));

    await page.goto(`${demo.server.url}/#/unit/rooms`);
    await page.getByLabel('Mã', { exact: true }).fill('P.305');
    await page.getByLabel('Tên', { exact: true }).fill('Phòng máy 305');
    await page.getByLabel('Số chỗ ngồi').fill('45');
    await page.getByRole('button', { name: 'Thêm phòng thi' }).click();
    await page.getByRole('row', { name: /Phòng máy 305/ }).waitFor();
    assert.match((await page.getByRole('row', { name: /Phòng máy 305/ }).textContent()) ?? '', /45/);
    await saveScreenshot(page, 'unit-rooms');

    await page.goto(`${demo.server.url}/#/unit/events`);
    await page.getByLabel('Mã', { exact: true }).last().fill('KT-HK1');
    await page.getByLabel('Tên kỳ thi').fill('Kiểm tra học kỳ I');
    await page.getByRole('button', { name: 'Thêm kỳ thi' }).click();
    await page.getByRole('heading', { name: 'Kiểm tra học kỳ I (KT-HK1)' }).waitFor();

    await page.getByLabel('Ngày thi').fill('2027-01-12');
    await page.getByRole('button', { name: 'Thêm ca thi' }).click();
    await page.getByRole('cell', { name: '12/01/2027 07:30' }).waitFor();
    await page.getByRole('button', { name: 'Đăng ký tất cả thí sinh của đơn vị' }).click();
    const status = page.getByRole('status').filter({ hasText: /Đã đăng ký \d+ thí sinh/ });
    await status.waitFor();
    await page.getByRole('button', { name: 'Xếp chỗ tự động' }).click();
    await page.getByRole('status').filter({ hasText: /Đã xếp chỗ cho \d+ thí sinh/ }).waitFor();

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'unit-events');
  });

  it('proctor admits a candidate without chip', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();
    await signInAs(page, demo.server.url, 'canbocoithi', demo.passwordOf('canbocoithi'));

    await page.goto(`${demo.server.url}/#/proctor/room`);
    const eventPicker = page.getByLabel('Kỳ thi', { exact: true });
    await eventPicker.locator('option').nth(1).waitFor({ state: 'attached' });
    await eventPicker.selectOption({ index: 1 });
    const sessionPicker = page.getByLabel('Ca thi', { exact: true });
    await sessionPicker.locator('option').nth(1).waitFor({ state: 'attached' });
    await sessionPicker.selectOption({ index: 1 });
    const summary = page.getByTestId('monitor-summary');
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', /, 0 đã xác thực vào thi/);

    await page.getByLabel('Chọn thí sinh').selectOption({ index: 1 });
    await page.getByLabel(/^Lý do \(bắt buộc/).fill('Thẻ CCCD bị hỏng chip, đã đối chiếu giấy khai sinh.');
    await page.getByRole('button', { name: 'Cho vào thi không qua chip' }).click();
    await summary.filter({ hasText: ', 1 đã xác thực vào thi' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'Đã xác thực, chưa bắt đầu' }).count(), 1);

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('heading', { name: /Theo dõi phòng thi/ }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'proctor-room');
  });

  it('proctor moves the admitted candidate to another seat', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    // The room view of the test before, with one candidate admitted and not started.
    const candidate = page.getByLabel('Thí sinh cần chuyển');
    await candidate.locator('option').nth(1).waitFor({ state: 'attached' });
    await candidate.selectOption({ index: 1 });
    const seat = page.getByLabel('Chỗ ngồi mới');
    await seat.locator('option').nth(1).waitFor({ state: 'attached' });
    await seat.selectOption({ index: 1 });
    const seatLabel = ((await seat.locator('option').nth(1).textContent()) ?? '').trim();
    const seatId = await seat.inputValue();
    await page.getByLabel('Lý do chuyển chỗ').fill('Máy số 12 hỏng bàn phím.');
    await page.getByRole('button', { name: 'Chuyển chỗ' }).click();
    await page.getByRole('status').filter({ hasText: `sang chỗ ${seatLabel}` }).waitFor();

    const attempts = await examDb(demo.server.app.db).selectFrom('exam_attempts').select('seat_id').execute();
    assert.deepEqual(attempts.map((row) => row.seat_id), [seatId], 'the one attempt now belongs to the new seat');
    const audit = await demo.server.app.db.selectFrom('audit_log').select('details').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.match(String(audit.details), /"moved":true/);

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('heading', { name: 'Chuyển thí sinh sang chỗ khác' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'proctor-move-seat');
  });
});
