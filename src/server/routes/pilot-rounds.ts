import type { FastifyPluginAsync } from 'fastify';

import { appendAudit } from '../audit/audit-log.js';
import { requireRole, STAFF_ROLES } from '../auth/access.js';
import { newId, nowIso } from '../db/columns.js';
import type { PilotRoundTable } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { ensureDepartment } from '../organisation/department.js';
import { isoDateSchema, nameSchema } from './schemas.js';

const pilotRoundSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, number: { type: 'integer' }, name: { type: 'string' }, startsOn: { type: ['string', 'null'] }, endsOn: { type: ['string', 'null'] } },
} as const;

function pilotRoundView(row: PilotRoundTable) {
  return { id: row.id, number: Number(row.number), name: row.name, startsOn: row.starts_on, endsOn: row.ends_on };
}

/** Pilot rounds (đợt khảo sát thí điểm lần 1, 2, 3) of the department. */
export const pilotRoundRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { summary: 'Pilot rounds', tags: ['pilot rounds'], response: { 200: { type: 'array', items: pilotRoundSchema } } } }, async (request) => {
    requireRole(request, STAFF_ROLES);
    return (await app.db.selectFrom('pilot_rounds').selectAll().orderBy('number').execute()).map(pilotRoundView);
  });

  app.post<{ Body: { number: number; name: string; startsOn?: string; endsOn?: string } }>(
    '/',
    {
      schema: {
        summary: 'Create a pilot round (department administrators)',
        tags: ['pilot rounds'],
        body: {
          type: 'object',
          required: ['number', 'name'],
          properties: { number: { type: 'integer', minimum: 1, maximum: 99 }, name: nameSchema, startsOn: isoDateSchema, endsOn: isoDateSchema },
        },
        response: { 201: pilotRoundSchema },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, ['department_admin']);
      const department = await ensureDepartment(app.db);
      const taken = await app.db.selectFrom('pilot_rounds').select('id').where('number', '=', request.body.number).executeTakeFirst();

      if (taken !== undefined) {
        throw new ApiError('PILOT_ROUND_NUMBER_TAKEN', { number: request.body.number });
      }

      const row: PilotRoundTable = {
        id: newId(),
        department_id: department.id,
        number: request.body.number,
        name: request.body.name,
        starts_on: request.body.startsOn ?? null,
        ends_on: request.body.endsOn ?? null,
        created_at: nowIso(),
      };

      await app.db.transaction().execute(async (trx) => {
        await trx.insertInto('pilot_rounds').values(row).execute();
        await appendAudit(trx, { action: 'pilot_rounds.create', actorUserId: actor.id, subjectType: 'pilot_round', subjectId: row.id, details: { number: row.number } });
      });

      return reply.status(201).send(pilotRoundView(row));
    },
  );
};
