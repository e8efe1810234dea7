// The signed-in candidate's admission (GET /api/checkin/me/seat), shown on the seat before the
// exam starts.
import { apiRequest } from './client.js';

export type CandidateSeat =
  | { admitted: false }
  | {
      admitted: true;
      sessionId: string;
      seatId: string | null;
      seatLabel: string | null;
      roomCode: string | null;
      roomName: string | null;
      candidateNumber: string | null;
      fullName: string | null;
      /** True when the proctor admitted the candidate without the chip. */
      override: boolean;
      /** `unlocked` (or null) until the exam screen opens the attempt and starts the clock. */
      attemptStatus: 'unlocked' | 'in_progress' | 'submitted' | 'expired' | 'locked' | 'suspended' | null;
      photo: { mimeType: string; base64: string } | null;
    };

export const SEAT_ROUTE = '/api/checkin/me/seat';

export const fetchCandidateSeat = () => apiRequest<CandidateSeat>(SEAT_ROUTE);
