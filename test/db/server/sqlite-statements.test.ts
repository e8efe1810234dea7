// The prepared-statement cache under Kysely's SQLite dialect: one statement per SQL text,
// a fresh one while the cached statement is streaming, and the oldest text dropped when full.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import SqliteDatabase from 'better-sqlite3';

import { cachingStatements, STATEMENT_CACHE_MAX_ENTRIES } from '../../../src/server/db/sqlite-statements.js';

it('statement cache reuses by SQL text', () => {
  const connection = new SqliteDatabase(':memory:');
  const cached = cachingStatements(connection);

  connection.exec('create table numbers (n integer)');
  connection.exec('insert into numbers values (1), (2), (3)');

  const first = cached.prepare('select n from numbers order by n');
  assert.equal(cached.prepare('select n from numbers order by n'), first);
  assert.notEqual(cached.prepare('select n from numbers order by n desc'), first);

  const rows = first.iterate([]);
  rows.next();
  const whileBusy = cached.prepare('select n from numbers order by n');
  assert.notEqual(whileBusy, first, 'a streaming statement was handed out again');
  assert.deepEqual(whileBusy.all([]), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  rows.return?.();

  assert.equal(cached.prepare('select n from numbers order by n'), first);
  cached.close();
});

it('statement cache drops the oldest text when full', () => {
  const connection = new SqliteDatabase(':memory:');
  const cached = cachingStatements(connection);
  const oldest = cached.prepare('select 0');

  for (let index = 1; index <= STATEMENT_CACHE_MAX_ENTRIES; index += 1) {
    cached.prepare(`select ${index}`);
  }

  assert.notEqual(cached.prepare('select 0'), oldest);
  assert.equal(cached.prepare(`select ${STATEMENT_CACHE_MAX_ENTRIES}`), cached.prepare(`select ${STATEMENT_CACHE_MAX_ENTRIES}`));
  cached.close();
});
