// Named prepared statements on PostgreSQL. A query with the PREPARED marker is prepared once per
// connection under a name from its text (pg_prepared_statements lists it), and an unmarked query
// is not. The marked query gives the right rows for other parameters, and the session lookup is
// marked too.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { sql } from 'kysely';

import { findSessionUser } from '../../../src/server/auth/session-store.js';
import { PREPARED, PREPARED_MARKER, preparedStatementName } from '../../../src/server/db/postgres-prepared.js';
import { createDatabase } from '../../../src/server/db/database.js';
import { createTestDatabase, POSTGRES_URL, requireDatabase } from '../../support/databases.js';

it('marked queries are prepared by name', async (t) => {
  if (!(await requireDatabase(t, 'postgres'))) {
    return;
  }

  const testDatabase = await createTestDatabase('postgres');

  try {
    await testDatabase.database.db.connection().execute(async (connection) => {
      const marked = (value: number) => sql<{ doubled: number }>`${PREPARED} SELECT ${value}::integer * 2 AS doubled`;
      const compiled = marked(1).compile(connection);
      const preparedNames = async (): Promise<string[]> => {
        const rows = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements ORDER BY name`.execute(connection);
        return rows.rows.map((row) => row.name);
      };

      assert.ok(compiled.sql.startsWith(PREPARED_MARKER), `the marker leads the text: ${compiled.sql}`);
      assert.deepEqual(await preparedNames(), []);

      assert.equal((await marked(21).execute(connection)).rows[0]?.doubled, 42);
      assert.equal((await marked(-4).execute(connection)).rows[0]?.doubled, -8);
      await sql`SELECT ${5}::integer AS unmarked`.execute(connection);

      assert.deepEqual(await preparedNames(), [preparedStatementName(compiled.sql)]);

      // The session lookup of every request is marked; an unknown token finds no user.
      assert.equal(await findSessionUser(connection, 'no-such-token'), null);
      const names = await preparedNames();

      assert.equal(names.length, 2, `expected the session lookup to be prepared too: ${names.join(', ')}`);
    });
  } finally {
    await testDatabase.dispose();
  }
});

it('prepared statements can be turned off', async (t) => {
  if (!(await requireDatabase(t, 'postgres'))) {
    return;
  }

  // A deployment behind a pooler in transaction mode sets this on every instance.
  process.env.EXAMGATE_PG_PREPARED_STATEMENTS = 'off';
  const testDatabase = await createTestDatabase('postgres').finally(() => {
    delete process.env.EXAMGATE_PG_PREPARED_STATEMENTS;
  });

  try {
    await testDatabase.database.db.connection().execute(async (connection) => {
      assert.equal(await findSessionUser(connection, 'no-such-token'), null);
      const rows = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(connection);

      assert.deepEqual(rows.rows, []);
    });
  } finally {
    await testDatabase.dispose();
  }

  process.env.EXAMGATE_PG_PREPARED_STATEMENTS = 'sometimes';

  try {
    assert.throws(() => createDatabase(POSTGRES_URL), /EXAMGATE_PG_PREPARED_STATEMENTS is "sometimes"; expected on or off/);
  } finally {
    delete process.env.EXAMGATE_PG_PREPARED_STATEMENTS;
  }
});

it('statement names digest the text', () => {
  const first = preparedStatementName(`${PREPARED_MARKER} SELECT 1`);

  assert.match(first, /^examgate_[0-9a-f]{32}$/);
  assert.equal(preparedStatementName(`${PREPARED_MARKER} SELECT 1`), first);
  assert.notEqual(preparedStatementName(`${PREPARED_MARKER} SELECT 2`), first);
});
