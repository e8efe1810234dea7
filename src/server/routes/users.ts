import type { FastifyPluginAsync } from 'fastify';

import { appendAudit } from '../audit/audit-log.js';
import { createUser, USERNAME_PATTERN } from '../accounts/users.js';
import { ADMIN_ROLES, ALL_ROLES, assertUnitAccess, requireRole } from '../auth/access.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import type { SessionUser } from '../auth/session-store.js';
import { nowIso, toDbBool } from '../db/columns.js';
import type { Role, UserTable } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { requireUnit } from '../organisation/units.js';
import { idParams, idSchema, nameSchema } from './schemas.js';

/** Roles a unit administrator may grant inside the own unit. */
const UNIT_GRANTABLE_ROLES: readonly Role[] = ['unit_admin', 'teacher', 'proctor', 'candidate'];

const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    unitId: { type: ['string', 'null'] },
    disabled: { type: 'boolean' },
    lockedUntil: { type: ['string', 'null'] },
    mustChangePassword: { type: 'boolean' },
    oneTimePassword: { type: 'string' },
  },
} as const;

function userView(user: UserTable) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    unitId: user.unit_id,
    disabled: user.disabled === 1,
    lockedUntil: user.locked_until,
    mustChangePassword: user.must_change_password === 1,
  };
}

function assertMayGrant(actor: SessionUser, role: Role, unitId: string | null): void {
  if (actor.role === 'department_admin') {
    return;
  }

  if (!UNIT_GRANTABLE_ROLES.includes(role)) {
    throw new ApiError('USER_ROLE_NOT_GRANTABLE', { role });
  }

  if (unitId === null) {
    throw new ApiError('USER_UNIT_REQUIRED', { role });
  }

  assertUnitAccess(actor, unitId);
}

async function requireManagedUser(app: Parameters<FastifyPluginAsync>[0], actor: SessionUser, userId: string): Promise<UserTable> {
  const user = await app.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();

  if (user === undefined) {
    throw new ApiError('USER_NOT_FOUND', { userId });
  }

  if (actor.role !== 'department_admin') {
    if (user.unit_id === null) {
      throw new ApiError('AUTH_FORBIDDEN_UNIT', { unitId: 'department' });
    }

    assertUnitAccess(actor, user.unit_id);
  }

  return user;
}

/** User accounts; unit administrators manage the accounts of their own unit. */
export const userRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { unitId?: string } }>(
    '/',
    {
      schema: {
        summary: 'List users (of one unit, or all for department administrators)',
        tags: ['users'],
        querystring: { type: 'object', properties: { unitId: idSchema } },
        response: { 200: { type: 'array', items: userSchema } },
      },
    },
    async (request) => {
      const actor = requireRole(request, ADMIN_ROLES);
      const unitId = request.query.unitId ?? (actor.role === 'department_admin' ? undefined : (actor.unitId ?? ''));
      let query = app.db.selectFrom('users').selectAll().orderBy('username');

      if (unitId !== undefined) {
        assertUnitAccess(actor, unitId);
        query = query.where('unit_id', '=', unitId);
      }

      return (await query.execute()).map(userView);
    },
  );

  app.post<{ Body: { username: string; displayName: string; role: Role; unitId?: string | null; password?: string } }>(
    '/',
    {
      schema: {
        summary: 'Create a user; without a password a one-time password is generated and returned once',
        tags: ['users'],
        body: {
          type: 'object',
          required: ['username', 'displayName', 'role'],
          properties: {
            username: { type: 'string', pattern: USERNAME_PATTERN },
            displayName: nameSchema,
            role: { type: 'string', enum: [...ALL_ROLES] },
            unitId: { anyOf: [idSchema, { type: 'null' }] },
            password: { type: 'string', minLength: 1, maxLength: 200 },
          },
        },
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const actor = requireRole(request, ADMIN_ROLES);
      const unitId = request.body.unitId ?? (actor.role === 'department_admin' ? null : actor.unitId);

      assertMayGrant(actor, request.body.role, unitId);

      if (unitId !== null) {
        await requireUnit(app.db, unitId);
      }

      const oneTimePassword = request.body.password === undefined ? generatePassword() : undefined;
      const user = await createUser(
        app.db,
        { ...request.body, unitId, password: request.body.password ?? (oneTimePassword as string), mustChangePassword: oneTimePassword !== undefined },
        actor.id,
      );

      return reply.status(201).send({ ...userView(user), ...(oneTimePassword === undefined ? {} : { oneTimePassword }) });
    },
  );

  app.patch<{ Params: { userId: string }; Body: { role?: Role; displayName?: string; disabled?: boolean; unlock?: boolean; resetPassword?: boolean } }>(
    '/:userId',
    {
      schema: {
        summary: 'Change a user: role, name, disabled; unlock after lock-out; reset the password to a one-time password',
        tags: ['users'],
        params: idParams('userId'),
        body: {
          type: 'object',
          minProperties: 1,
          properties: {
            role: { type: 'string', enum: [...ALL_ROLES] },
            displayName: nameSchema,
            disabled: { type: 'boolean' },
            unlock: { type: 'boolean' },
            resetPassword: { type: 'boolean' },
          },
        },
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const actor = requireRole(request, ADMIN_ROLES);
      const user = await requireManagedUser(app, actor, request.params.userId);
      const { role, displayName, disabled, unlock, resetPassword } = request.body;

      if (role !== undefined) {
        assertMayGrant(actor, role, user.unit_id);

        if (role !== 'department_admin' && user.unit_id === null) {
          throw new ApiError('USER_UNIT_REQUIRED', { role });
        }
      }

      const oneTimePassword = resetPassword === true ? generatePassword() : undefined;
      const changes: Partial<UserTable> = { updated_at: nowIso() };

      if (role !== undefined) changes.role = role;
      if (displayName !== undefined) changes.display_name = displayName;
      if (disabled !== undefined) changes.disabled = toDbBool(disabled);
      if (unlock === true) Object.assign(changes, { locked_until: null, failed_logins: 0 });
      if (oneTimePassword !== undefined) Object.assign(changes, { password_hash: await hashPassword(oneTimePassword), must_change_password: 1 });

      await app.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set(changes).where('id', '=', user.id).execute();

        if (disabled === true || oneTimePassword !== undefined || (role !== undefined && role !== user.role)) {
          await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
        }

        if (role !== undefined && role !== user.role) {
          await appendAudit(trx, { action: 'users.role_change', actorUserId: actor.id, unitId: user.unit_id, subjectType: 'user', subjectId: user.id, details: { from: user.role, to: role } });
        }

        await appendAudit(trx, {
          action: 'users.update',
          actorUserId: actor.id,
          unitId: user.unit_id,
          subjectType: 'user',
          subjectId: user.id,
          details: { fields: Object.keys(request.body) },
        });
      });

      const updated = await app.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      return { ...userView(updated), ...(oneTimePassword === undefined ? {} : { oneTimePassword }) };
    },
  );
};
