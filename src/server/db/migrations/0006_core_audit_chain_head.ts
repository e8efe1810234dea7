import { type Kysely, sql } from 'kysely';

import { dialectOf } from '../dialect.js';

// The head of the audit chain on PostgreSQL: one row with the last entry's seq and hash, which
// appendAudit updates and links in one statement (src/server/audit/audit-log.ts). SQLite has one
// writer at a time and reads the last entry instead, so it has no head row.
// Instances of an older version append without moving the head, so upgrade by stopping every
// instance first (docs/deployment.md). A trigger checks each new entry against the entry before
// it, so an append from a head that is behind the log, ahead of it or carries another hash is
// refused with a message that names the repair (`examgate audit repair-head`).
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

  // In READ COMMITTED each query of a PL/pgSQL function takes a new snapshot, so the check sees
  // the entry that the previous holder of the head row committed before this append got the row.
  await sql`CREATE FUNCTION audit_log_check_link() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      last_seq integer;
      last_hash text;
    BEGIN
      SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;

      IF last_seq >= NEW.seq THEN
        RAISE EXCEPTION 'audit chain head is behind the log: entry % exists already', NEW.seq
          USING HINT = 'run examgate audit verify, then examgate audit repair-head';
      END IF;

      IF coalesce(last_seq, 0) <> NEW.seq - 1 OR coalesce(last_hash, ${sql.lit(GENESIS_HASH)}) <> NEW.prev_hash THEN
        RAISE EXCEPTION 'audit chain head does not match the log: entry % would follow hash %, but the last entry is % with hash %', NEW.seq, NEW.prev_hash, coalesce(last_seq, 0), coalesce(last_hash, ${sql.lit(GENESIS_HASH)})
          USING HINT = 'run examgate audit verify, then examgate audit repair-head';
      END IF;

      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_link_check BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_check_link()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') {
    return;
  }

  await sql`DROP TRIGGER audit_log_link_check ON audit_log`.execute(db);
  await sql`DROP FUNCTION audit_log_check_link()`.execute(db);
  await sql`DROP TABLE audit_chain_head`.execute(db);
}
