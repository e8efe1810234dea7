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

describe('staff screens in Chromium', { timeout: 120_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('sign-in is Vietnamese and accessible', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await page.goto(`${demo.server.url}/`);
    await page.getByRole('heading', { name: /Đăng nhập/ }).waitFor();

    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /Đăng nhập \/ Sign in/);
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'sign-in');
  });

  it('rejects a wrong password in Vietnamese', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await page.goto(`${demo.server.url}/`);
    await page.getByLabel('Tên đăng nhập').fill('donvi.admin');
    await page.getByLabel('Mật khẩu').fill('wrong-password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /không đúng/);
  });

  it('unit admin adds a class', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await signInAs(page, demo.server.url, 'donvi.admin', demo.passwordOf('donvi.admin'));
    await page.goto(`${demo.server.url}/#/unit/classes`);
    await page.getByRole('heading', { name: /Lớp/ }).waitFor();
    await page.getByLabel('Mã').fill('10A9');
    await page.getByLabel('Tên', { exact: true }).fill('Lớp 10A9 (thử)');
    await page.getByRole('button', { name: 'Thêm lớp' }).click();

    await page.getByRole('cell', { name: 'Lớp 10A9 (thử)' }).waitFor();
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'unit-classes');
  });

  it('department admin lists units', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();

    await signInAs(page, demo.server.url, 'so.admin', demo.passwordOf('so.admin'));
    await page.goto(`${demo.server.url}/#/department/units`);
    await page.getByRole('heading', { name: /Đơn vị/ }).waitFor();

    const rows = await page.getByRole('row').count();
    assert.ok(rows >= 2, `expected the demo unit in the table, found ${rows} rows`);
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'department-units');
  });

  it('teacher writes a question with LaTeX', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();

    await signInAs(page, demo.server.url, 'giaovien', demo.passwordOf('giaovien'));
    await page.getByRole('heading', { name: /Ngân hàng câu hỏi/ }).waitFor();
    await page.getByLabel('Tên ngân hàng mới').fill('Toán 10 (thử)');
    await page.getByRole('button', { name: 'Tạo ngân hàng' }).click();
    await page.getByLabel(/Nội dung câu hỏi/).waitFor();
    await page.getByLabel(/Nội dung câu hỏi/).fill('Tính $\\frac{1}{2} + \\sqrt{x}$ khi $x = 4$.');
    await page.getByLabel('A.', { exact: true }).fill('$\\frac{5}{2}$');
    assert.equal(await page.getByTestId('question-preview').locator('.katex').count(), 7);
    await page.getByRole('button', { name: 'Lưu câu hỏi' }).click();

    const saved = page.getByTestId('bank-questions').getByRole('listitem').first();
    await saved.waitFor();
    assert.ok((await saved.locator('.katex').count()) >= 3, 'the stored stem and options are rendered with KaTeX');
    assert.match((await saved.textContent()) ?? '', /đáp án đúng/);
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saved.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'question-editor');
  });

  it('department admin adds a pilot round', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();

    await signInAs(page, demo.server.url, 'so.admin', demo.passwordOf('so.admin'));
    await page.goto(`${demo.server.url}/#/department/pilot-rounds`);
    await page.getByLabel('Lần').fill('7');
    await page.getByLabel('Tên', { exact: true }).fill('Khảo sát thí điểm lần 7');
    await page.getByLabel('Từ ngày').fill('2027-03-02');
    await page.getByRole('button', { name: 'Thêm đợt thí điểm' }).click();

    const row = page.getByRole('row', { name: /Khảo sát thí điểm lần 7/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /02\/03\/2027/);
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'department-pilot-rounds');
  });

  // The README's screenshot of this dashboard comes from department-charts.test.ts, whose data
  // has registry outages and resent answers.
  it('department admin reads the evaluation', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();

    await signInAs(page, demo.server.url, 'so.admin', demo.passwordOf('so.admin'));
    await page.goto(`${demo.server.url}/#/department/evaluation`);
    await page.getByRole('heading', { name: 'Khảo sát thí điểm lần 1' }).waitFor();

    assert.match((await page.getByText(/^Đăng ký: /).first().textContent()) ?? '', /Đăng ký: 40 thí sinh, 40 có thẻ gắn chip\./);
    assert.ok((await page.getByRole('img', { name: 'Xác thực thí sinh theo đơn vị' }).count()) >= 1);
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('department admin manages trust anchors and prices', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();
    await signInAs(page, demo.server.url, 'so.admin', demo.passwordOf('so.admin'));

    await page.goto(`${demo.server.url}/#/department/trust`);
    await page.getByTestId('trust-anchors').getByText(/Chưa nạp chứng thư gốc nào/).waitFor();
    await page.getByLabel(/^Tệp \(PEM/).setInputFiles({ name: 'khong-phai-chung-thu.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from('not a certificate') });
    await page.getByRole('button', { name: 'Nạp tệp' }).click();
    await page.getByRole('alert').filter({ hasText: /khong-phai-chung-thu\.pem/ }).waitFor();
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'department-trust-anchors');

    await page.goto(`${demo.server.url}/#/department/registry`);
    const fee = page.getByLabel('Giá (đồng)').nth(2);
    await fee.waitFor();
    await fee.fill('2.500');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu bảng giá.').waitFor();
    await page.reload();
    await page.getByLabel('Giá (đồng)').nth(2).waitFor();
    assert.equal(await page.getByLabel('Giá (đồng)').nth(2).inputValue(), '2.500');
    await saveScreenshot(page, 'department-prices');
  });

  it('new proctor replaces the one-time password', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();
    await signInAs(page, demo.server.url, 'donvi.admin', demo.passwordOf('donvi.admin'));

    await page.goto(`${demo.server.url}/#/unit/users`);
    await page.getByLabel('Tên đăng nhập').fill('cbct.p305');
    await page.getByLabel('Tên', { exact: true }).fill('Trần Thị Minh Thư');
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    const oneTime = (await page.getByTestId('one-time-password').locator('code').textContent()) ?? '';
    assert.ok(oneTime.length >= 10, `one-time password shown (${oneTime.length} characters)`);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();

    await signInAs(page, demo.server.url, 'cbct.p305', oneTime);
    await page.getByRole('heading', { name: /Đổi mật khẩu/ }).waitFor();
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByLabel('Mật khẩu hiện tại (một lần)').fill(oneTime);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-2026');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();

    await page.getByRole('heading', { name: /Xác thực thí sinh/ }).waitFor();
  });

  it('switches to English and back', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page, context } = demo.browser;
    await context.clearCookies();
    await page.goto(`${demo.server.url}/`);

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: /^Sign in \/ Đăng nhập/ }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');

    await page.reload();
    await page.getByRole('heading', { name: /^Sign in/ }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice survives a reload');
    await page.getByRole('button', { name: /Tiếng Việt/ }).click();
    await page.getByRole('heading', { name: /^Đăng nhập/ }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  });
});
