// The proctor's check-in routes (prefix /api/checkin): the room panel, starting a check-in for
// the candidate at the station, its result, the face confirmation and overrides.
import { apiRequest, type LocalisedMessage } from './client.js';

export interface CheckIn {
  id: string;
  candidateId: string | null;
  candidateNumber: string | null;
  seatLabel: string | null;
  selectionMethod: string;
  status: 'waiting_card' | 'verifying' | 'verified' | 'decided' | 'cancelled';
  outcome: 'admitted' | 'override' | 'refused' | null;
  reason: string | null;
  registryState: string;
  overrideReason: string | null;
  faceConfirmed: boolean;
  checks: { id: string; status: string; threat?: string }[];
  durationMs: number | null;
  startedAt: string;
  decidedAt: string | null;
}

/** The refusal reason with its next step, or the override kind that admitted the candidate. */
export type Decision =
  | ({ override: false; nextStep: LocalisedMessage } & LocalisedMessage)
  | { override: true; kind: string; label: LocalisedMessage | null }
  | null;

export interface CheckInDetail extends CheckIn {
  decision: Decision;
  registration: { candidateNumber: string; fullName: string; birthDate: string; seatLabel: string | null } | null;
  photoUrl: string | null;
}

export interface RoomPanel {
  stations: { stationId: string; name: string; connectedAt: string }[];
  candidates: {
    candidateId: string;
    candidateNumber: string;
    fullName: string;
    birthDate: string;
    seatId: string | null;
    seatLabel: string | null;
    hasChippedCard: boolean;
    latestCheckIn: CheckIn | null;
  }[];
}

export interface DecisionCatalogue {
  refusals: Record<string, LocalisedMessage & { nextStep: LocalisedMessage }>;
  overrides: Record<string, LocalisedMessage>;
}

export type CandidateSelection = { candidateId: string } | { candidateNumber: string } | { qr: string };

const id = encodeURIComponent;

export const CHECKIN_ROUTES = {
  decisions: '/api/checkin/decisions',
  room: (sessionId: string, roomId: string) => `/api/checkin/sessions/${id(sessionId)}/rooms/${id(roomId)}`,
  start: (sessionId: string, roomId: string) => `/api/checkin/sessions/${id(sessionId)}/rooms/${id(roomId)}/check-ins`,
  overrides: (sessionId: string, roomId: string) => `/api/checkin/sessions/${id(sessionId)}/rooms/${id(roomId)}/overrides`,
  checkIn: (checkInId: string) => `/api/checkin/check-ins/${id(checkInId)}`,
  confirmFace: (checkInId: string) => `/api/checkin/check-ins/${id(checkInId)}/confirm-face`,
  cancel: (checkInId: string) => `/api/checkin/check-ins/${id(checkInId)}/cancel`,
} as const;

export const fetchDecisions = () => apiRequest<DecisionCatalogue>(CHECKIN_ROUTES.decisions);
export const fetchRoomPanel = (sessionId: string, roomId: string) => apiRequest<RoomPanel>(CHECKIN_ROUTES.room(sessionId, roomId));
export const startCheckIn = (sessionId: string, roomId: string, selection: CandidateSelection, stationId?: string) =>
  apiRequest<CheckIn>(CHECKIN_ROUTES.start(sessionId, roomId), { method: 'POST', body: { ...selection, ...(stationId === undefined ? {} : { stationId }) } });
export const fetchCheckIn = (checkInId: string) => apiRequest<CheckInDetail>(CHECKIN_ROUTES.checkIn(checkInId));
export const confirmFace = (checkInId: string, accepted: boolean) => apiRequest<CheckInDetail>(CHECKIN_ROUTES.confirmFace(checkInId), { method: 'POST', body: { accepted } });
export const cancelCheckIn = (checkInId: string) => apiRequest<CheckIn>(CHECKIN_ROUTES.cancel(checkInId), { method: 'POST', body: {} });
export const overrideCheckIn = (sessionId: string, roomId: string, candidateId: string, kind: string, reason: string) =>
  apiRequest<CheckInDetail>(CHECKIN_ROUTES.overrides(sessionId, roomId), { method: 'POST', body: { candidateId, kind, reason } });
