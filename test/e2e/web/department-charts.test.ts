import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Locator } from 'playwright-core';

import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();

/** Reads a chart's table as numbers, row by row, from the Vietnamese format (1.234,5). */
async function chartNumbers(chart: Locator): Promise<number[][]> {
  const rows = await chart.locator('table.chart-table tbody tr').all();
  const values: number[][] = [];
  for (const row of rows) {
    const cells = await row.locator('td').allTextContents();
    values.push(cells.map((cell) => Number(cell.replace(/\./g, '').replace(',', '.').trim())));
  }
  return values;
}

describe('department charts in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('cost and results charts match the API', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;

    await signInAs(page, demo.server.url, 'so.admin', demo.passwordOf('so.admin'));
    await page.goto(`${demo.server.url}/#/department/evaluation`);
    const costChart = page.getByTestId('cost-round-1');
    await costChart.locator('table.chart-table').waitFor();

    const cost = await (await page.request.get(`${demo.server.url}/api/reports/cost?round=1`)).json() as { lines: { net: number; vat: number }[]; total: number };
    assert.ok(cost.lines.length > 0, 'the round has cost lines');
    assert.deepEqual(await chartNumbers(costChart), cost.lines.map((line) => [line.net, line.vat]));
    const totalText = (await costChart.getByTestId('cost-total').textContent()) ?? '';
    assert.equal(Number(/Tổng cộng: ([\d.]+) đồng/.exec(totalText)?.[1]?.replace(/\./g, '')), cost.total);

    await page.getByLabel('Đơn vị', { exact: true }).selectOption({ index: 1 });
    const eventPicker = page.getByLabel('Kỳ thi', { exact: true });
    await eventPicker.locator('option').nth(1).waitFor({ state: 'attached' });
    await eventPicker.selectOption({ index: 1 });
    const eventId = await eventPicker.inputValue();
    const resultsChart = page.getByTestId('results-chart');
    await resultsChart.locator('table.chart-table').waitFor();

    const results = await (await page.request.get(`${demo.server.url}/api/reports/results?examEventId=${eventId}`)).json() as { results: { distribution: { bins: { count: number }[] } } };
    assert.deepEqual(await chartNumbers(resultsChart), results.results.distribution.bins.map((bin) => [bin.count]));

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await costChart.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'department-cost-chart');
    await resultsChart.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'department-results-chart');
  });
});
