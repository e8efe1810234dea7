// A prepared-statement cache for better-sqlite3 under Kysely. Kysely's SQLite driver prepares
// every query again, and preparing (parsing and planning the SQL) cost about 7 % of the server's
// time under the exam save load. Statements are reused by SQL text, which is safe because
// better-sqlite3 runs a statement to completion in one call, except while `iterate()` is
// streaming rows: a statement that is busy then gets a fresh one.
import type { Database as BetterSqliteDatabase, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; the oldest is dropped beyond this. */
export const STATEMENT_CACHE_MAX_ENTRIES = 500;

/** Wraps a better-sqlite3 connection for Kysely's SqliteDialect so that statements are prepared once per SQL text. */
export function cachingStatements(connection: BetterSqliteDatabase): SqliteDatabase {
  const statements = new Map<string, Statement>();

  return {
    close: () => {
      statements.clear();
      connection.close();
    },
    prepare: (sqlText: string) => {
      const cached = statements.get(sqlText);

      if (cached !== undefined && !cached.busy) {
        return cached;
      }

      const statement = connection.prepare(sqlText);

      if (cached === undefined) {
        if (statements.size >= STATEMENT_CACHE_MAX_ENTRIES) {
          statements.delete(statements.keys().next().value as string);
        }

        statements.set(sqlText, statement);
      }

      return statement;
    },
  };
}
