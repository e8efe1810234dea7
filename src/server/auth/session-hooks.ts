import { timingSafeEqual } from 'node:crypto';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import { ApiError } from '../errors.js';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies.js';
import { findSessionUser } from './session-store.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes that change state without a session, so they cannot carry a CSRF token yet. */
const CSRF_EXEMPT_PATHS = new Set(['/api/auth/login']);

function tokensEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

function requestPath(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '';
}

/**
 * Loads the session user of every request from its cookie and checks the CSRF token of every
 * state-changing request that carries a session: the `x-csrf-token` header must equal the
 * token stored with the session (which the login also sets in the readable cookie
 * `examgate_csrf`). SameSite=Strict cookies already stop most cross-site requests; the token
 * also covers same-site subdomains and older browsers.
 */
export function installSessionHooks(app: FastifyInstance): void {
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];

    if (token === undefined || token === '') {
      return;
    }

    request.user = await findSessionUser(app.db, token);

    if (request.user === null || SAFE_METHODS.has(request.method) || CSRF_EXEMPT_PATHS.has(requestPath(request))) {
      return;
    }

    const header = request.headers[CSRF_HEADER];

    if (typeof header !== 'string' || !tokensEqual(request.user.csrfToken, header)) {
      throw new ApiError('AUTH_CSRF_INVALID');
    }
  });
}
