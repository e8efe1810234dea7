import type { Kysely } from 'kysely';

import type { RegistryTables } from '../../registry/storage-schema.js';
import { toNumber } from '../db/columns.js';
import type { Database } from '../db/schema.js';

export interface MeteredChecksFilter {
  round: number;
  unitId?: string;
}

/**
 * Counts the billable registry checks of a pilot round (optionally one unit): the rows the
 * registry adapter's metering stored, at most one per candidate and exam event.
 */
export async function countBillableChecks(db: Kysely<Database>, filter: MeteredChecksFilter): Promise<number> {
  // The registry's tables are typed in src/registry; the handle is widened by a cast.
  const registry = db as unknown as Kysely<Database & RegistryTables>;

  let query = registry
    .selectFrom('registry_billable_checks')
    .innerJoin('exam_events', 'exam_events.id', 'registry_billable_checks.exam_event_id')
    .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('pilot_rounds.number', '=', filter.round);

  if (filter.unitId !== undefined) {
    query = query.where('exam_events.unit_id', '=', filter.unitId);
  }

  const row = await query.executeTakeFirst();
  return toNumber(row?.count as string | number | bigint | undefined);
}
