import type { FastifyPluginAsync } from 'fastify';

import { verifyAuditChain } from '../audit/audit-log.js';
import { ADMIN_ROLES, assertUnitAccess, requireRole } from '../auth/access.js';
import { idSchema } from './schemas.js';

/** The audit log: read (department: all; unit administrators: their unit) and chain verification. */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { unitId?: string; beforeSeq?: number; limit: number; action?: string } }>(
    '/',
    {
      schema: {
        summary: 'Audit entries, newest first; page with beforeSeq',
        tags: ['audit'],
        querystring: {
          type: 'object',
          properties: {
            unitId: idSchema,
            beforeSeq: { type: 'integer', minimum: 1 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            action: { type: 'string', maxLength: 100 },
          },
        },
      },
    },
    async (request) => {
      const user = requireRole(request, ADMIN_ROLES);
      const unitId = request.query.unitId ?? (user.role === 'department_admin' ? undefined : (user.unitId ?? ''));
      let query = app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(request.query.limit);

      if (unitId !== undefined) {
        assertUnitAccess(user, unitId);
        query = query.where('unit_id', '=', unitId);
      }

      if (request.query.beforeSeq !== undefined) query = query.where('seq', '<', request.query.beforeSeq);
      if (request.query.action !== undefined) query = query.where('action', '=', request.query.action);

      const rows = await query.execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        id: row.id,
        occurredAt: row.occurred_at,
        actorUserId: row.actor_user_id,
        unitId: row.unit_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        details: JSON.parse(row.details) as unknown,
        hash: row.hash,
      }));
    },
  );

  app.get('/verify', { schema: { summary: 'Recompute the hash chain (department administrators)', tags: ['audit'] } }, async (request) => {
    requireRole(request, ['department_admin']);
    return verifyAuditChain(app.db);
  });
};
