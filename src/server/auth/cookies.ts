import type { FastifyReply } from 'fastify';

/** Cookie holding the session token (httpOnly, so scripts never see it). */
export const SESSION_COOKIE = 'examgate_session';
/** Cookie holding the CSRF token, readable by the web app, which echoes it in CSRF_HEADER. */
export const CSRF_COOKIE = 'examgate_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string, expiresAt: string, secure: boolean): void {
  const expires = new Date(expiresAt);

  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires });
  reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'strict', secure, path: '/', expires });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
  reply.clearCookie(CSRF_COOKIE, { httpOnly: false, sameSite: 'strict', secure, path: '/' });
}
