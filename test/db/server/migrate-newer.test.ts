// A database that a newer version migrated: its migration table names a migration this version
// does not have. Migrating fails with a message that names the fix: run the newer version.
import assert from 'node:assert/strict';

import { migrateToLatest } from '../../../src/server/db/migrate.js';
import { forEachDatabase } from '../../support/databases.js';

forEachDatabase('migrations of a newer version', async (testDatabase) => {
  const { db } = testDatabase.database;

  await db.insertInto('kysely_migration' as never).values({ name: '0099_core_from_the_future', timestamp: new Date().toISOString() } as never).execute();

  await assert.rejects(migrateToLatest(db), /database migrations could not run: .*0099_core_from_the_future.*run that version/);
});
