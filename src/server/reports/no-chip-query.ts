import type { Kysely } from 'kysely';

import type { NoChipCandidate } from '../../reports/no-chip.js';
import type { Database } from '../db/schema.js';

export interface NoChipFilter {
  unitId?: string;
  /** Only candidates registered for an exam event of this pilot round number. */
  round?: number;
}

/**
 * Lists the candidates whose chip status is not `chipped` (no card, a legacy 9-digit ID or a
 * card issued before the chipped cards), with unit and class names, so that units can send
 * them to register for a chipped card.
 */
export async function listNoChipCandidates(db: Kysely<Database>, filter: NoChipFilter = {}): Promise<NoChipCandidate[]> {
  let query = db
    .selectFrom('candidates')
    .innerJoin('units', 'units.id', 'candidates.unit_id')
    .leftJoin('classes', 'classes.id', 'candidates.class_id')
    .select([
      'candidates.unit_id as unitId',
      'units.name as unitName',
      'classes.name as className',
      'candidates.full_name_display as fullName',
      'candidates.birth_date as birthDate',
      'candidates.id_number as idNumber',
      'candidates.legacy_id_number as legacyIdNumber',
      'candidates.chip_status as chipStatus',
    ])
    .where('candidates.chip_status', '!=', 'chipped');

  if (filter.unitId !== undefined) {
    query = query.where('candidates.unit_id', '=', filter.unitId);
  }

  if (filter.round !== undefined) {
    const round = filter.round;
    query = query.where((eb) => eb.exists(
      eb.selectFrom('exam_registrations')
        .innerJoin('exam_events', 'exam_events.id', 'exam_registrations.exam_event_id')
        .innerJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id')
        .select('exam_registrations.id')
        .whereRef('exam_registrations.candidate_id', '=', 'candidates.id')
        .where('pilot_rounds.number', '=', round),
    ));
  }

  return query.orderBy('units.name').orderBy('classes.name').orderBy('candidates.full_name').execute();
}
