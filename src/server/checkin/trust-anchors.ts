// Trust anchors of passive authentication: CSCA certificates, ICAO master lists and CRLs that
// the department administrator loads. They are stored in the database as uploaded and built
// into the chip library's TrustStore. Nothing is trusted by default.
import { createHash } from 'node:crypto';

import { sql, type Kysely } from 'kysely';

import { TrustStore } from '../../chip/pa/trust-store.js';
import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { checkInDb, type TrustAnchorTable } from './checkin-schema.js';

export type TrustAnchorKind = TrustAnchorTable['kind'];

export interface TrustAnchorSummary {
  id: string;
  kind: TrustAnchorKind;
  name: string;
  sha256: string;
  certificateCount: number;
  createdAt: string;
}

/** Loads the file into a scratch store first, so an invalid file is rejected before it is stored. */
function countCertificates(kind: TrustAnchorKind, bytes: Uint8Array, name: string, existing: TrustStore): number {
  const scratch = new TrustStore();

  if (kind === 'certificate') {
    scratch.addCertificates(bytes, name);
    return scratch.size;
  }

  if (kind === 'master-list') {
    scratch.addMasterList(bytes, name);
    return scratch.size;
  }

  // A CRL must be signed by a CSCA that is already loaded.
  existing.addCrl(bytes, name);
  return 0;
}

/**
 * Stores a trust anchor file after checking that it loads. Throws the chip library's error
 * (with the file name and the problem) when it does not. Returns the existing entry when the
 * same file was loaded before.
 */
export async function addTrustAnchor(db: Kysely<Database>, kind: TrustAnchorKind, name: string, bytes: Uint8Array, actorUserId: string | null, current: TrustStore): Promise<TrustAnchorSummary> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const store = checkInDb(db);
  const existing = await store.selectFrom('trust_anchors').selectAll().where('sha256', '=', sha256).where('removed_at', 'is', null).executeTakeFirst();

  if (existing !== undefined) {
    return summarise(existing);
  }

  const count = countCertificates(kind, bytes, name, current);
  const row: TrustAnchorTable = {
    id: newId(), kind, name, sha256, content: Buffer.from(bytes).toString('base64'), certificate_count: count, loaded_by: actorUserId, created_at: nowIso(), removed_at: null,
  };

  await db.transaction().execute(async (trx) => {
    // A file removed earlier and loaded again gets a new row, so the old one's unique hash goes.
    await checkInDb(trx).deleteFrom('trust_anchors').where('sha256', '=', sha256).execute();
    await checkInDb(trx).insertInto('trust_anchors').values(row).execute();
    await appendAudit(trx, { action: 'checkin.trust_anchor.add', actorUserId, subjectType: 'trust_anchor', subjectId: row.id, details: { kind, name, sha256, certificates: count } });
  });

  return summarise(row);
}

/** Marks a trust anchor removed; check-ins after this no longer trust it. */
export async function removeTrustAnchor(db: Kysely<Database>, id: string, actorUserId: string | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await checkInDb(trx).updateTable('trust_anchors').set({ removed_at: nowIso() }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();

    if (Number(result.numUpdatedRows) === 0) {
      return false;
    }

    await appendAudit(trx, { action: 'checkin.trust_anchor.remove', actorUserId, subjectType: 'trust_anchor', subjectId: id });
    return true;
  });
}

export async function listTrustAnchors(db: Kysely<Database>): Promise<TrustAnchorSummary[]> {
  const rows = await checkInDb(db).selectFrom('trust_anchors').selectAll().where('removed_at', 'is', null).orderBy('created_at').execute();
  return rows.map(summarise);
}

function summarise(row: TrustAnchorTable): TrustAnchorSummary {
  return { id: row.id, kind: row.kind, name: row.name, sha256: row.sha256, certificateCount: Number(row.certificate_count), createdAt: row.created_at };
}

/**
 * The trust store built from the database, rebuilt when the set of loaded anchors changes
 * (checked with one small query per check-in, so every server instance sees a change).
 */
export class TrustStoreCache {
  private store = new TrustStore();
  private version = '';

  constructor(private readonly db: Kysely<Database>) {}

  async current(): Promise<TrustStore> {
    const version = await this.readVersion();

    if (version === this.version) {
      return this.store;
    }

    const rows = await checkInDb(this.db).selectFrom('trust_anchors').selectAll().where('removed_at', 'is', null).orderBy('created_at').execute();
    const store = new TrustStore();

    // CRLs last, because each must verify under a CSCA already in the store.
    for (const row of [...rows.filter((entry) => entry.kind !== 'crl'), ...rows.filter((entry) => entry.kind === 'crl')]) {
      const bytes = new Uint8Array(Buffer.from(row.content, 'base64'));
      if (row.kind === 'certificate') store.addCertificates(bytes, row.name);
      else if (row.kind === 'master-list') store.addMasterList(bytes, row.name);
      else store.addCrl(bytes, row.name);
    }

    this.store = store;
    this.version = version;
    return store;
  }

  private async readVersion(): Promise<string> {
    const row = await checkInDb(this.db)
      .selectFrom('trust_anchors')
      .select([sql<string>`count(*)`.as('count'), sql<string | null>`max(created_at)`.as('newest'), sql<string | null>`max(removed_at)`.as('removed')])
      .executeTakeFirst();
    return `${row?.count ?? 0}|${row?.newest ?? ''}|${row?.removed ?? ''}`;
  }
}
