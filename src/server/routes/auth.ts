import type { FastifyPluginAsync } from 'fastify';

import { appendAudit } from '../audit/audit-log.js';
import { requireUser } from '../auth/access.js';
import { clearSessionCookies, setSessionCookies } from '../auth/cookies.js';
import { checkLogin } from '../auth/login.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { createSession, deleteSession, type SessionUser } from '../auth/session-store.js';
import { nowIso } from '../db/columns.js';
import { ApiError } from '../errors.js';
import { NO_CONTROL_CHARACTERS } from './schemas.js';

export const sessionUserSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    unitId: { type: ['string', 'null'] },
    candidateId: { type: ['string', 'null'] },
    mustChangePassword: { type: 'boolean' },
  },
} as const;

const sessionResponseSchema = {
  type: 'object',
  properties: { user: sessionUserSchema, csrfToken: { type: 'string' } },
} as const;

function publicUser(user: SessionUser) {
  const { sessionId: _sessionId, csrfToken: _csrfToken, ...rest } = user;
  return rest;
}

export const authRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Body: { username: string; password: string } }>(
    '/login',
    {
      schema: {
        summary: 'Log in; sets the session cookie and the CSRF cookie',
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 100, pattern: NO_CONTROL_CHARACTERS }, password: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 200: sessionResponseSchema },
      },
    },
    async (request, reply) => {
      const userId = await checkLogin(app.db, { ...request.body, address: request.ip }, app.settings.login);
      const session = await createSession(app.db, userId, app.settings.sessionTtlMinutes);
      const user = await app.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();

      setSessionCookies(reply, session.token, session.csrfToken, session.expiresAt, app.settings.cookieSecure);

      return {
        csrfToken: session.csrfToken,
        user: {
          id: user.id,
          username: user.username,
          displayName: user.display_name,
          role: user.role,
          unitId: user.unit_id,
          candidateId: user.candidate_id,
          mustChangePassword: user.must_change_password === 1,
        },
      };
    },
  );

  app.post('/logout', { schema: { summary: 'Log out and end the session', tags: ['auth'] } }, async (request, reply) => {
    if (request.user !== null) {
      await deleteSession(app.db, request.user.sessionId);
      await appendAudit(app.db, { action: 'auth.logout', actorUserId: request.user.id, unitId: request.user.unitId, subjectType: 'user', subjectId: request.user.id });
    }

    clearSessionCookies(reply, app.settings.cookieSecure);
    return { status: 'logged_out' };
  });

  app.get('/me', { schema: { summary: 'The logged-in user and the CSRF token', tags: ['auth'], response: { 200: sessionResponseSchema } } }, async (request) => {
    const user = requireUser(request);
    return { user: publicUser(user), csrfToken: user.csrfToken };
  });

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/password',
    {
      schema: {
        summary: 'Change the own password (required after a one-time password)',
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 200 }, newPassword: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const row = await app.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();

      if (!(await verifyPassword(row.password_hash, request.body.currentPassword))) {
        throw new ApiError('AUTH_INVALID_CREDENTIALS');
      }

      const passwordHash = await hashPassword(request.body.newPassword);

      await app.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: 0, updated_at: nowIso() }).where('id', '=', user.id).execute();
        await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', user.sessionId).execute();
        await appendAudit(trx, { action: 'auth.password_changed', actorUserId: user.id, unitId: user.unitId, subjectType: 'user', subjectId: user.id });
      });

      return { status: 'password_changed' };
    },
  );
};
