import type { Kysely } from 'kysely';

import { newId, nowIso } from '../db/columns.js';
import type { Database, DepartmentTable } from '../db/schema.js';

export const DEFAULT_DEPARTMENT = { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo' } as const;

/** Returns the deployment's department, creating it on first use; a deployment serves one department. */
export async function ensureDepartment(db: Kysely<Database>, input: { code: string; name: string } = DEFAULT_DEPARTMENT): Promise<DepartmentTable> {
  const existing = await db.selectFrom('departments').selectAll().orderBy('created_at').limit(1).executeTakeFirst();

  if (existing !== undefined) {
    return existing;
  }

  const department: DepartmentTable = { id: newId(), code: input.code, name: input.name, created_at: nowIso() };
  await db.insertInto('departments').values(department).execute();
  return department;
}
