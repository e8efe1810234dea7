// The candidate's live socket: the browser learns a new deadline (extra time granted by the
// proctor) or a status set by staff the moment it is committed, instead of at its next save or
// clock reading. The socket only sends; each message has the same fields as GET .../clock.
import type { FastifyPluginAsync } from 'fastify';

import { requireRole } from '../auth/access.js';
import { databaseNow } from '../db/clock.js';
import { ApiError } from '../errors.js';
import { idParams } from '../routes/schemas.js';
import { attemptLiveOf, type AttemptChange } from './attempt-live.js';
import { requireOwnAttempt } from './attempts.js';

/** A ping this often keeps proxies (nginx's proxy_read_timeout) from closing a quiet socket. */
export const LIVE_PING_MS = 25_000;

/** Close codes: the browser does not reconnect after 4401/4404. */
const CLOSE_FORBIDDEN = 4401;
const CLOSE_NOT_FOUND = 4404;
const CLOSE_UNAVAILABLE = 1011;

export interface AttemptClockMessage {
  type: 'clock';
  /** `connected` for the first message, else what changed. */
  cause: 'connected' | AttemptChange['cause'];
  serverTime: string;
  deadline: string | null;
  status: string;
}

export const attemptLiveRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { attemptId: string } }>('/attempts/:attemptId/live', {
    websocket: true,
    schema: { summary: 'WebSocket of the candidate\'s own attempt: a clock message at once and after every deadline or status change', tags: ['exam'], params: idParams('attemptId') },
  }, async (socket, request) => {
    const attemptId = request.params.attemptId;
    let candidateId: string;

    try {
      const user = requireRole(request, ['candidate']);

      if (user.candidateId === null) {
        throw new ApiError('EXAM_ATTEMPT_NOT_FOUND', { attempt: attemptId });
      }

      candidateId = user.candidateId;
      await requireOwnAttempt(app.db, attemptId, candidateId);
    } catch (error) {
      const notFound = error instanceof ApiError && error.code === 'EXAM_ATTEMPT_NOT_FOUND';
      socket.close(notFound ? CLOSE_NOT_FOUND : CLOSE_FORBIDDEN, error instanceof ApiError ? error.code : 'forbidden');
      return;
    }

    // Reads the attempt afresh, so that the browser gets committed values, never the message's.
    const sendClock = async (cause: AttemptClockMessage['cause']): Promise<void> => {
      const attempt = await requireOwnAttempt(app.db, attemptId, candidateId);
      const serverTime = await databaseNow(app.db);
      const message: AttemptClockMessage = { type: 'clock', cause, serverTime: serverTime.toISOString(), deadline: attempt.deadline_at, status: attempt.status };

      if (socket.readyState === socket.OPEN) {
        socket.send(JSON.stringify(message));
      }
    };

    const failed = (error: unknown): void => {
      request.log.warn({ err: error, attemptId }, 'live attempt socket could not send the clock');
      socket.close(CLOSE_UNAVAILABLE, 'clock unavailable');
    };

    let unwatch: () => void = () => undefined;

    try {
      const live = await attemptLiveOf(app.database);
      unwatch = live.watch(attemptId, (change) => void sendClock(change.cause).catch(failed));
    } catch (error) {
      failed(error);
      return;
    }

    const pinger = setInterval(() => socket.ping(), LIVE_PING_MS);
    pinger.unref();
    socket.on('close', () => {
      clearInterval(pinger);
      unwatch();
    });

    await sendClock('connected').catch(failed);
  });
};
