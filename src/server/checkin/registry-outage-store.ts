// Registry outage periods on the server's database (table registry_outages, migration 0202),
// shared by every server instance. The partial unique index on open rows makes "one open
// period per exam event" hold across instances: the insert of a second open row is skipped.
import { hostname } from 'node:os';

import type { Kysely } from 'kysely';

import type { RegistryOutageStore, UnavailableCheck } from '../../registry/outage-store.js';
import { newId } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { checkInDb, type CheckInDatabase } from './checkin-schema.js';

export interface RegistryOutageTable {
  id: string;
  exam_event_id: string;
  /** The exam event's unit. */
  unit_id: string | null;
  /** The session of the candidate's latest check-in in the exam event, or null when there is none. */
  exam_session_id: string | null;
  /** The UnavailableReason of the check that opened the period. */
  reason: string;
  started_at: string;
  /** Null while the period is open. */
  ended_at: string | null;
  /** Host name and process id of the instance that opened or closed the period. */
  opened_by: string;
  closed_by: string | null;
}

type OutageDatabase = CheckInDatabase & { registry_outages: RegistryOutageTable };

/** Returns the same Kysely instance typed with the check-in tables and registry_outages. */
export function outageDb(db: Kysely<Database>): Kysely<OutageDatabase> {
  return checkInDb(db) as unknown as Kysely<OutageDatabase>;
}

export class KyselyRegistryOutageStore implements RegistryOutageStore {
  private readonly db: Kysely<OutageDatabase>;

  constructor(db: Kysely<Database>, private readonly instanceId: string = `${hostname()}:${process.pid}`) {
    this.db = outageDb(db);
  }

  async recordUnavailable(check: UnavailableCheck): Promise<boolean> {
    const open = await this.db.selectFrom('registry_outages').select('id').where('exam_event_id', '=', check.key.examEventId).where('ended_at', 'is', null).executeTakeFirst();

    // Most failures of an outage find the period open, so they end here with one indexed read.
    if (open !== undefined) {
      return false;
    }

    const event = await this.db.selectFrom('exam_events').select('unit_id').where('id', '=', check.key.examEventId).executeTakeFirst();

    // A check of an exam event that storage does not have cannot be attributed to a round or unit.
    if (event === undefined) {
      return false;
    }

    const checkIn = await this.db
      .selectFrom('check_ins')
      .select('exam_session_id')
      .where('exam_event_id', '=', check.key.examEventId)
      .where('candidate_id', '=', check.key.candidateId)
      .orderBy('started_at', 'desc')
      .executeTakeFirst();

    const inserted = await this.db
      .insertInto('registry_outages')
      .values({
        id: newId(),
        exam_event_id: check.key.examEventId,
        unit_id: event.unit_id,
        exam_session_id: checkIn?.exam_session_id ?? null,
        reason: check.reason,
        started_at: check.at,
        ended_at: null,
        opened_by: this.instanceId,
        closed_by: null,
      })
      .onConflict((conflict) => conflict.column('exam_event_id').where('ended_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();

    return inserted !== undefined;
  }

  async recordAvailable(at: string): Promise<number> {
    const open = await this.db.selectFrom('registry_outages').select('id').where('ended_at', 'is', null).limit(1).executeTakeFirst();

    // Every successful check comes here. The read keeps the common case free of a write, which
    // on SQLite would take the database's write lock.
    if (open === undefined) {
      return 0;
    }

    const result = await this.db
      .updateTable('registry_outages')
      .set({ ended_at: at, closed_by: this.instanceId })
      .where('ended_at', 'is', null)
      .where('started_at', '<=', at)
      .executeTakeFirst();

    return Number(result.numUpdatedRows);
  }
}
