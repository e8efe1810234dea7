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

/** Returns the fields of a new entry that do not depend on its place in the chain. */
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
 * last seq and hash. The UPDATE of the head waits for the row lock of any append in progress and then
 * reads the newest committed head (READ COMMITTED re-checks an updated row), so appends never
 * fork. PostgreSQL computes the hash with sha256() over the same bytes as hashAuditEntry. The row
 * lock is held until the caller's transaction commits, so an append should come last in it.
 * Before, the append took an advisory lock and held it for three round trips (the last entry,
 * the INSERT, the COMMIT), which bounded attempt starts on PostgreSQL (docs/benchmarks.md).
 */
async function appendOnPostgres(db: Kysely<Database>, event: AuditEvent): Promise<AuditEntry> {
  const fields = entryFields(event);
  const { before, after } = splitCanonicalAtSeq(fields);
  const result = await sql<{ seq: number; prev_hash: string; hash: string }>`${PREPARED}
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
    RETURNING seq, prev_hash, hash`.execute(db);

  const row = result.rows[0];

  if (row === undefined) {
    throw new Error('the audit chain has no head row (audit_chain_head): start `examgate serve` once on this database, which applies the migrations');
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
  firstBroken?: { seq: number; reason: string };
}

const VERIFY_PAGE_SIZE = 1000;

/** Recomputes every hash from the first entry and reports the first entry that does not match. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerification> {
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

      const expectedHash = hashAuditEntry({ ...row, seq });

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
