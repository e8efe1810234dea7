import type { FastifyPluginAsync } from 'fastify';

import { appendAudit } from '../audit/audit-log.js';
import { ADMIN_ROLES, requireRole, requireUnitRole, STAFF_ROLES } from '../auth/access.js';
import { nowIso } from '../db/columns.js';
import type { UnitKind } from '../db/schema.js';
import { createClass, createUnit, requireUnit } from '../organisation/units.js';
import { codeSchema, idParams, nameSchema } from './schemas.js';

const UNIT_KINDS: UnitKind[] = ['school', 'continuing_education_centre', 'centre'];

const unitSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, createdAt: { type: 'string' } },
} as const;

const classSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, unitId: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, schoolYear: { type: ['string', 'null'] } },
} as const;

function unitView(unit: { id: string; code: string; name: string; kind: string; created_at: string }) {
  return { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind, createdAt: unit.created_at };
}

/** Units (schools, centres) and their classes. */
export const unitRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { summary: 'Units the user may see', tags: ['units'], response: { 200: { type: 'array', items: unitSchema } } } }, async (request) => {
    const user = requireRole(request, STAFF_ROLES);
    let query = app.db.selectFrom('units').selectAll().orderBy('code');

    if (user.role !== 'department_admin') {
      query = query.where('id', '=', user.unitId ?? '');
    }

    return (await query.execute()).map(unitView);
  });

  app.post<{ Body: { code: string; name: string; kind: UnitKind } }>(
    '/',
    {
      schema: {
        summary: 'Create a unit (department administrators)',
        tags: ['units'],
        body: { type: 'object', required: ['code', 'name', 'kind'], properties: { code: codeSchema, name: nameSchema, kind: { type: 'string', enum: UNIT_KINDS } } },
        response: { 201: unitSchema },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ['department_admin']);
      const unit = await createUnit(app.db, request.body, user.id);
      return reply.status(201).send(unitView(unit));
    },
  );

  app.get<{ Params: { unitId: string } }>(
    '/:unitId',
    { schema: { summary: 'One unit', tags: ['units'], params: idParams('unitId'), response: { 200: unitSchema } } },
    async (request) => {
      requireUnitRole(request, request.params.unitId, STAFF_ROLES);
      return unitView(await requireUnit(app.db, request.params.unitId));
    },
  );

  app.patch<{ Params: { unitId: string }; Body: { name?: string; kind?: UnitKind } }>(
    '/:unitId',
    {
      schema: {
        summary: 'Rename a unit or change its kind',
        tags: ['units'],
        params: idParams('unitId'),
        body: { type: 'object', minProperties: 1, properties: { name: nameSchema, kind: { type: 'string', enum: UNIT_KINDS } } },
        response: { 200: unitSchema },
      },
    },
    async (request) => {
      const user = requireUnitRole(request, request.params.unitId, ADMIN_ROLES);
      const unit = await requireUnit(app.db, request.params.unitId);

      await app.db.transaction().execute(async (trx) => {
        await trx.updateTable('units').set({ ...request.body, updated_at: nowIso() }).where('id', '=', unit.id).execute();
        await appendAudit(trx, { action: 'units.update', actorUserId: user.id, unitId: unit.id, subjectType: 'unit', subjectId: unit.id, details: { fields: Object.keys(request.body) } });
      });

      return unitView(await requireUnit(app.db, unit.id));
    },
  );

  app.get<{ Params: { unitId: string } }>(
    '/:unitId/classes',
    { schema: { summary: 'Classes of a unit', tags: ['units'], params: idParams('unitId'), response: { 200: { type: 'array', items: classSchema } } } },
    async (request) => {
      requireUnitRole(request, request.params.unitId, STAFF_ROLES);
      const rows = await app.db.selectFrom('classes').selectAll().where('unit_id', '=', request.params.unitId).orderBy('code').execute();
      return rows.map((row) => ({ id: row.id, unitId: row.unit_id, code: row.code, name: row.name, schoolYear: row.school_year }));
    },
  );

  app.post<{ Params: { unitId: string }; Body: { code: string; name: string; schoolYear?: string } }>(
    '/:unitId/classes',
    {
      schema: {
        summary: 'Create a class in a unit',
        tags: ['units'],
        params: idParams('unitId'),
        body: {
          type: 'object',
          required: ['code', 'name'],
          properties: { code: codeSchema, name: nameSchema, schoolYear: { type: 'string', pattern: '^\\d{4}-\\d{4}$' } },
        },
        response: { 201: classSchema },
      },
    },
    async (request, reply) => {
      const user = requireUnitRole(request, request.params.unitId, ADMIN_ROLES);
      await requireUnit(app.db, request.params.unitId);
      const row = await createClass(app.db, request.params.unitId, request.body, user.id);
      return reply.status(201).send({ id: row.id, unitId: row.unit_id, code: row.code, name: row.name, schoolYear: row.school_year });
    },
  );
};
