// The database clock on SQLite and PostgreSQL: databaseNow returns the database's time as a
// Date, and databaseNowSql gives the same time as ISO text that compares with stored timestamps.
import assert from 'node:assert/strict';

import { sql } from 'kysely';

import { databaseNow, databaseNowSql } from '../../../src/server/db/clock.js';
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
});
