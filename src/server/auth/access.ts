// Role and unit checks that every route calls before it reads or changes data. A department
// administrator sees every unit; every other role sees only its own unit.
import type { FastifyRequest } from 'fastify';

import type { Role } from '../db/schema.js';
import { ApiError } from '../errors.js';
import type { SessionUser } from './session-store.js';

export const ALL_ROLES: readonly Role[] = ['department_admin', 'unit_admin', 'teacher', 'proctor', 'candidate'];
export const STAFF_ROLES: readonly Role[] = ['department_admin', 'unit_admin', 'teacher', 'proctor'];
export const ADMIN_ROLES: readonly Role[] = ['department_admin', 'unit_admin'];

/** Returns the logged-in user or throws AUTH_REQUIRED. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (request.user === null) {
    throw new ApiError('AUTH_REQUIRED');
  }

  return request.user;
}

/** Returns the logged-in user when their role is one of `roles`, else throws. */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): SessionUser {
  const user = requireUser(request);

  if (user.mustChangePassword) {
    throw new ApiError('AUTH_PASSWORD_CHANGE_REQUIRED');
  }

  if (!roles.includes(user.role)) {
    throw new ApiError('AUTH_FORBIDDEN_ROLE', { role: user.role, allowed: roles.join(', ') });
  }

  return user;
}

export function canAccessUnit(user: SessionUser, unitId: string): boolean {
  return user.role === 'department_admin' || user.unitId === unitId;
}

/** Throws AUTH_FORBIDDEN_UNIT unless the user may act on `unitId`. */
export function assertUnitAccess(user: SessionUser, unitId: string): void {
  if (!canAccessUnit(user, unitId)) {
    throw new ApiError('AUTH_FORBIDDEN_UNIT', { unitId });
  }
}

/** Returns the role and unit check in one call: the user, when both pass. */
export function requireUnitRole(request: FastifyRequest, unitId: string, roles: readonly Role[]): SessionUser {
  const user = requireRole(request, roles);
  assertUnitAccess(user, unitId);
  return user;
}
