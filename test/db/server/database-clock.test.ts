// The database clock on SQLite and PostgreSQL: databaseNow returns the database's time as a
// Date, and databaseNowSql gives the same time as ISO text that compares with stored timestamps.
// A DatabaseAlignedClock on a host whose clock is 10 minutes ahead follows the database.
import assert from 'node:assert/strict';

import { sql } from 'kysely';

import { DatabaseAlignedClock } from '../../../src/server/cluster/clock-skew.js';
import { databaseNow, databaseNowSql } from '../../../src/server/db/clock.js';
import { createDatabase } from '../../../src/server/db/database.js';
import { forEachDatabase } from '../../support/databases.js';

const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

forEachDatabase('database clock', async (testDatabase, t) => {
  const { db } = testDatabase.database;

  await t.test('databaseNow reads the database time', async () => {
    // The database runs on this host, so its clock and the test's agree within a round trip.
    const before = Date.now();
    const now = await databaseNow(db);
    const after = Date.now();
    assert.ok(now.getTime() >= before - 1_000, `${now.toISOString()} is before the call`);
    assert.ok(now.getTime() <= after + 1_000, `${now.toISOString()} is after the call`);
  });

  await t.test('databaseNowSql gives ISO text', async () => {
    const result = await sql<{ now: string }>`SELECT ${databaseNowSql(db)} AS now`.execute(db);
    const text = result.rows[0]?.now ?? '';
    assert.match(text, ISO_UTC_MS);
    assert.ok(Math.abs(Date.parse(text) - Date.now()) < 2_000, `${text} is far from now`);
  });

  await t.test('databaseNowSql compares with stored times', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 60_000).toISOString();
    const result = await sql<{ due: number | string; early: number | string }>`SELECT CASE WHEN ${past} < ${databaseNowSql(db)} THEN 1 ELSE 0 END AS due, CASE WHEN ${future} < ${databaseNowSql(db)} THEN 1 ELSE 0 END AS early`.execute(db);
    assert.equal(Number(result.rows[0]?.due), 1);
    assert.equal(Number(result.rows[0]?.early), 0);
  });

  await t.test('databaseNow works in a transaction', async () => {
    const inside = await db.transaction().execute((trx) => databaseNow(trx));
    assert.ok(Math.abs(inside.getTime() - Date.now()) < 2_000);
  });

  await t.test('aligned clock corrects a skewed host', async () => {
    const aheadMs = 10 * 60_000;
    const clock = new DatabaseAlignedClock(db, () => Date.now() + aheadMs);
    const offset = await clock.refresh();

    if (testDatabase.kind === 'postgres') {
      // The database runs on this host, so its clock and the test's agree within a round trip.
      assert.ok(Math.abs(offset - aheadMs) < 1_000, `offset ${offset} ms, expected about ${aheadMs}`);
      assert.ok(Math.abs(clock.now() - (await databaseNow(db)).getTime()) < 1_000, 'the aligned clock is far from the database time');
    } else {
      // SQLite runs in this process: its clock is the process clock.
      assert.equal(offset, 0);
      assert.ok(clock.now() - Date.now() >= aheadMs - 1_000);
    }
  });

  await t.test('aligned clock keeps its offset after a failed refresh', async () => {
    // A second handle on the same database, closed after the first measurement, stands for a
    // database that became unreachable.
    const ahead = 5_000;
    const second = createDatabase(testDatabase.url);
    const clock = new DatabaseAlignedClock(second.db, () => Date.now() + ahead);
    const errors: unknown[] = [];
    const offset = await clock.refresh();
    await second.close();

    clock.start((error) => errors.push(error), 20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    clock.stop();

    if (testDatabase.kind === 'postgres') {
      assert.ok(errors.length > 0, 'no refresh failure was reported');
      assert.ok(Math.abs(offset - ahead) < 1_000, `offset ${offset} ms, expected about ${ahead}`);
      assert.ok(Math.abs(clock.now() - Date.now()) < 1_000, 'the offset was lost after failed refreshes');
    } else {
      // On SQLite no measurement reads the database, so nothing fails.
      assert.equal(errors.length, 0);
    }
  });
});
