import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import WebSocket from 'ws';

import { authenticateStation } from '../../../src/server/checkin/station-tokens.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import {
  describeViolations,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  useDemoBrowser,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();

/** Opens the station WebSocket with a token and resolves with the close code once it closes. */
function connectStation(url: string, token: string): { opened: Promise<void>; closed: Promise<number> } {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/checkin/station`, { headers: { authorization: `Bearer ${token}` } });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return { opened, closed };
}

describe('station tokens in Chromium', { timeout: 150_000 }, () => {
  const demo = useDemoBrowser(UNAVAILABLE);

  it('unit admin issues and revokes a station token', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const { page } = demo;
    const db = demo.server.app.db;

    await signInAs(page, demo.server.url, 'donvi.admin', demo.passwordOf('donvi.admin'));
    await page.goto(`${demo.server.url}/#/unit/rooms`);
    const manage = page.getByRole('button', { name: /^Trạm xác thực của / }).first();
    await manage.click();
    const panel = page.getByTestId('station-tokens');
    await panel.getByRole('button', { name: /^Cấp mã cho / }).first().click();

    const tokenText = ((await panel.getByTestId('issued-token').locator('code').textContent()) ?? '').trim();
    const station = await authenticateStation(db, tokenText);
    assert.ok(station, 'the token shown once authenticates a station');
    await panel.getByRole('row', { name: /Còn hiệu lực/ }).first().waitFor();

    const socket = connectStation(demo.server.url, tokenText);
    await socket.opened;
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'unit-station-tokens');

    await panel.getByRole('button', { name: /^Thu hồi mã / }).first().click();
    await panel.getByRole('row', { name: /Đã thu hồi lúc/ }).first().waitFor();
    assert.equal(await panel.getByTestId('issued-token').count(), 0, 'the revoked token is no longer shown');
    const closeCode = await socket.closed;
    assert.ok(closeCode > 0, `the station was disconnected (close code ${closeCode})`);
    assert.equal(await authenticateStation(db, tokenText), null, 'a revoked token no longer authenticates');
  });
});
