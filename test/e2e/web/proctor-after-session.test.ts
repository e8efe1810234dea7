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

describe('proctor screens after the session in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('proctor answers the proctor questionnaire', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await signInAs(page, demo.server.url, 'canbocoithi', demo.passwordOf('canbocoithi'));
    await page.goto(`${demo.server.url}/#/proctor/after-session`);
    await page.getByRole('heading', { name: /Góp ý sau ca thi/ }).waitFor();
    const picker = page.getByLabel('Kỳ thi', { exact: true });
    await picker.locator('option').nth(1).waitFor({ state: 'attached' });
    await picker.selectOption({ index: 1 });
    const eventId = await picker.inputValue();

    const form = page.getByTestId('feedback-proctor');
    await form.getByRole('heading', { name: 'Phiếu khảo sát ý kiến cán bộ coi thi' }).waitFor();
    const statements = form.getByRole('group');
    assert.equal(await statements.count(), 4);
    for (let index = 0; index < 4; index += 1) {
      await statements.nth(index).getByRole('radio', { name: 'Đồng ý', exact: true }).check();
    }
    await form.getByLabel('Khó khăn gặp phải và đề xuất (không bắt buộc).').fill('Cần thêm một đầu đọc dự phòng.');
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'proctor-feedback');
    await form.getByRole('button', { name: 'Gửi góp ý' }).click();
    await page.getByText('Cảm ơn bạn đã góp ý.').waitFor();

    const response = await demo.server.app.db.selectFrom('feedback_responses').select(['respondent', 'exam_event_id', 'answers']).where('respondent', '=', 'proctor').executeTakeFirstOrThrow();
    assert.equal(response.exam_event_id, eventId);
    assert.deepEqual(JSON.parse(response.answers), {
      'proctor.identity_better': 4,
      'proctor.station_easy': 4,
      'proctor.exceptions_clear': 4,
      'proctor.continue': 4,
      'proctor.comment': 'Cần thêm một đầu đọc dự phòng.',
    });
  });

  it('proctor writes an incident report and prints it', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    // Still signed in as the proctor from the test before.
    await page.goto(`${demo.server.url}/#/proctor/incidents`);
    await page.getByRole('heading', { name: /Biên bản sự cố/ }).waitFor();
    for (const label of ['Kỳ thi', 'Ca thi', 'Phòng thi']) {
      const picker = page.getByLabel(label, { exact: true });
      await picker.locator('option').nth(1).waitFor({ state: 'attached' });
      await picker.selectOption({ index: 1 });
    }

    await page.getByTestId('incident-table').waitFor();
    await page.getByLabel('Loại sự cố').selectOption({ label: 'Hỏng thiết bị' });
    await page.getByLabel('Diễn biến và cách xử lý').fill('Máy số 12 treo lúc làm bài; thí sinh chuyển sang máy 20 và làm tiếp.');
    const involved = page.getByRole('group', { name: 'Thí sinh liên quan' }).getByRole('checkbox').first();
    await involved.check();
    const involvedName = ((await involved.locator('xpath=..').textContent()) ?? '').split('·')[1]?.trim() ?? '';
    await page.getByRole('button', { name: 'Lưu biên bản' }).click();

    const row = page.getByTestId('incident-table').getByRole('row', { name: /Hỏng thiết bị/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', new RegExp(involvedName));
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.getByRole('heading', { name: /Biên bản sự cố/ }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'proctor-incidents');

    const href = await row.getByRole('link', { name: 'Tải PDF để ký' }).getAttribute('href');
    assert.ok(href);
    const pdf = await page.request.get(`${demo.server.url}${href}`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

    const stored = await demo.server.app.db.selectFrom('audit_log').select('action').where('action', '=', 'checkin.incident.create').execute();
    assert.equal(stored.length, 1, 'one audit entry for the report');
  });
});
