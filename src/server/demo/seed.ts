// Demo data for `examgate serve --demo`, run once on an empty database. The core step creates
// the organisation, users, rooms, candidates and an exam event with a session; other areas add
// steps (questions, test forms, ...) to DEMO_SEED_STEPS in ./steps.ts, which run in order and
// see what earlier steps made through the shared context.
import type { Kysely } from 'kysely';

import type { Database, ExamEventTable, ExamSessionTable, RoomTable, UnitTable } from '../db/schema.js';
import { DEMO_SEED_STEPS } from './steps.js';

/** A demo login printed at start. */
export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  /** Purpose of the login, in Vietnamese and English. */
  purpose: string;
}

/** State shared by the steps: the database and the records earlier steps created. */
export interface DemoContext {
  db: Kysely<Database>;
  unit?: UnitTable;
  rooms: RoomTable[];
  candidateIds: string[];
  examEvent?: ExamEventTable;
  examSession?: ExamSessionTable;
  /** Logins to print; steps add their own. */
  logins: DemoLogin[];
  /** Further records by name, for steps of other areas (e.g. `questionBankId`). */
  extra: Record<string, unknown>;
}

export interface DemoSeedStep {
  name: string;
  run(context: DemoContext): Promise<void>;
}

export interface DemoSeedResult {
  seeded: boolean;
  logins: DemoLogin[];
}

/** Seeds the demo when the database has no users; returns the demo logins, or seeded=false. */
export async function seedDemo(db: Kysely<Database>, steps: readonly DemoSeedStep[] = DEMO_SEED_STEPS): Promise<DemoSeedResult> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();

  if (anyUser !== undefined) {
    return { seeded: false, logins: [] };
  }

  const context: DemoContext = { db, rooms: [], candidateIds: [], logins: [], extra: {} };

  for (const step of steps) {
    try {
      await step.run(context);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`demo seed step "${step.name}" failed: ${reason}`, { cause: error });
    }
  }

  return { seeded: true, logins: context.logins };
}
