// Starting, submitting and finalising attempts and the receive time of saved answers read the
// database clock on PostgreSQL (src/server/db/clock.ts). Registry retries take their times from
// a DatabaseAlignedClock: this process's clock corrected by its measured offset from the database
// server. Readiness also measures the offset and reports the instance not ready when it is larger
// than the limit, because a host clock that far off points to a broken NTP setup.
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
export async function measureClockSkewMs(db: Kysely<any>, processNow: () => number = Date.now): Promise<number | null> {
  if (dialectOf(db) !== 'postgres') {
    return null;
  }

  const sent = processNow();
  const result = await sql<{ ms: string }>`SELECT (extract(epoch from clock_timestamp()) * 1000)::bigint::text AS ms`.execute(db);
  const received = processNow();
  const databaseMs = Number(result.rows[0]?.ms);
  const skewMs = Math.round((sent + received) / 2 - databaseMs);

  if (!Number.isFinite(skewMs)) {
    throw new Error(`measuring the clock offset failed: the database returned ${String(result.rows[0]?.ms)} ms and this process read ${sent} and ${received} ms`);
  }

  return skewMs;
}

/** How often a DatabaseAlignedClock measures the offset again. */
export const CLOCK_REFRESH_INTERVAL_MS = 60_000;

/**
 * A synchronous clock that follows the database server's clock: this process's clock minus the
 * last measured offset. Times that an instance writes (a retry claim's expiry, a job's next
 * attempt) then agree with the other instances' times even when the hosts' clocks differ. Its
 * error is at most half the round trip of the last measurement plus the drift since. On SQLite
 * the database runs in this process, and the offset stays 0.
 */
export class DatabaseAlignedClock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<any>,
    private readonly processNow: () => number = Date.now,
  ) {}

  /** Returns the database server's current time in milliseconds since the epoch. */
  readonly now = (): number => this.processNow() - this.offsetMs;

  /** Measures the offset again and returns it (this process's clock minus the database's). */
  async refresh(): Promise<number> {
    this.offsetMs = (await measureClockSkewMs(this.db, this.processNow)) ?? 0;
    return this.offsetMs;
  }

  /** Measures the offset every `intervalMs`. A failed measurement keeps the last offset and is passed to `onError`. */
  start(onError: (error: unknown) => void, intervalMs: number = CLOCK_REFRESH_INTERVAL_MS): void {
    this.stop();
    this.timer = setInterval(() => {
      this.refresh().catch(onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
