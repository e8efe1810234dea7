import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { newId, nowIso, toDbBool } from '../db/columns.js';
import type { Database, Role, UserTable } from '../db/schema.js';
import { ApiError } from '../errors.js';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  password: string;
  /** Force a password change at the first login (one-time passwords). */
  mustChangePassword?: boolean;
  candidateId?: string | null;
}

export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,63}$';

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Creates a user; every role but department_admin needs a unit. */
export async function createUser(db: Kysely<Database>, input: NewUser, actorUserId: string | null): Promise<UserTable> {
  const username = normaliseUsername(input.username);

  if (input.role !== 'department_admin' && input.unitId === null) {
    throw new ApiError('USER_UNIT_REQUIRED', { role: input.role });
  }

  const taken = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();

  if (taken !== undefined) {
    throw new ApiError('USER_USERNAME_TAKEN', { username });
  }

  const now = nowIso();
  const user: UserTable = {
    id: newId(),
    username,
    display_name: input.displayName.trim(),
    role: input.role,
    unit_id: input.role === 'department_admin' ? null : input.unitId,
    candidate_id: input.candidateId ?? null,
    password_hash: await hashPassword(input.password),
    must_change_password: toDbBool(input.mustChangePassword ?? false),
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    created_at: now,
    updated_at: now,
  };

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('users').values(user).execute();
    await appendAudit(trx, { action: 'users.create', actorUserId, unitId: user.unit_id, subjectType: 'user', subjectId: user.id, details: { role: user.role } });
  });

  return user;
}

export interface BootstrapResult {
  username: string;
  /** The one-time password, to print once; the database keeps only its hash. */
  password: string;
}

/**
 * Creates the first department administrator with a one-time password when the database has
 * no users; returns null when users exist already.
 */
export async function bootstrapFirstAdmin(db: Kysely<Database>, username = 'admin'): Promise<BootstrapResult | null> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();

  if (anyUser !== undefined) {
    return null;
  }

  const password = generatePassword();
  await createUser(db, { username, displayName: 'Quản trị Sở', role: 'department_admin', unitId: null, password, mustChangePassword: true }, null);
  return { username, password };
}
