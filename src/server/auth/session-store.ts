// Sessions live in the database, so any server instance can serve any request. The cookie
// contains a random token and the database stores only its SHA-256, so a copy of the database
// cannot be used to log in.
import { createHash, randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import { nowIso } from '../db/columns.js';
import { PREPARED } from '../db/postgres-prepared.js';
import { runInGroupCommit } from '../db/group-commit.js';
import type { Database, Role } from '../db/schema.js';

/** The logged-in user, as routes see it. */
export interface SessionUser {
  sessionId: string;
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  candidateId: string | null;
  mustChangePassword: boolean;
  csrfToken: string;
}

/** How often a session's last-seen time is written, so that reads do not write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface CreatedSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(db: Kysely<Database>, userId: string, ttlMinutes: number): Promise<CreatedSession> {
  const token = newToken();
  const csrfToken = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();

  await db
    .insertInto('sessions')
    .values({ id: hashToken(token), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() })
    .execute();

  return { token, csrfToken, expiresAt };
}

/** Returns the user of a valid, unexpired session token, or null. */
export async function findSessionUser(db: Kysely<Database>, token: string): Promise<SessionUser | null> {
  const sessionId = hashToken(token);
  const now = nowIso();
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .modifyFront(PREPARED)
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.unit_id',
      'users.candidate_id',
      'users.must_change_password',
      'users.disabled',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();

  if (row === undefined || row.expires_at <= now || row.disabled === 1) {
    return null;
  }

  // On SQLite the touch shares a commit with other writes of the same moment, because the
  // sessions seeded or logged in together all fall due together.
  if (Date.parse(now) - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await runInGroupCommit(db, (trx) => trx.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute());
  }

  return {
    sessionId,
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    candidateId: row.candidate_id,
    mustChangePassword: row.must_change_password === 1,
    csrfToken: row.csrf_token,
  };
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso()).execute();
}
