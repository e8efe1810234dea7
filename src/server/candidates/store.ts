import type { Kysely } from 'kysely';

import { newId, nowIso } from '../db/columns.js';
import type { CandidateTable, ChipStatus, Database } from '../db/schema.js';

/** A validated candidate row, ready to store. */
export interface CandidateRecord {
  matchKey: string;
  idNumber: string | null;
  legacyIdNumber: string | null;
  cardIssuedOn: string | null;
  fullName: string;
  fullNameDisplay: string;
  birthDate: string;
  sex: 'M' | 'F';
  chipStatus: ChipStatus;
  classId: string | null;
  email: string | null;
  phone: string | null;
}

/** Rows per INSERT, well under SQLite's and PostgreSQL's limits on bound parameters. */
const BATCH_ROWS = 500;

/**
 * Inserts new candidates and updates those whose match key exists in the unit, so that
 * importing the same list again never duplicates anyone. Run it inside the import's transaction.
 */
export async function upsertCandidates(db: Kysely<Database>, unitId: string, records: CandidateRecord[]): Promise<{ created: number; updated: number }> {
  const existingKeys = new Set<string>();

  for (let start = 0; start < records.length; start += BATCH_ROWS) {
    const keys = records.slice(start, start + BATCH_ROWS).map((record) => record.matchKey);
    const rows = await db.selectFrom('candidates').select('match_key').where('unit_id', '=', unitId).where('match_key', 'in', keys).execute();
    rows.forEach((row) => existingKeys.add(row.match_key));
  }

  const now = nowIso();

  for (let start = 0; start < records.length; start += BATCH_ROWS) {
    const rows: CandidateTable[] = records.slice(start, start + BATCH_ROWS).map((record) => ({
      id: newId(),
      unit_id: unitId,
      class_id: record.classId,
      match_key: record.matchKey,
      id_number: record.idNumber,
      legacy_id_number: record.legacyIdNumber,
      card_issued_on: record.cardIssuedOn,
      full_name: record.fullName,
      full_name_display: record.fullNameDisplay,
      birth_date: record.birthDate,
      sex: record.sex,
      chip_status: record.chipStatus,
      email: record.email,
      phone: record.phone,
      created_at: now,
      updated_at: now,
    }));

    await db
      .insertInto('candidates')
      .values(rows)
      .onConflict((conflict) =>
        conflict.columns(['unit_id', 'match_key']).doUpdateSet((eb) => ({
          class_id: eb.ref('excluded.class_id'),
          id_number: eb.ref('excluded.id_number'),
          legacy_id_number: eb.ref('excluded.legacy_id_number'),
          card_issued_on: eb.ref('excluded.card_issued_on'),
          full_name: eb.ref('excluded.full_name'),
          full_name_display: eb.ref('excluded.full_name_display'),
          birth_date: eb.ref('excluded.birth_date'),
          sex: eb.ref('excluded.sex'),
          chip_status: eb.ref('excluded.chip_status'),
          email: eb.ref('excluded.email'),
          phone: eb.ref('excluded.phone'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  return { created: records.length - existingKeys.size, updated: existingKeys.size };
}
