// What the steps of `examgate demo` share: options, the database, the people and their cards,
// the exam set-up, and the figures each step adds to the summary.
import type { Kysely } from 'kysely';

import type { CardImage } from '../sim/card-image.js';
import type { PersonRecord } from '../sim/person.js';
import type { TestPki } from '../sim/pki.js';
import type { Database } from '../server/db/schema.js';
import type { RefusalReason } from '../server/checkin/decisions.js';
import type { Progress } from './progress.js';

export interface DemoOptions {
  /** Folder for the reports. */
  outDir: string;
  databaseUrl: string;
  /** `auto` uses pcscd and vpcd when they are here, else the in-process transport. */
  transport: 'auto' | 'pcsc' | 'in-process';
  seed: number;
  progress: Progress;
}

/** What a candidate's card is built to show at check-in. */
export type CardPlan =
  | { kind: 'good' }
  | { kind: 'tampered-file' }
  | { kind: 'cloned-chip' }
  | { kind: 'expired-card' }
  | { kind: 'unknown-issuer' }
  | { kind: 'data-mismatch' }
  | { kind: 'registry-mismatch' }
  | { kind: 'no-chip' };

/** The refusal each faulty card must get, and only that one. */
export const EXPECTED_REASON: Record<Exclude<CardPlan['kind'], 'good' | 'no-chip'>, RefusalReason> = {
  'tampered-file': 'tampered_file',
  'cloned-chip': 'clone_suspected',
  'expired-card': 'expired_signer_or_card',
  'unknown-issuer': 'unknown_issuer',
  'data-mismatch': 'data_mismatch',
  'registry-mismatch': 'registry_mismatch',
};

export interface DemoCandidate {
  candidateId: string;
  candidateNumber: string;
  roomId: string;
  fullName: string;
  idNumber: string | null;
  plan: CardPlan;
  /** The person on the card (null without a chipped card). */
  person: PersonRecord | null;
  /** The card, once built (null without a chipped card). */
  image: CardImage | null;
  /** The candidate's login at the seat computer. */
  seatLogin: { username: string; password: string } | null;
}

export interface DemoAccounts {
  departmentAdmin: { username: string; password: string };
  unitAdmin: { username: string; password: string };
  proctor: { username: string; password: string };
}

export interface DemoState {
  options: DemoOptions;
  db: Kysely<Database>;
  unitId: string;
  examEventId: string;
  examSessionId: string;
  bankId: string;
  rooms: { id: string; code: string; stationToken: string }[];
  accounts: DemoAccounts;
  pki: TestPki;
  candidates: DemoCandidate[];
  /** Base URL of the server process while it runs. */
  baseUrl: string;
}
