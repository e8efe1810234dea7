// Units and classes.
import { apiRequest } from './client.js';

export type UnitKind = 'school' | 'continuing_education_centre' | 'centre';

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  createdAt: string;
}

export interface SchoolClass {
  id: string;
  unitId: string;
  code: string;
  name: string;
  schoolYear: string | null;
}

export const ORGANISATION_ROUTES = {
  units: '/api/units',
  classes: (unitId: string) => `/api/units/${encodeURIComponent(unitId)}/classes`,
} as const;

export const listUnits = () => apiRequest<Unit[]>(ORGANISATION_ROUTES.units);
export const createUnit = (unit: { code: string; name: string; kind: UnitKind }) => apiRequest<Unit>(ORGANISATION_ROUTES.units, { method: 'POST', body: unit });
export const listClasses = (unitId: string) => apiRequest<SchoolClass[]>(ORGANISATION_ROUTES.classes(unitId));
export const createClass = (unitId: string, value: { code: string; name: string; schoolYear?: string }) =>
  apiRequest<SchoolClass>(ORGANISATION_ROUTES.classes(unitId), { method: 'POST', body: value });

export interface PilotRound {
  id: string;
  number: number;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
}

export const PILOT_ROUND_ROUTE = '/api/pilot-rounds';
export const listPilotRounds = () => apiRequest<PilotRound[]>(PILOT_ROUND_ROUTE);
export const createPilotRound = (round: { number: number; name: string; startsOn?: string; endsOn?: string }) =>
  apiRequest<PilotRound>(PILOT_ROUND_ROUTE, { method: 'POST', body: round });

export type StaffRole = 'unit_admin' | 'teacher' | 'proctor';

export interface UserAccount {
  id: string;
  username: string;
  displayName: string;
  role: string;
  unitId: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  /** Present once, right after creation or a password reset. */
  oneTimePassword?: string;
}

export const USER_ROUTES = {
  list: (unitId: string) => `/api/users?unitId=${encodeURIComponent(unitId)}`,
  create: '/api/users',
} as const;

export const listUsers = (unitId: string) => apiRequest<UserAccount[]>(USER_ROUTES.list(unitId));
export const createUser = (user: { username: string; displayName: string; role: StaffRole; unitId: string }) =>
  apiRequest<UserAccount>(USER_ROUTES.create, { method: 'POST', body: user });
