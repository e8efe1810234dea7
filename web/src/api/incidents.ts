// Incident reports (biên bản) of a session in a room (docs/api-checkin.md).
import { apiRequest } from './client.js';

export const INCIDENT_KINDS = ['network_loss', 'power_cut', 'device_fault', 'identity_dispute', 'misconduct'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export interface IncidentReport {
  id: string;
  kind: IncidentKind;
  occurredAt: string;
  description: string;
  sessionCode: string;
  roomName: string;
  createdByName: string | null;
  candidates: { candidateId: string; candidateNumber: string | null; fullName: string }[];
}

export interface NewIncident {
  kind: IncidentKind;
  /** ISO 8601 with time zone. */
  occurredAt: string;
  description: string;
  candidateIds: string[];
}

const segment = encodeURIComponent;

export const INCIDENT_ROUTES = {
  list: (sessionId: string, roomId: string) => `/api/checkin/sessions/${segment(sessionId)}/rooms/${segment(roomId)}/incidents`,
  pdf: (incidentId: string) => `/api/checkin/incidents/${segment(incidentId)}/pdf`,
} as const;

export const listIncidents = (sessionId: string, roomId: string) => apiRequest<IncidentReport[]>(INCIDENT_ROUTES.list(sessionId, roomId));
export const createIncident = (sessionId: string, roomId: string, incident: NewIncident) =>
  apiRequest<IncidentReport>(INCIDENT_ROUTES.list(sessionId, roomId), { method: 'POST', body: incident });
