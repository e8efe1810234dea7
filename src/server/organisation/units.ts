import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { newId, nowIso } from '../db/columns.js';
import type { ClassTable, Database, UnitKind, UnitTable } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { ensureDepartment } from './department.js';

export interface NewUnit {
  code: string;
  name: string;
  kind: UnitKind;
}

export async function createUnit(db: Kysely<Database>, input: NewUnit, actorUserId: string | null): Promise<UnitTable> {
  const department = await ensureDepartment(db);
  const code = input.code.trim().toUpperCase();
  const taken = await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst();

  if (taken !== undefined) {
    throw new ApiError('UNIT_CODE_TAKEN', { code });
  }

  const now = nowIso();
  const unit: UnitTable = { id: newId(), department_id: department.id, code, name: input.name.trim(), kind: input.kind, created_at: now, updated_at: now };

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('units').values(unit).execute();
    await appendAudit(trx, { action: 'units.create', actorUserId, unitId: unit.id, subjectType: 'unit', subjectId: unit.id, details: { code } });
  });

  return unit;
}

/** Finds a unit by id or by code (codes are stored upper-case). */
export async function findUnit(db: Kysely<Database>, idOrCode: string): Promise<UnitTable | undefined> {
  return db
    .selectFrom('units')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrCode), eb('code', '=', idOrCode.trim().toUpperCase())]))
    .executeTakeFirst();
}

export async function requireUnit(db: Kysely<Database>, idOrCode: string): Promise<UnitTable> {
  const unit = await findUnit(db, idOrCode);

  if (unit === undefined) {
    throw new ApiError('UNIT_NOT_FOUND', { unit: idOrCode });
  }

  return unit;
}

export async function createClass(
  db: Kysely<Database>,
  unitId: string,
  input: { code: string; name: string; schoolYear?: string | null },
  actorUserId: string | null,
): Promise<ClassTable> {
  const code = input.code.trim();
  const taken = await db.selectFrom('classes').select('id').where('unit_id', '=', unitId).where('code', '=', code).executeTakeFirst();

  if (taken !== undefined) {
    throw new ApiError('CLASS_CODE_TAKEN', { code });
  }

  const row: ClassTable = { id: newId(), unit_id: unitId, code, name: input.name.trim(), school_year: input.schoolYear ?? null, created_at: nowIso() };

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('classes').values(row).execute();
    await appendAudit(trx, { action: 'classes.create', actorUserId, unitId, subjectType: 'class', subjectId: row.id, details: { code } });
  });

  return row;
}
