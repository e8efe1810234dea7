// The candidate's live socket (GET /api/exam/attempts/:id/live): the server sends a clock
// message at once and whenever staff change the deadline or the status. The socket reconnects
// by itself; the periodic clock reading stays as the fallback while it is down.
import { EXAM_ROUTES, type AttemptStatus } from '../api/exam.js';

export interface LiveClockMessage {
  type: 'clock';
  cause: 'connected' | 'extra_time' | 'status';
  serverTime: string;
  deadline: string | null;
  status: AttemptStatus;
}

/** The server closed the socket for good: not this candidate's attempt, or no login. */
const FINAL_CLOSE_CODES = new Set([4401, 4404]);
const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 30_000;

/** Opens the socket and calls `onClock` with each message; returns the function that closes it. */
export function watchAttempt(attemptId: string, onClock: (message: LiveClockMessage) => void): () => void {
  let socket: WebSocket | null = null;
  let retryTimer: number | undefined;
  let delayMs = RECONNECT_MIN_MS;
  let stopped = false;

  const connect = (): void => {
    const url = new URL(EXAM_ROUTES.live(attemptId), window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);

    socket.onopen = () => {
      delayMs = RECONNECT_MIN_MS;
    };

    socket.onmessage = (event) => {
      try {
        const message = JSON.parse(String(event.data)) as LiveClockMessage;
        if (message.type === 'clock') onClock(message);
      } catch {
        // A message that is not JSON is ignored; the next clock reading corrects the state.
      }
    };

    socket.onclose = (event) => {
      socket = null;
      if (stopped || FINAL_CLOSE_CODES.has(event.code)) return;
      retryTimer = window.setTimeout(connect, delayMs);
      delayMs = Math.min(delayMs * 2, RECONNECT_MAX_MS);
    };
  };

  connect();

  return () => {
    stopped = true;
    window.clearTimeout(retryTimer);
    socket?.close();
  };
}
