import { type Kysely, sql } from 'kysely';

import { dialectOf } from '../dialect.js';

// The head of the audit chain on PostgreSQL: one row with the last entry's seq and hash, which
// appendAudit updates and links in one statement (src/server/audit/audit-log.ts). SQLite has one
// writer at a time and reads the last entry instead, so it has no head row.
// Instances of an older version append without moving the head, so upgrade by stopping every
// instance first (docs/deployment.md). An append that finds the head behind fails on the unique
// seq instead of forking the chain.
const GENESIS_HASH = '0'.repeat(64);

/** The advisory lock key that appends took before this migration; held while the head is filled. */
const LEGACY_APPEND_LOCK_KEY = 73_010_001;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') {
    return;
  }

  await sql`CREATE TABLE audit_chain_head (
    id integer PRIMARY KEY CHECK (id = 1),
    seq integer NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
  )`.execute(db);

  // The migration runs in a transaction, so the lock keeps appends of the older code out
  // until the head is written.
  await sql`SELECT pg_advisory_xact_lock(${LEGACY_APPEND_LOCK_KEY})`.execute(db);
  await sql`INSERT INTO audit_chain_head (id, seq, prev_hash, hash)
    SELECT 1, COALESCE(last.seq, 0), COALESCE(last.prev_hash, ${GENESIS_HASH}), COALESCE(last.hash, ${GENESIS_HASH})
    FROM (SELECT 1) AS one LEFT JOIN (SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS last ON true`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') {
    return;
  }

  await sql`DROP TABLE audit_chain_head`.execute(db);
}
