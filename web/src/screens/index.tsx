// Every staff screen: its path, its title in the message catalogue, the roles that see it.
// Candidates see only the exam screen.
import type { ReactNode } from 'react';

import type { Role, SessionInfo } from '../api/auth.js';
import type { MessageKey } from '../i18n/index.js';
import { CandidatesScreen } from './admin/candidates-screen.js';
import { ClassesScreen } from './admin/classes-screen.js';
import { EventsScreen } from './admin/events-screen.js';
import { RoomsScreen } from './admin/rooms-screen.js';
import { UsersScreen } from './admin/users-screen.js';
import { UnitsScreen } from './admin/units-screen.js';
import { EvaluationDashboard } from './department/evaluation-dashboard.js';
import { PilotRoundsScreen } from './department/pilot-rounds-screen.js';
import { PriceListScreen } from './department/price-list-screen.js';
import { TrustAnchorsScreen } from './department/trust-anchors-screen.js';
import { AfterSessionScreen } from './proctor/after-session-screen.js';
import { CheckInPanel } from './proctor/check-in-panel.js';
import { IncidentsScreen } from './proctor/incidents-screen.js';
import { RoomMonitor } from './proctor/room-monitor.js';
import { EssayGradingScreen } from './teacher/essay-grading.js';
import { QuestionBanksScreen } from './teacher/question-editor.js';

export interface ScreenEntry {
  path: string;
  title: MessageKey;
  roles: Role[];
  render: (session: SessionInfo) => ReactNode;
}

/** The screen each role opens first. */
export const HOME_BY_ROLE: Record<Exclude<Role, 'candidate'>, string> = {
  unit_admin: '/unit/candidates',
  teacher: '/questions',
  proctor: '/proctor/check-in',
  department_admin: '/department/units',
};

export const SCREENS: ScreenEntry[] = [
  { path: '/unit/candidates', title: 'nav.candidates', roles: ['unit_admin', 'teacher', 'proctor'], render: (s) => <CandidatesScreen session={s} /> },
  { path: '/unit/classes', title: 'nav.classes', roles: ['unit_admin'], render: (s) => <ClassesScreen session={s} /> },
  { path: '/unit/rooms', title: 'nav.rooms', roles: ['unit_admin'], render: (s) => <RoomsScreen session={s} /> },
  { path: '/unit/events', title: 'nav.events', roles: ['unit_admin'], render: (s) => <EventsScreen session={s} /> },
  { path: '/unit/users', title: 'nav.users', roles: ['unit_admin'], render: (s) => <UsersScreen session={s} /> },
  { path: '/questions', title: 'nav.questions', roles: ['unit_admin', 'teacher'], render: (s) => <QuestionBanksScreen session={s} /> },
  { path: '/teacher/grading', title: 'nav.grading', roles: ['teacher', 'unit_admin'], render: (s) => <EssayGradingScreen session={s} /> },
  { path: '/proctor/check-in', title: 'nav.checkIn', roles: ['proctor', 'unit_admin'], render: (s) => <CheckInPanel session={s} /> },
  { path: '/proctor/room', title: 'nav.room', roles: ['proctor', 'unit_admin'], render: (s) => <RoomMonitor session={s} /> },
  { path: '/proctor/incidents', title: 'nav.incidents', roles: ['proctor', 'unit_admin'], render: (s) => <IncidentsScreen session={s} /> },
  { path: '/proctor/after-session', title: 'nav.afterSession', roles: ['proctor'], render: (s) => <AfterSessionScreen session={s} /> },
  { path: '/department/units', title: 'nav.units', roles: ['department_admin'], render: () => <UnitsScreen /> },
  { path: '/department/pilot-rounds', title: 'nav.pilotRounds', roles: ['department_admin'], render: () => <PilotRoundsScreen /> },
  { path: '/department/evaluation', title: 'nav.dashboards', roles: ['department_admin'], render: () => <EvaluationDashboard /> },
  { path: '/department/trust', title: 'nav.trust', roles: ['department_admin'], render: () => <TrustAnchorsScreen /> },
  { path: '/department/registry', title: 'nav.registry', roles: ['department_admin'], render: () => <PriceListScreen /> },
];
