// Append-only, hash-chained audit log. Entry n stores hash_n = SHA-256(hash_{n-1} || "\n" ||
// canonical JSON of entry n), with hash_0 = 64 zeros, so changing, removing or reordering any
// entry breaks every later hash. Entries name users, units and records by id and never carry
// personal data (names, ID numbers, birth dates).
import { createHash } from 'node:crypto';

import { type Kysely, sql, type Transaction } from 'kysely';

import { newId, nowIso } from '../db/columns.js';
import { dialectOf } from '../db/dialect.js';
import type { AuditLogTable, Database } from '../db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Arbitrary constant naming the PostgreSQL advisory lock that serialises appends. */
const AUDIT_LOCK_KEY = 73_010_001;

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

async function appendInTransaction(trx: Transaction<Database>, event: AuditEvent): Promise<AuditEntry> {
  if (dialectOf(trx) === 'postgres') {
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  }

  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();

  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq: last === undefined ? 1 : Number(last.seq) + 1,
    id: newId(),
    occurred_at: nowIso(),
    actor_user_id: event.actorUserId ?? null,
    unit_id: event.unitId ?? null,
    action: event.action,
    subject_type: event.subjectType ?? null,
    subject_id: event.subjectId ?? null,
    details: canonicalJson(event.details ?? {}),
    prev_hash: last === undefined ? GENESIS_HASH : last.hash,
  };
  const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };

  await trx.insertInto('audit_log').values(entry).execute();
  return entry;
}

/**
 * Appends one event to the audit log and returns the written entry. Pass the transaction of
 * the change being audited, so that the change and its entry commit together. Given a plain
 * database handle, it opens a transaction of its own.
 */
export async function appendAudit(db: Kysely<Database>, event: AuditEvent): Promise<AuditEntry> {
  if (db.isTransaction) {
    return appendInTransaction(db as Transaction<Database>, event);
  }

  // NOTE: on SQLite two processes writing at once (the server and `examgate import`) can make
  // one append fail with SQLITE_BUSY; the unique `seq` keeps the chain from forking.
  return db.transaction().execute((trx) => appendInTransaction(trx, event));
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
