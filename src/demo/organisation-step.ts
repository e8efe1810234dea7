// Before step 1: the department, a pilot round, the unit with its two classes and the staff
// accounts the demo logs in with. Passwords are random per run and never printed.
import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { createUser } from '../server/accounts/users.js';
import { newId, nowIso } from '../server/db/columns.js';
import type { Database } from '../server/db/schema.js';
import { ensureDepartment } from '../server/organisation/department.js';
import { createClass, createUnit } from '../server/organisation/units.js';
import type { DemoAccounts } from './demo-context.js';

export const DEMO_UNIT_CODE = 'GDTX-DEMO';

export interface DemoOrganisation {
  unitId: string;
  pilotRoundId: string;
  accounts: DemoAccounts;
}

export async function createOrganisation(db: Kysely<Database>, today: string): Promise<DemoOrganisation> {
  const department = await ensureDepartment(db);
  const pilotRoundId = newId();
  await db.insertInto('pilot_rounds').values({ id: pilotRoundId, department_id: department.id, number: 1, name: 'Khảo sát thí điểm lần 1', starts_on: today, ends_on: null, created_at: nowIso() }).execute();

  const unit = await createUnit(db, { code: DEMO_UNIT_CODE, name: 'Trung tâm GDTX-NNTH Demo', kind: 'continuing_education_centre' }, null);
  await createClass(db, unit.id, { code: '10A1', name: '10A1', schoolYear: '2025-2026' }, null);
  await createClass(db, unit.id, { code: '10A2', name: '10A2', schoolYear: '2025-2026' }, null);

  const account = (username: string) => ({ username, password: randomBytes(12).toString('base64url') });
  const accounts: DemoAccounts = { departmentAdmin: account('demo.so'), unitAdmin: account('demo.donvi'), proctor: account('demo.cbct') };

  await createUser(db, { username: accounts.departmentAdmin.username, displayName: 'Quản trị Sở (demo)', role: 'department_admin', unitId: null, password: accounts.departmentAdmin.password }, null);
  await createUser(db, { username: accounts.unitAdmin.username, displayName: 'Quản trị đơn vị (demo)', role: 'unit_admin', unitId: unit.id, password: accounts.unitAdmin.password }, null);
  await createUser(db, { username: accounts.proctor.username, displayName: 'Cán bộ coi thi (demo)', role: 'proctor', unitId: unit.id, password: accounts.proctor.password }, null);

  return { unitId: unit.id, pilotRoundId, accounts };
}
