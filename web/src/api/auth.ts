// Sign-in, the current session and sign-out.
import { apiRequest, setCsrfToken } from './client.js';

export type Role = 'department_admin' | 'unit_admin' | 'teacher' | 'proctor' | 'candidate';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  mustChangePassword?: boolean;
}

export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
}

export const AUTH_ROUTES = {
  login: '/api/auth/login',
  session: '/api/auth/me',
  logout: '/api/auth/logout',
  password: '/api/auth/password',
} as const;

/** Returns the signed-in session, or null when nobody is signed in. */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await apiRequest<SessionInfo>(AUTH_ROUTES.session);
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof Error && 'status' in error && (error as { status: number }).status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function signIn(username: string, password: string): Promise<SessionInfo> {
  const session = await apiRequest<SessionInfo>(AUTH_ROUTES.login, { method: 'POST', body: { username, password } });
  setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut(): Promise<void> {
  await apiRequest<void>(AUTH_ROUTES.logout, { method: 'POST' });
  setCsrfToken(null);
}

/** Replaces the user's password; the server ends the user's other sessions. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await apiRequest<unknown>(AUTH_ROUTES.password, { method: 'POST', body: { currentPassword, newPassword } });
}
