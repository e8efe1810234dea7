// The incident report table (migration 0250_checkin_incidents) and the kinds a proctor chooses
// from. The kinds are the codes the pilot evaluation counts and src/reports/labels.ts names.
import type { Kysely } from 'kysely';

import type { Database } from '../db/schema.js';

export const INCIDENT_KINDS = ['network_loss', 'power_cut', 'device_fault', 'identity_dispute', 'misconduct'] as const;

export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** An incident report (biên bản); `candidate_ids` is a JSON list of candidate ids. */
export interface IncidentReportTable {
  id: string;
  unit_id: string;
  exam_session_id: string;
  room_id: string;
  kind: IncidentKind;
  /** When the incident happened; ISO 8601 UTC. */
  occurred_at: string;
  description: string;
  candidate_ids: string;
  created_by: string | null;
  created_at: string;
}

export interface IncidentDatabase extends Database {
  incident_reports: IncidentReportTable;
}

/** The server's Kysely instance typed with the incident report table. */
export function incidentDb(db: Kysely<Database>): Kysely<IncidentDatabase> {
  return db as unknown as Kysely<IncidentDatabase>;
}
