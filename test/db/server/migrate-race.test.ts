// Migrations of one schema while other schemas are created and dropped, as parallel test files
// and several deployments on one PostgreSQL server do.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';

import pg from 'pg';

import { createDatabase } from '../../../src/server/db/database.js';
import { migrateToLatest } from '../../../src/server/db/migrate.js';
import { POSTGRES_URL, requireDatabase } from '../../support/databases.js';

const MIGRATION_RUNS = 4;

it('migrations survive schemas dropped meanwhile', async (t) => {
  if (!(await requireDatabase(t, 'postgres'))) {
    return;
  }

  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  let churning = true;
  let dropped = 0;

  // Another client keeps creating a schema with tables and dropping it again.
  const churn = (async () => {
    while (churning) {
      const other = `churn_${randomBytes(5).toString('hex')}`;
      await admin.query(`CREATE SCHEMA ${other}; CREATE TABLE ${other}.a (id serial primary key); CREATE TABLE ${other}.b (id serial primary key)`);
      await admin.query(`DROP SCHEMA ${other} CASCADE`);
      dropped++;
    }
  })();

  try {
    for (let run = 0; run < MIGRATION_RUNS; run++) {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      const database = createDatabase(`${POSTGRES_URL}?schema=${schema}`);

      try {
        const applied = await migrateToLatest(database.db);
        assert.ok(applied.length > 0, `run ${run}: no migration was applied`);
      } finally {
        await database.close();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      }
    }
  } finally {
    churning = false;
    await churn;
    await admin.end();
  }

  assert.ok(dropped > 0, 'the other client dropped no schema while migrations ran');
});
