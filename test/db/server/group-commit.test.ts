// Group commit on SQLite: units of work queued together share one transaction, each unit is
// settled only after the COMMIT, a failing unit rolls back alone, and a failed COMMIT fails all.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import SqliteDatabase from 'better-sqlite3';
import { type Generated, type Kysely, sql, type Transaction } from 'kysely';

import { createDatabase, type ServerDatabase } from '../../../src/server/db/database.js';
import { runInGroupCommit } from '../../../src/server/db/group-commit.js';

interface TestTables {
  parents: { id: number };
  notes: { id: Generated<number>; text: string; parent_id: number | null };
}

describe('group commit on SQLite', () => {
  let folder: string;
  let database: ServerDatabase;
  let db: Kysely<TestTables>;
  let observer: SqliteDatabase.Database;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'examgate-group-commit-'));
    database = createDatabase(join(folder, 'group.sqlite'));
    db = database.db as unknown as Kysely<TestTables>;
    await sql`create table parents (id integer primary key)`.execute(db);
    await sql`create table notes (id integer primary key, text text not null unique, parent_id integer references parents(id) deferrable initially deferred)`.execute(db);
    observer = new SqliteDatabase(join(folder, 'group.sqlite'), { readonly: true });
  });

  after(async () => {
    observer.close();
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const committedTexts = (): string[] => (observer.prepare('select text from notes order by id').all() as { text: string }[]).map((row) => row.text);

  const insertNote = (text: string, parentId: number | null = null) => async (trx: Transaction<TestTables>): Promise<Transaction<TestTables>> => {
    await trx.insertInto('notes').values({ text, parent_id: parentId }).execute();
    return trx;
  };

  it('shares one transaction and settles after commit', async () => {
    const seenAtSettle: string[][] = [];
    const units = ['a', 'b', 'c'].map((text) => runInGroupCommit(db, insertNote(text)).then((trx) => {
      seenAtSettle.push(committedTexts());
      return trx;
    }));
    const transactions = await Promise.all(units);

    assert.equal(new Set(transactions).size, 1, 'the three units did not run in one transaction');
    assert.deepEqual(seenAtSettle[0], ['a', 'b', 'c'], 'a unit was settled before its writes were visible to another connection');
  });

  it('rolls back a failing unit alone', async () => {
    const failing = runInGroupCommit(db, async (trx) => {
      await trx.insertInto('notes').values({ text: 'written before the failure', parent_id: null }).execute();
      await trx.insertInto('notes').values({ text: 'a', parent_id: null }).execute();
    });
    const passing = runInGroupCommit(db, insertNote('d'));

    await assert.rejects(failing, /UNIQUE constraint failed/);
    await passing;
    assert.deepEqual(committedTexts(), ['a', 'b', 'c', 'd']);
  });

  it('fails every unit when the commit fails', async () => {
    // A deferred foreign key is checked at COMMIT, so the unit itself succeeds.
    const violating = runInGroupCommit(db, insertNote('e', 999));
    const innocent = runInGroupCommit(db, insertNote('f'));
    const results = await Promise.allSettled([violating, innocent]);

    assert.equal(results[0].status, 'rejected');
    assert.equal(results[1].status, 'rejected');
    assert.match(String((results[1] as PromiseRejectedResult).reason), /FOREIGN KEY constraint failed/);
    assert.deepEqual(committedTexts(), ['a', 'b', 'c', 'd']);
  });

  it('runs work in an open transaction directly', async () => {
    const outer = await db.transaction().execute(async (trx) => {
      const inner = await runInGroupCommit(trx, insertNote('g'));
      return { trx, inner };
    });

    assert.equal(outer.inner, outer.trx);
    assert.deepEqual(committedTexts(), ['a', 'b', 'c', 'd', 'g']);
  });

  it('keeps working after a failed commit', async () => {
    await runInGroupCommit(db, insertNote('h'));
    assert.deepEqual(committedTexts(), ['a', 'b', 'c', 'd', 'g', 'h']);
  });
});
