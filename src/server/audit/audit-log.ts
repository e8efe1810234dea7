// Append-only, hash-chained audit log. Entry n stores hash_n = SHA-256(hash_{n-1} || "\n" ||
// canonical JSON of entry n), with hash_0 = 64 zeros, so changing, removing or reordering any
// entry breaks every later hash. Entries name users, units and records by id and never carry
// personal data (names, ID numbers, birth dates).
import { createHash } from 'node:crypto';

import { type Kysely, sql, type Transaction } from 'kysely';

import { newId, nowIso } from '../db/columns.js';
import { dialectOf } from '../db/dialect.js';
import { PREPARED } from '../db/postgres-prepared.js';
import type { AuditLogTable, Database } from '../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/** One domain event to record. `action` is `area.verb`, e.g. `auth.login` or `candidates.import`. */
export interface AuditEvent {
  action: string;
  actorUserId?: string | null;
  unitId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Facts about the event (counts, ids, codes); never personal data. */
  details?: Record<string, unknown>;
}

export type AuditEntry = AuditLogTable;

/** Orders strings by UTF-16 code units, independent of locale, so the order never varies by machine. */
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Serialises a JSON value with object keys sorted, so that equal entries hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value ?? null);
  }

  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }

  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => compareCodeUnits(a, b));

  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** Computes the hash of an entry from its fields and the previous entry's hash. */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    id: entry.id,
    occurred_at: entry.occurred_at,
    actor_user_id: entry.actor_user_id,
    unit_id: entry.unit_id,
    action: entry.action,
    subject_type: entry.subject_type,
    subject_id: entry.subject_id,
    details: JSON.parse(entry.details) as unknown,
  });

  return createHash('sha256').update(`${entry.prev_hash}\n${canonical}`).digest('hex');
}

/**
 * Splits the canonical JSON of an entry around the value of `seq`, so that PostgreSQL can put
 * in the sequence number it assigns: canonical JSON = before + seq + after. The entry's fields
 * are strings or null and `details` is canonical JSON, so an unescaped `"seq":` can occur only
 * as a key, and the last one is the entry's own key (`details` sorts before it).
 */
export function splitCanonicalAtSeq(entry: Omit<AuditEntry, 'seq' | 'prev_hash' | 'hash'>): { before: string; after: string } {
  const canonical = canonicalJson({ ...entry, details: JSON.parse(entry.details) as unknown, seq: 0 });
  const key = '"seq":0';
  const at = canonical.lastIndexOf(key);

  return { before: canonical.slice(0, at + key.length - 1), after: canonical.slice(at + key.length) };
}

/**
 * Returns the fields of a new entry that do not depend on its place in the chain.
 * NOTE: `occurred_at` is this instance's time before the append waits for the chain's head on
 * PostgreSQL, so under concurrent appends it can be a few hundred milliseconds out of seq order
 * (seen up to 242 ms). `seq` gives the order of the chain.
 */
function entryFields(event: AuditEvent): Omit<AuditEntry, 'seq' | 'prev_hash' | 'hash'> {
  return {
    id: newId(),
    occurred_at: nowIso(),
    actor_user_id: event.actorUserId ?? null,
    unit_id: event.unitId ?? null,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    details: canonicalJson(event.details ?? {}),
  };
}

/**
 * Appends on PostgreSQL in ONE statement. The chain's head row (audit_chain_head) contains the
 * last seq and hash. The UPDATE of the head waits for the row lock of any append in progress
 * and then reads the newest committed head (READ COMMITTED re-checks an updated row), so
 * appends never fork. PostgreSQL computes the hash with sha256() over the same bytes as
 * hashAuditEntry. The row lock is held until the caller's transaction commits, so an append
 * should come last in it. An advisory lock held over three round trips from Node.js, as
 * before, bounded attempt starts (docs/benchmarks.md).
 */
async function appendOnPostgres(db: Kysely<Database>, event: AuditEvent): Promise<AuditEntry> {
  const fields = entryFields(event);
  const { before, after } = splitCanonicalAtSeq(fields);
  const statement = sql<{ seq: number; prev_hash: string; hash: string }>`${PREPARED}
    WITH head AS (
      UPDATE audit_chain_head
      SET seq = seq + 1, prev_hash = hash,
        hash = encode(sha256(convert_to(hash || chr(10) || ${before}::text || (seq + 1)::text || ${after}::text, 'UTF8')), 'hex')
      WHERE id = 1
      RETURNING seq, prev_hash, hash
    )
    INSERT INTO audit_log (seq, id, occurred_at, actor_user_id, unit_id, action, subject_type, subject_id, details, prev_hash, hash)
    SELECT head.seq, ${fields.id}, ${fields.occurred_at}, ${fields.actor_user_id}, ${fields.unit_id}, ${fields.action}, ${fields.subject_type}, ${fields.subject_id}, ${fields.details}, head.prev_hash, head.hash
    FROM head
    RETURNING seq, prev_hash, hash`;
  const result = await statement.execute(db).catch((error: unknown) => {
    // The link check of migration 0006 rejects an entry that does not follow the last one.
    const message = error instanceof Error ? error.message : String(error);

    if (message.startsWith('audit chain head')) {
      throw new Error(`${message}. The audit log rejected the entry, so the change it records was not saved: run \`examgate audit verify\`, and when it reports the entries intact, \`examgate audit repair-head\``, { cause: error });
    }

    throw error;
  });

  const row = result.rows[0];

  if (row === undefined) {
    throw new Error('the audit chain has no head row (audit_chain_head): run `examgate audit verify`, and when it reports the entries intact, `examgate audit repair-head`');
  }

  return { ...fields, seq: Number(row.seq), prev_hash: row.prev_hash, hash: row.hash };
}

/** Appends on SQLite, which runs one write transaction at a time, so no lock is needed. */
async function appendOnSqlite(trx: Transaction<Database>, event: AuditEvent): Promise<AuditEntry> {
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();

  const unhashed: Omit<AuditEntry, 'hash'> = {
    ...entryFields(event),
    seq: last === undefined ? 1 : Number(last.seq) + 1,
    prev_hash: last === undefined ? GENESIS_HASH : last.hash,
  };
  const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };

  await trx.insertInto('audit_log').values(entry).execute();
  return entry;
}

/**
 * Appends one event to the audit log and returns the written entry. Pass the transaction of
 * the change being audited, so that the change and its entry commit together. On PostgreSQL,
 * make the append the transaction's last statement, because other appends wait for its commit.
 * Given a plain database handle, the append commits on its own.
 */
export async function appendAudit(db: Kysely<Database>, event: AuditEvent): Promise<AuditEntry> {
  if (dialectOf(db) === 'postgres') {
    return appendOnPostgres(db, event);
  }

  if (db.isTransaction) {
    return appendOnSqlite(db as Transaction<Database>, event);
  }

  // NOTE: on SQLite two processes writing at once (the server and `examgate import`) can make
  // one append fail with SQLITE_BUSY; the unique `seq` keeps the chain from forking.
  return db.transaction().execute((trx) => appendOnSqlite(trx, event));
}

/** Result of checking the whole chain: the entry count and the first broken entry, if any. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  lastHash: string;
  /** The first problem: an entry that does not match, or (`head: true`) only the chain's head row. */
  firstBroken?: { seq: number; reason: string; head?: true };
}

const VERIFY_PAGE_SIZE = 1000;

/**
 * Recomputes every hash from the first entry and reports the first entry that does not match.
 * On PostgreSQL it reads the log and the chain's head row in one snapshot (REPEATABLE READ) and
 * also reports a head that does not name the last entry, because appends would then fail.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerification> {
  if (dialectOf(db) !== 'postgres' || db.isTransaction) {
    return verifyEntries(db);
  }

  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const verification = await verifyEntries(trx);

    if (!verification.ok) {
      return verification;
    }

    const row = await readChainHead(trx);

    if (row === null) {
      return { ...verification, ok: false, firstBroken: { seq: verification.entries, reason: 'the chain head row (audit_chain_head) is missing, so every append fails: run examgate audit repair-head', head: true } };
    }

    if (row.seq !== verification.entries || row.hash !== verification.lastHash) {
      const reason = `the chain head (audit_chain_head) names entry ${row.seq} with hash ${row.hash}, but the last entry is ${verification.entries} with hash ${verification.lastHash}, so every append fails: run examgate audit repair-head`;
      return { ...verification, ok: false, firstBroken: { seq: verification.entries, reason, head: true } };
    }

    return verification;
  });
}

/** Returns the seq and hash in the chain's head row on PostgreSQL, or null when the row is missing. */
async function readChainHead(db: Kysely<Database>): Promise<{ seq: number; hash: string } | null> {
  const result = await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_chain_head WHERE id = 1`.execute(db);
  const row = result.rows[0];

  return row === undefined ? null : { seq: Number(row.seq), hash: row.hash };
}

async function verifyEntries(db: Kysely<Database>): Promise<AuditVerification> {
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;

  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(VERIFY_PAGE_SIZE)
      .execute();

    for (const row of page) {
      const seq = Number(row.seq);

      if (seq !== expectedSeq) {
        return { ok: false, entries, lastHash: previousHash, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next entry is ${seq})` } };
      }

      if (row.prev_hash !== previousHash) {
        return { ok: false, entries, lastHash: previousHash, firstBroken: { seq, reason: 'prev_hash does not match the hash of the entry before' } };
      }

      let expectedHash: string;

      try {
        expectedHash = hashAuditEntry({ ...row, seq });
      } catch (error) {
        return { ok: false, entries, lastHash: previousHash, firstBroken: { seq, reason: `details is not valid JSON (${(error as Error).message})` } };
      }

      if (row.hash !== expectedHash) {
        return { ok: false, entries, lastHash: previousHash, firstBroken: { seq, reason: `hash ${row.hash} does not match the content (expected ${expectedHash})` } };
      }

      previousHash = row.hash;
      expectedSeq += 1;
      entries += 1;
    }

    if (page.length < VERIFY_PAGE_SIZE) {
      return { ok: true, entries, lastHash: previousHash };
    }
  }
}

/** Result of `repairAuditHead`: the head before and after, or why nothing was changed. */
export interface AuditHeadRepair {
  repaired: boolean;
  before: { seq: number; hash: string } | null;
  after: { seq: number; hash: string } | null;
  reason?: string;
}

/**
 * Points the chain's head row on PostgreSQL at the last entry, or creates it, after checking the
 * whole chain under the head's row lock. It refuses when the chain is broken, because a head
 * moved onto a changed entry would hide the change from later appends.
 */
export async function repairAuditHead(db: Kysely<Database>): Promise<AuditHeadRepair> {
  if (dialectOf(db) !== 'postgres') {
    return { repaired: false, before: null, after: null, reason: 'SQLite has no chain head row: each append reads the last entry' };
  }

  return db.transaction().execute(async (trx) => {
    // The lock keeps appends out until the head is right; without a head row, this lock does.
    await sql`LOCK TABLE audit_chain_head IN EXCLUSIVE MODE`.execute(trx);
    const before = await readChainHead(trx);
    const verification = await verifyEntries(trx);

    if (!verification.ok) {
      return { repaired: false, before, after: before, reason: `the chain is broken at entry ${verification.firstBroken?.seq}: ${verification.firstBroken?.reason}` };
    }

    const last = await trx.selectFrom('audit_log').select(['seq', 'prev_hash', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const after = { seq: last === undefined ? 0 : Number(last.seq), hash: last?.hash ?? GENESIS_HASH };
    const prevHash = last?.prev_hash ?? GENESIS_HASH;

    // A head behind the log (an older instance appended) names an entry that exists with its
    // hash. A head ahead of the log, or one whose hash no entry has, means entries were removed
    // or replaced, which a repair must not hide.
    if (before !== null && (before.seq !== after.seq || before.hash !== after.hash)) {
      const named = before.seq === 0 ? { hash: GENESIS_HASH } : await trx.selectFrom('audit_log').select('hash').where('seq', '=', before.seq).executeTakeFirst();
      const headNamesAnEntry = before.seq <= after.seq && named?.hash === before.hash;

      if (!headNamesAnEntry) {
        return { repaired: false, before, after: before, reason: `the chain head names entry ${before.seq} with hash ${before.hash}, which the log does not contain (its last entry is ${after.seq}): entries were removed or replaced, so restore the database from a backup` };
      }
    }

    await sql`INSERT INTO audit_chain_head (id, seq, prev_hash, hash) VALUES (1, ${after.seq}, ${prevHash}, ${after.hash})
      ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, prev_hash = excluded.prev_hash, hash = excluded.hash`.execute(trx);
    return { repaired: before === null || before.seq !== after.seq || before.hash !== after.hash, before, after };
  });
}
