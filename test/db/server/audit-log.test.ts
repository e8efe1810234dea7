import assert from 'node:assert/strict';

import { sql } from 'kysely';

import { appendAudit, GENESIS_HASH, verifyAuditChain } from '../../../src/server/audit/audit-log.js';
import { forEachDatabase } from '../../support/databases.js';

forEachDatabase('audit log chain', async (testDatabase, t) => {
  const { db } = testDatabase.database;

  await t.test('entries chain from the genesis hash', async () => {
    const first = await appendAudit(db, { action: 'test.first', details: { b: 2, a: 1 } });
    const second = await appendAudit(db, { action: 'test.second' });

    assert.equal(first.seq, 1);
    assert.equal(first.prev_hash, GENESIS_HASH);
    assert.equal(second.prev_hash, first.hash);
    assert.equal(first.details, '{"a":1,"b":2}');
  });

  await t.test('concurrent appends keep one chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, index) => appendAudit(db, { action: 'test.concurrent', details: { index } })));
    const verification = await verifyAuditChain(db);

    assert.equal(verification.ok, true);
    assert.equal(verification.entries, 22);
  });

  await t.test('append inside a rolled-back transaction leaves no entry', async () => {
    await db
      .transaction()
      .execute(async (trx) => {
        await appendAudit(trx, { action: 'test.rolled_back' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const rows = await db.selectFrom('audit_log').select('seq').where('action', '=', 'test.rolled_back').execute();

    assert.equal(rows.length, 0);
  });

  await t.test('the database rejects updates and deletes', async () => {
    await assert.rejects(db.updateTable('audit_log').set({ action: 'test.changed' }).where('seq', '=', 1).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('audit_log').where('seq', '=', 2).execute(), /append-only/);
  });

  await t.test('verification finds a changed entry', async () => {
    if (testDatabase.kind === 'postgres') {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
    } else {
      await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    }

    await db.updateTable('audit_log').set({ details: '{"a":1,"b":3}' }).where('seq', '=', 1).execute();
    const verification = await verifyAuditChain(db);

    assert.equal(verification.ok, false);
    assert.equal(verification.firstBroken?.seq, 1);
  });
});
