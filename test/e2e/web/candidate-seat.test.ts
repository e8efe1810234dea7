import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { FastifyInstance } from 'fastify';

import { createUser } from '../../../src/server/accounts/users.js';
import { buildServer } from '../../../src/server/app.js';
import { checkInServiceOf, configureCheckIn } from '../../../src/server/checkin/checkin-plugin.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { chromiumUnavailableReason, requirePart } from '../../support/require.js';
import { TEST_PASSWORD } from '../../support/server.js';
import { cardTransport, setUpCheckInRoom, tapCard, type CheckInRoom } from '../../db/checkin/check-in-room.js';
import {
  buildWebApp,
  describeViolations,
  openBrowser,
  saveScreenshot,
  seriousAxeViolations,
  signInAs,
  type BrowserSession,
} from './harness.js';

const UNAVAILABLE = chromiumUnavailableReason();

describe('candidate seat screen in Chromium', { timeout: 150_000 }, () => {
  let database: TestDatabase | undefined;
  let room: CheckInRoom | undefined;
  let web: FastifyInstance | undefined;
  let webUrl = '';
  let browser: BrowserSession | undefined;

  // A chip check-in through an in-process station and virtual card, then a second server on the
  // same database that serves the built web app with the same photo key.
  before(async () => {
    if (UNAVAILABLE !== null) return;
    buildWebApp();
    database = await createTestDatabase('sqlite');
    room = await setUpCheckInRoom(database, { count: 1 });
    const { slot } = await room.startStation(0);
    const candidate = room.candidates[0]!;
    const verified = await tapCard(room, slot, { candidateId: candidate.candidateId }, cardTransport(candidate.image));
    assert.equal(verified.status, 'verified');
    const admitted = await room.proctor.post(`/api/checkin/check-ins/${verified.id}/confirm-face`, { accepted: true });
    assert.equal(admitted.body.outcome, 'admitted');
    await createUser(database.database.db, { username: 'thisinh.0001', displayName: candidate.person.fullName, role: 'candidate', unitId: room.unit.id, password: TEST_PASSWORD, candidateId: candidate.candidateId }, null);

    // The check-in settings are kept per database handle, so the key is read before the second
    // server on the same handle replaces them.
    const photoKey = checkInServiceOf(room.app).settings.photoKey;
    web = await buildServer({ logLevel: 'silent', webRoot: resolve('web/dist'), database: database.database });
    await configureCheckIn(web, { photoKey });
    webUrl = await web.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await web?.close();
    await room?.close();
    await database?.dispose();
  });

  it('shows name, number, seat and chip photo before the start', async (t) => {
    if (!requirePart(t, UNAVAILABLE)) return;
    const page = browser!.page;
    const candidate = room!.candidates[0]!;

    await signInAs(page, webUrl, 'thisinh.0001', TEST_PASSWORD);
    await page.getByRole('heading', { name: /Chỗ ngồi của bạn/ }).waitFor();
    const identity = page.getByTestId('seat-identity');
    const text = (await identity.textContent()) ?? '';
    assert.match(text, new RegExp(candidate.person.fullName));
    assert.match(text, new RegExp(`Số báo danh: ${candidate.candidateNumber}`));
    assert.match(text, /Phòng máy 101, chỗ ngồi \d+/);
    assert.match(text, /xác thực bằng thẻ CCCD gắn chip/);

    const photo = identity.getByRole('img', { name: `Ảnh trên chip của ${candidate.person.fullName}` });
    const naturalWidth = await photo.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth);
    assert.ok(naturalWidth > 0, 'the chip photo decodes in the browser');

    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await saveScreenshot(page, 'candidate-seat');

    // Starting leaves the seat screen for the exam screen, which reports from the exam API.
    await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
    await page.getByRole('heading', { name: /Chỗ ngồi của bạn/ }).waitFor({ state: 'detached' });
  });
});
