// A PostgreSQL connection that the server ends while it sits idle in the pool (a restart, a
// failover, pg_terminate_backend) is reported to the handler and discarded. The process lives
// on, and the next query gets a new connection.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { sql } from 'kysely';
import pg from 'pg';

import { createTestDatabase, POSTGRES_URL, requireDatabase } from '../../support/databases.js';

it('an idle connection ended by the server is discarded', async (t) => {
  if (!(await requireDatabase(t, 'postgres'))) {
    return;
  }

  const testDatabase = await createTestDatabase('postgres');
  const { database } = testDatabase;
  const errors: Error[] = [];
  database.onConnectionError((error) => errors.push(error));

  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();

  try {
    const before = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
    const pid = before.rows[0]?.pid;
    assert.equal(typeof pid, 'number');

    await admin.query('SELECT pg_terminate_backend($1)', [pid]);

    // The pool learns of the loss when the idle socket closes.
    const deadline = Date.now() + 5_000;

    while (errors.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    assert.equal(errors.length, 1, 'the handler did not get the lost connection');
    assert.match(errors[0]?.message ?? '', /terminat/);

    const after = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(database.db);
    assert.notEqual(after.rows[0]?.pid, pid);
  } finally {
    await admin.end();
    await testDatabase.dispose();
  }
});
