// Metering storage on SQLite or PostgreSQL through Kysely, shared by every server instance.
// The primary keys (exam event, candidate) make "first writer wins" hold across instances.
import type { Kysely } from 'kysely';

import { RegistryError } from './errors.js';
import type { BillableCheck, CachedAnswer, MeteringStore } from './metering-store.js';
import type { RegistryAnswerTable, RegistryTables } from './storage-schema.js';
import type { IdempotencyKey, RegistryField } from './types.js';

export class KyselyMeteringStore implements MeteringStore {
  constructor(private readonly db: Kysely<RegistryTables>) {}

  async getCachedAnswer(key: IdempotencyKey): Promise<CachedAnswer | null> {
    const row = await this.db
      .selectFrom('registry_answers')
      .selectAll()
      .where('exam_event_id', '=', key.examEventId)
      .where('candidate_id', '=', key.candidateId)
      .executeTakeFirst();

    return row === undefined ? null : toCachedAnswer(row);
  }

  async putCachedAnswer(key: IdempotencyKey, answer: CachedAnswer): Promise<CachedAnswer> {
    await this.db
      .insertInto('registry_answers')
      .values({
        exam_event_id: key.examEventId,
        candidate_id: key.candidateId,
        outcome: answer.outcome,
        mismatched_fields: JSON.stringify(answer.mismatchedFields),
        reference_id: answer.referenceId,
        request_fingerprint: answer.requestFingerprint,
        checked_at: answer.checkedAt,
      })
      .onConflict((conflict) => conflict.columns(['exam_event_id', 'candidate_id']).doNothing())
      .execute();

    const stored = await this.getCachedAnswer(key);

    if (stored === null) {
      throw new RegistryError('REGISTRY_STORAGE', `The cached registry answer for exam event ${key.examEventId}, candidate ${key.candidateId} is missing right after it was stored; check the registry_answers table.`);
    }

    return stored;
  }

  async recordBillableCheck(check: BillableCheck): Promise<boolean> {
    const inserted = await this.db
      .insertInto('registry_billable_checks')
      .values({
        exam_event_id: check.key.examEventId,
        candidate_id: check.key.candidateId,
        reference_id: check.referenceId,
        outcome: check.outcome,
        checked_at: check.checkedAt,
      })
      .onConflict((conflict) => conflict.columns(['exam_event_id', 'candidate_id']).doNothing())
      .returning('exam_event_id')
      .executeTakeFirst();

    return inserted !== undefined;
  }

  async countBillableChecks(examEventId?: string): Promise<number> {
    let query = this.db.selectFrom('registry_billable_checks').select((eb) => eb.fn.countAll<string | number>().as('count'));

    if (examEventId !== undefined) {
      query = query.where('exam_event_id', '=', examEventId);
    }

    const row = await query.executeTakeFirstOrThrow();
    return Number(row.count);
  }
}

function toCachedAnswer(row: RegistryAnswerTable): CachedAnswer {
  return {
    outcome: row.outcome,
    mismatchedFields: JSON.parse(row.mismatched_fields) as RegistryField[],
    referenceId: row.reference_id,
    checkedAt: row.checked_at,
    requestFingerprint: row.request_fingerprint,
  };
}
