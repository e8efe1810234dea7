// Rooms, exam events, sessions, registrations, seats, the exam of a session and the proctor's
// actions on attempts (docs/api.md, docs/api-exam.md).
import { apiRequest } from './client.js';

export interface Room {
  id: string;
  code: string;
  name: string;
  seatCount: number;
  stationCount: number;
}

export type ExamEventKind = 'exam' | 'contest' | 'certification_test';

export interface ExamEvent {
  id: string;
  unitId: string;
  pilotRoundId: string | null;
  kind: ExamEventKind;
  code: string;
  title: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface ExamSession {
  id: string;
  examEventId: string;
  code: string;
  date: string;
  startTime: string;
  durationMinutes: number;
  windowMinutes: number;
}

export interface SeatAssignment {
  candidateNumber: string;
  candidateId: string;
  fullName: string;
  roomId: string | null;
  roomCode: string | null;
  seatId: string | null;
  seatLabel: string | null;
}

export interface SessionAttempt {
  attemptId: string;
  candidateId: string;
  seatId: string | null;
  status: string;
  startedAt: string | null;
  deadline: string | null;
  extraSeconds: number;
  answered: number;
  lastSavedAt: string | null;
  /** Refusal code of the registry's hold (status `locked` or `suspended`), or null. */
  holdReason: string | null;
  /** True once a proctor decided to keep the hold. */
  holdKept: boolean;
}

const id = encodeURIComponent;

export const EVENT_ROUTES = {
  rooms: (unitId: string) => `/api/units/${id(unitId)}/rooms`,
  events: (unitId: string) => `/api/units/${id(unitId)}/exam-events`,
  event: (eventId: string) => `/api/exam-events/${id(eventId)}`,
  sessions: (eventId: string) => `/api/exam-events/${id(eventId)}/sessions`,
  registrations: (eventId: string) => `/api/exam-events/${id(eventId)}/registrations`,
  seatsAuto: (sessionId: string) => `/api/exam-sessions/${id(sessionId)}/seats/auto`,
  seats: (sessionId: string) => `/api/exam-sessions/${id(sessionId)}/seats`,
  setup: (sessionId: string) => `/api/exam/sessions/${id(sessionId)}/setup`,
  attempts: (sessionId: string) => `/api/exam/sessions/${id(sessionId)}/attempts`,
  unlock: (sessionId: string) => `/api/exam/sessions/${id(sessionId)}/unlock`,
  extraTime: (attemptId: string) => `/api/exam/attempts/${id(attemptId)}/extra-time`,
  readmit: (attemptId: string) => `/api/exam/attempts/${id(attemptId)}/readmit`,
  keepLocked: (attemptId: string) => `/api/exam/attempts/${id(attemptId)}/keep-locked`,
} as const;

export const listRooms = (unitId: string) => apiRequest<Room[]>(EVENT_ROUTES.rooms(unitId));
export const createRoom = (unitId: string, room: { code: string; name: string; seatCount: number; stationNames?: string[] }) =>
  apiRequest<Room>(EVENT_ROUTES.rooms(unitId), { method: 'POST', body: room });

export const listEvents = (unitId: string) => apiRequest<ExamEvent[]>(EVENT_ROUTES.events(unitId));
export const createEvent = (unitId: string, event: { code: string; title: string; kind: ExamEventKind; pilotRoundId?: string }) =>
  apiRequest<ExamEvent>(EVENT_ROUTES.events(unitId), { method: 'POST', body: event });
export const fetchEvent = (eventId: string) => apiRequest<ExamEvent & { sessions: ExamSession[] }>(EVENT_ROUTES.event(eventId));
export const createSession = (eventId: string, session: { code: string; date: string; startTime: string; durationMinutes: number }) =>
  apiRequest<ExamSession>(EVENT_ROUTES.sessions(eventId), { method: 'POST', body: session });
export const registerAll = (eventId: string) => apiRequest<{ registered: number }>(EVENT_ROUTES.registrations(eventId), { method: 'POST', body: { all: true } });
export const seatAutomatically = (sessionId: string) => apiRequest<{ seated: number }>(EVENT_ROUTES.seatsAuto(sessionId), { method: 'POST', body: {} });
export const listSeats = (sessionId: string) => apiRequest<SeatAssignment[]>(EVENT_ROUTES.seats(sessionId));
export const setUpSessionExam = (sessionId: string, setup: { bankId: string; resultsAllowed: boolean }) =>
  apiRequest<{ questionCount: number; opensAt: string; closesAt: string }>(EVENT_ROUTES.setup(sessionId), { method: 'PUT', body: setup });

export const listAttempts = (sessionId: string) => apiRequest<SessionAttempt[]>(EVENT_ROUTES.attempts(sessionId));
export const unlockCandidate = (sessionId: string, candidateId: string, kind: string, reason: string) =>
  apiRequest<unknown>(EVENT_ROUTES.unlock(sessionId), { method: 'POST', body: { candidateId, kind, reason } });
/** Moves a candidate whose attempt exists to another seat: the exam engine unlocks it there and ends the old device's session. */
export const moveCandidate = (sessionId: string, candidateId: string, seatId: string, reason: string) =>
  apiRequest<{ attemptId: string; status: string; moved: boolean }>(EVENT_ROUTES.unlock(sessionId), { method: 'POST', body: { candidateId, seatId, reason } });
export const grantExtraTime = (attemptId: string, extraMinutes: number, reason: string) =>
  apiRequest<{ deadline: string }>(EVENT_ROUTES.extraTime(attemptId), { method: 'POST', body: { extraMinutes, reason } });
/** Re-admits a candidate whose attempt the registry put on hold, by override with a reason code and a written reason. */
export const readmitAttempt = (attemptId: string, kind: string, reason: string) =>
  apiRequest<{ attemptId: string; status: string }>(EVENT_ROUTES.readmit(attemptId), { method: 'POST', body: { kind, reason } });
export const keepAttemptLocked = (attemptId: string, reason: string) =>
  apiRequest<{ attemptId: string; status: string }>(EVENT_ROUTES.keepLocked(attemptId), { method: 'POST', body: { reason } });
