// Starting, submitting and finalising attempts read the database clock (src/server/db/clock.ts),
// but answer saves and registry retry claims still compare stored timestamps with the clock of
// the instance that runs the check. Instances on several hosts therefore need clocks that agree
// (NTP); readiness measures this instance's offset from the database server's clock and reports
// the instance not ready when it is larger than the limit.
import { type Kysely, sql } from 'kysely';

import { dialectOf } from '../db/dialect.js';

/** Largest accepted offset from the database clock, in milliseconds (EXAMGATE_MAX_CLOCK_SKEW_MS). */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 1_000;

export function maxClockSkewMs(): number {
  const configured = Number(process.env.EXAMGATE_MAX_CLOCK_SKEW_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_CLOCK_SKEW_MS;
}

/**
 * Returns this process's clock minus the PostgreSQL server's clock in milliseconds, taking the
 * middle of the round trip as the moment the server read its clock; null on SQLite, where the
 * database runs in this process.
 */
export async function measureClockSkewMs(db: Kysely<any>): Promise<number | null> {
  if (dialectOf(db) !== 'postgres') {
    return null;
  }

  const sent = Date.now();
  const result = await sql<{ ms: string }>`SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint::text AS ms`.execute(db);
  const received = Date.now();
  const databaseMs = Number(result.rows[0]?.ms);
  return Math.round((sent + received) / 2 - databaseMs);
}
