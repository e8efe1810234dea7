import assert from 'node:assert/strict';

import { it } from 'node:test';

import { Migrator, sql } from 'kysely';

import { appendAudit, canonicalJson, GENESIS_HASH, hashAuditEntry, repairAuditHead, splitCanonicalAtSeq, verifyAuditChain } from '../../../src/server/audit/audit-log.js';
import { postgresSchemaOf } from '../../../src/server/db/database.js';
import { FolderMigrationProvider, migrateToLatest } from '../../../src/server/db/migrate.js';
import { createTestDatabase, forEachDatabase, requireDatabase } from '../../support/databases.js';

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

  await t.test('the hash of an appended entry is the one verification recomputes', async () => {
    // Diacritics, quotes, a nested "seq" key and a backslash: the bytes PostgreSQL hashes must
    // be the ones Node.js hashes.
    const details = { tên: 'Nguyễn Thị Ánh', note: 'say "xin chào"\\', nested: { seq: 7, 'a"seq":0': [1, null] } };
    const entry = await appendAudit(db, { action: 'test.bytes', actorUserId: 'user-ư', subjectType: 'thí_sinh', subjectId: 'id "q"', details });
    const { hash, ...unhashed } = entry;

    assert.equal(hash, hashAuditEntry(unhashed));
    assert.equal((await verifyAuditChain(db)).ok, true);
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

it('the canonical JSON splits around seq', () => {
  const fields = { id: 'x', occurred_at: '2026-12-05T00:00:00.000Z', actor_user_id: null, unit_id: 'u', action: 'test.split', subject_type: null, subject_id: '"seq":0', details: canonicalJson({ seq: 0, z: '"seq":0' }) };
  const { before, after } = splitCanonicalAtSeq(fields);

  for (const seq of [1, 42, 1_000_000]) {
    assert.equal(`${before}${seq}${after}`, canonicalJson({ ...fields, seq, details: JSON.parse(fields.details) as unknown }));
  }
});

it('the chain head migration continues a chain written before it', async (t) => {
  if (!(await requireDatabase(t, 'postgres'))) {
    return;
  }

  const testDatabase = await createTestDatabase('postgres', { migrate: false });
  const { db } = testDatabase.database;

  try {
    // Apply the migrations up to the audit log only, then write two entries as appends did before.
    const folder = new FolderMigrationProvider();
    const provider = { getMigrations: async () => Object.fromEntries(Object.entries(await folder.getMigrations()).filter(([name]) => name <= '0005_core_audit_log')) };
    const schema = postgresSchemaOf(db);
    const migrated = await new Migrator({ db, provider, allowUnorderedMigrations: true, ...(schema === undefined ? {} : { migrationTableSchema: schema }) }).migrateToLatest();

    assert.equal(migrated.error, undefined);

    let previous = GENESIS_HASH;

    for (const seq of [1, 2]) {
      const unhashed = { seq, id: `before-${seq}`, occurred_at: '2026-12-01T00:00:00.000Z', actor_user_id: null, unit_id: null, action: 'test.before', subject_type: null, subject_id: null, details: '{}', prev_hash: previous };
      const hash = hashAuditEntry(unhashed);

      await db.insertInto('audit_log').values({ ...unhashed, hash }).execute();
      previous = hash;
    }

    await migrateToLatest(db);
    const next = await appendAudit(db, { action: 'test.after' });

    assert.equal(next.seq, 3);
    assert.equal(next.prev_hash, previous);
    assert.deepEqual(await verifyAuditChain(db), { ok: true, entries: 3, lastHash: next.hash });
  } finally {
    await testDatabase.dispose();
  }
});

it('a chain head out of step blocks appends until repaired', async (t) => {
  if (!(await requireDatabase(t, 'postgres'))) {
    return;
  }

  const testDatabase = await createTestDatabase('postgres');
  const { db } = testDatabase.database;

  try {
    for (let index = 0; index < 3; index += 1) {
      await appendAudit(db, { action: 'test.step', details: { index } });
    }

    // An older instance appends as before the head row existed: it links to the last entry
    // and leaves the head where it was.
    const appendLikeOlderVersion = async (): Promise<void> => {
      const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      const unhashed = { seq: Number(last.seq) + 1, id: `older-${last.seq}`, occurred_at: '2026-12-05T00:00:00.000Z', actor_user_id: null, unit_id: null, action: 'test.older', subject_type: null, subject_id: null, details: '{}', prev_hash: last.hash };

      await db.insertInto('audit_log').values({ ...unhashed, hash: hashAuditEntry(unhashed) }).execute();
    };
    const cases: { name: string; damage: () => Promise<unknown>; rejected: RegExp }[] = [
      { name: 'head behind the log', damage: appendLikeOlderVersion, rejected: /audit chain head is behind the log: entry \d+ exists already.*examgate audit repair-head/ },
      { name: 'head row missing', damage: () => sql`DELETE FROM audit_chain_head`.execute(db), rejected: /no head row.*examgate audit repair-head/ },
    ];

    for (const testCase of cases) {
      await testCase.damage();
      const entriesBefore = (await db.selectFrom('audit_log').select('seq').execute()).length;

      await assert.rejects(appendAudit(db, { action: 'test.rejected' }), testCase.rejected, testCase.name);
      const broken = await verifyAuditChain(db);
      assert.equal(broken.ok, false, `${testCase.name}: verify did not report the head`);
      assert.match(broken.firstBroken?.reason ?? '', /audit_chain_head/, testCase.name);
      assert.equal(broken.firstBroken?.head, true, testCase.name);
      assert.equal(broken.entries, entriesBefore, `${testCase.name}: an entry was written`);

      const repair = await repairAuditHead(db);
      assert.equal(repair.repaired, true, testCase.name);
      assert.deepEqual(repair.after, { seq: entriesBefore, hash: broken.lastHash });

      await appendAudit(db, { action: 'test.after_repair' });
      assert.equal((await verifyAuditChain(db)).ok, true, testCase.name);
    }

    // A head ahead of the log or with a hash that no entry has is refused at the append and
    // not repaired, because entries were removed or replaced.
    for (const damage of ['UPDATE audit_chain_head SET seq = seq + 3', `UPDATE audit_chain_head SET hash = repeat('f', 64)`]) {
      await sql.raw(damage).execute(db);
      await assert.rejects(appendAudit(db, { action: 'test.rejected' }), /audit chain head does not match the log: entry \d+ would follow hash [0-9a-f]{64}, but the last entry is \d+ with hash/, damage);

      const notRepaired = await repairAuditHead(db);
      assert.equal(notRepaired.repaired, false, damage);
      assert.match(notRepaired.reason ?? '', /which the log does not contain .*entries were removed or replaced/, damage);
      await sql`UPDATE audit_chain_head SET seq = last.seq, hash = last.hash FROM (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS last`.execute(db);
    }

    // A repair of a correct head changes nothing, and a broken chain is not repaired.
    assert.equal((await repairAuditHead(db)).repaired, false);
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
    await db.updateTable('audit_log').set({ details: 'not json' }).where('seq', '=', 2).execute();

    const verification = await verifyAuditChain(db);
    assert.equal(verification.ok, false);
    assert.equal(verification.firstBroken?.seq, 2);
    assert.match(verification.firstBroken?.reason ?? '', /details is not valid JSON/);

    const brokenChain = await repairAuditHead(db);
    assert.equal(brokenChain.repaired, false);
    assert.match(brokenChain.reason ?? '', /broken at entry 2/);
  } finally {
    await testDatabase.dispose();
  }
});
