// Runs a storage test on both databases: SQLite in a temporary file and PostgreSQL at
// 127.0.0.1:5432 (database `test`) in a fresh schema of random name, dropped afterwards.
// PostgreSQL is required in CI (CI=true); elsewhere a test skips it with a message when the
// server does not answer. Set TEST_POSTGRES_URL to use another server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';

import pg from 'pg';

import { createDatabase, type ServerDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const IN_CI = process.env.CI === 'true';

export type DatabaseKind = 'sqlite' | 'postgres';

/** A database made for one test: its URL, the open handle (migrated) and a cleanup. */
export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  database: ServerDatabase;
  dispose(): Promise<void>;
}

let postgresReachable: Promise<string | null> | undefined;

/** Returns null when PostgreSQL answers, else why it does not. Checked once per process. */
export function postgresUnavailableReason(): Promise<string | null> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });

    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return `PostgreSQL at ${POSTGRES_URL} is unreachable (${reason}): start it with pg_ctlcluster 15 main start`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();

  return postgresReachable;
}

async function runAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();

  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openEmptyDatabase(kind: DatabaseKind): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'examgate-test-'));
    return { url: join(folder, 'test.sqlite'), cleanup: async () => rmSync(folder, { recursive: true, force: true }) };
  }

  const schema = `test_${randomBytes(6).toString('hex')}`;
  await runAdmin(`CREATE SCHEMA ${schema}`);
  return { url: `${POSTGRES_URL}?schema=${schema}`, cleanup: () => runAdmin(`DROP SCHEMA ${schema} CASCADE`) };
}

/** Creates a migrated database of the given kind; `migrate: false` leaves it empty. */
export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const { url, cleanup } = await openEmptyDatabase(kind);
  const database = createDatabase(url);

  if (options.migrate !== false) {
    await migrateToLatest(database.db);
  }

  return {
    kind,
    url,
    database,
    dispose: async () => {
      await database.close();
      await cleanup();
    },
  };
}

/** Skips (outside CI) or fails (in CI) when PostgreSQL is unreachable; true when the test may go on. */
export async function requireDatabase(t: TestContext, kind: DatabaseKind): Promise<boolean> {
  if (kind === 'sqlite') {
    return true;
  }

  const reason = await postgresUnavailableReason();

  if (reason === null) {
    return true;
  }

  if (IN_CI) {
    throw new Error(`required in CI: ${reason}`);
  }

  t.skip(reason);
  return false;
}

/**
 * Defines `describe(name)` with one test per database that runs `fn` on a fresh migrated
 * database and disposes of it afterwards. Inside `fn`, use `t.test(...)` for sub-cases that
 * share the database.
 */
export function forEachDatabase(name: string, fn: (db: TestDatabase, t: TestContext) => Promise<void>, options: { migrate?: boolean } = {}): void {
  describe(name, () => {
    for (const kind of ['sqlite', 'postgres'] as const) {
      it(`on ${kind}`, async (t) => {
        if (!(await requireDatabase(t, kind))) {
          return;
        }

        const testDatabase = await createTestDatabase(kind, options);

        try {
          await fn(testDatabase, t);
        } finally {
          await testDatabase.dispose();
        }
      });
    }
  });
}
