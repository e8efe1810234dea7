// Password login with two limits kept in the database: an account locks after
// `maxFailuresPerUser` consecutive failures, and a client address is blocked after
// `maxFailuresPerAddress` failures within a window, which slows guessing across many accounts.
import type { Kysely } from 'kysely';

import { appendAudit } from '../audit/audit-log.js';
import type { LoginLimits } from '../config.js';
import { nowIso } from '../db/columns.js';
import type { Database } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { verifyPassword } from './passwords.js';

// A fixed argon2id hash, checked when the username is unknown, so that the response time does
// not tell whether an account exists.
const UNKNOWN_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$4Ku7/2rIHb0AtcybFqYQ9g$sHCwi5Piztu5L9g5ReVPHBSB3oc9ha21EX+I4giuVgA';

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

async function assertAddressAllowed(db: Kysely<Database>, address: string, now: string): Promise<void> {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', `address:${address}`).executeTakeFirst();

  if (row?.blocked_until !== null && row?.blocked_until !== undefined && row.blocked_until > now) {
    throw new ApiError('AUTH_RATE_LIMITED', { until: row.blocked_until });
  }
}

async function recordAddressFailure(db: Kysely<Database>, address: string, now: string, limits: LoginLimits): Promise<void> {
  const key = `address:${address}`;
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  const windowExpired = row === undefined || addMinutes(row.window_started_at, limits.windowMinutes) <= now;
  const failures = windowExpired ? 1 : row.failures + 1;
  const windowStartedAt = windowExpired ? now : row.window_started_at;
  const blockedUntil = failures >= limits.maxFailuresPerAddress ? addMinutes(now, limits.windowMinutes) : null;

  await db
    .insertInto('login_throttle')
    .values({ key, failures, window_started_at: windowStartedAt, blocked_until: blockedUntil })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ failures, window_started_at: windowStartedAt, blocked_until: blockedUntil }))
    .execute();
}

/** Checks a username and password and returns the user's id, or throws the reason it failed. */
export async function checkLogin(
  db: Kysely<Database>,
  input: { username: string; password: string; address: string },
  limits: LoginLimits,
): Promise<string> {
  const now = nowIso();

  await assertAddressAllowed(db, input.address, now);

  const user = await db.selectFrom('users').selectAll().where('username', '=', input.username.trim().toLowerCase()).executeTakeFirst();

  if (user === undefined) {
    await verifyPassword(UNKNOWN_USER_HASH, input.password);
    await recordAddressFailure(db, input.address, now, limits);
    await appendAudit(db, { action: 'auth.login_failed', details: { reason: 'unknown_user' } });
    throw new ApiError('AUTH_INVALID_CREDENTIALS');
  }

  if (user.locked_until !== null && user.locked_until > now) {
    throw new ApiError('AUTH_ACCOUNT_LOCKED', { until: user.locked_until });
  }

  if (user.disabled === 1) {
    throw new ApiError('AUTH_ACCOUNT_DISABLED', { username: user.username });
  }

  if (!(await verifyPassword(user.password_hash, input.password))) {
    const failures = user.failed_logins + 1;
    const lockedUntil = failures >= limits.maxFailuresPerUser ? addMinutes(now, limits.lockMinutes) : null;

    await db.updateTable('users').set({ failed_logins: lockedUntil === null ? failures : 0, locked_until: lockedUntil }).where('id', '=', user.id).execute();
    await recordAddressFailure(db, input.address, now, limits);
    await appendAudit(db, {
      action: lockedUntil === null ? 'auth.login_failed' : 'auth.account_locked',
      actorUserId: user.id,
      unitId: user.unit_id,
      subjectType: 'user',
      subjectId: user.id,
      details: { reason: 'wrong_password', failures },
    });

    if (lockedUntil !== null) {
      throw new ApiError('AUTH_ACCOUNT_LOCKED', { until: lockedUntil });
    }

    throw new ApiError('AUTH_INVALID_CREDENTIALS');
  }

  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  await appendAudit(db, { action: 'auth.login', actorUserId: user.id, unitId: user.unit_id, subjectType: 'user', subjectId: user.id });

  return user.id;
}
