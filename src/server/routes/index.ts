// The route modules of every area, one Fastify plugin each, registered in this order under
// their prefix. An area adds its module with one import and one entry at the end of the list.
import type { FastifyPluginAsync } from 'fastify';

import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { candidateRoutes } from './candidates.js';
import { examEventRoutes } from './exam-events.js';
import { healthRoutes } from './health.js';
import { pilotRoundRoutes } from './pilot-rounds.js';
import { roomRoutes } from './rooms.js';
import { unitRoutes } from './units.js';
import { userRoutes } from './users.js';
import { examRoutes } from '../exam/exam-routes.js';
import { essayGradingRoutes } from '../exam/essay-grading-routes.js';
import { attemptLiveRoutes } from '../exam/attempt-live-routes.js';
import { checkInRoutes } from '../checkin/checkin-plugin.js';
import { candidateSeatRoutes } from '../checkin/candidate-seat-routes.js';
import { incidentRoutes } from '../checkin/incident-routes.js';
import { reportRoutes } from '../reports/report-routes.js';

export interface RouteModule {
  /** Area name, for logs and docs. */
  name: string;
  /** URL prefix of every route of the module; API routes start with /api/. */
  prefix: string;
  plugin: FastifyPluginAsync;
}

export const ROUTE_MODULES: RouteModule[] = [
  { name: 'health', prefix: '', plugin: healthRoutes },
  { name: 'auth', prefix: '/api/auth', plugin: authRoutes },
  { name: 'units', prefix: '/api/units', plugin: unitRoutes },
  { name: 'users', prefix: '/api/users', plugin: userRoutes },
  { name: 'pilot-rounds', prefix: '/api/pilot-rounds', plugin: pilotRoundRoutes },
  { name: 'candidates', prefix: '/api', plugin: candidateRoutes },
  { name: 'rooms', prefix: '/api', plugin: roomRoutes },
  { name: 'exam-events', prefix: '/api', plugin: examEventRoutes },
  { name: 'audit', prefix: '/api/audit', plugin: auditRoutes },
  { name: 'exam', prefix: '/api/exam', plugin: examRoutes },
  { name: 'checkin', prefix: '/api/checkin', plugin: checkInRoutes },
  { name: 'reports', prefix: '/api/reports', plugin: reportRoutes },
  { name: 'checkin-seat', prefix: '/api/checkin', plugin: candidateSeatRoutes },
  { name: 'checkin-incidents', prefix: '/api/checkin', plugin: incidentRoutes },
  { name: 'exam-essays', prefix: '/api/exam', plugin: essayGradingRoutes },
  { name: 'exam-live', prefix: '/api/exam', plugin: attemptLiveRoutes },
];
