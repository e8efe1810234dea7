// The clock that decides deadlines. On PostgreSQL every instance reads the database server's
// clock, so instances whose own clocks drift still agree on when an attempt starts, ends and is
// finalised. On SQLite the database runs inside this one process, so the process clock is the
// database clock.
import { type Kysely, type RawBuilder, sql } from 'kysely';

import { dialectOf } from './dialect.js';
import { PREPARED } from './postgres-prepared.js';

/**
 * Reads the current time from the database: `statement_timestamp()` on PostgreSQL (when this
 * statement started, not when its transaction started), and `new Date()` on SQLite. The result
 * has millisecond precision, like the stored ISO timestamps.
 */
export async function databaseNow(db: Kysely<any>): Promise<Date> {
  if (dialectOf(db) !== 'postgres') {
    return new Date();
  }

  const result = await sql<{ ms: string }>`${PREPARED} SELECT ${postgresNowMsSql()} AS ms`.execute(db);
  return dateFromDatabaseMs(result.rows[0]?.ms);
}

/**
 * Builds the PostgreSQL expression of `statement_timestamp()` in milliseconds since the epoch, as
 * text. A query selects it beside other columns, so it learns the database time without a round
 * trip of its own. `dateFromDatabaseMs` turns the value into a Date.
 */
export function postgresNowMsSql(): RawBuilder<string> {
  return sql<string>`floor(extract(epoch from statement_timestamp()) * 1000)::bigint::text`;
}

/** Converts a value of `postgresNowMsSql()` to a Date, or throws when it is not a time. */
export function dateFromDatabaseMs(value: unknown): Date {
  const ms = Number(value);

  if (value === null || value === undefined || !Number.isFinite(ms)) {
    throw new Error(`statement_timestamp() returned ${String(value)}, not a time`);
  }

  return new Date(ms);
}

/**
 * Builds an SQL expression of the database's current time as ISO 8601 text in UTC with
 * milliseconds (`2026-03-09T01:00:00.000Z`), the format of the stored timestamps, so a query
 * compares with them without a round trip: `where('finalise_after', '<', databaseNowSql(db))`.
 */
export function databaseNowSql(db: Kysely<any>): RawBuilder<string> {
  if (dialectOf(db) === 'postgres') {
    return sql<string>`to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  }

  return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
}
