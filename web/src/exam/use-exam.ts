// Loads the candidate's attempt and wires the answer queue and the server clock to the API
// and to the browser (localStorage, timers, online events).
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';

import { loadAttempt, readClock, saveAnswers, type AttemptInfo, type AttemptStatus, type ExamQuestion } from '../api/exam.js';
import { AnswerQueue } from './answer-queue.js';
import { watchAttempt } from './attempt-live.js';
import { ServerClock } from './server-clock.js';

const CLOCK_POLL_MS = 30_000;

export interface ExamState {
  /** Reads the server clock now, for example when the local countdown reaches zero. */
  pollClock: () => Promise<void>;
  attempt: AttemptInfo;
  questions: ExamQuestion[];
  queue: AnswerQueue;
  clock: ServerClock;
  deadlineMs: number;
  /** The deadline that staff set while the exam screen was open (extra time), for the notice. */
  changedDeadlineMs: number | null;
  status: AttemptStatus;
  online: boolean;
  setStatus: (status: AttemptStatus) => void;
}

const browserScheduler = {
  setTimeout: (callback: () => void, delayMs: number): unknown => window.setTimeout(callback, delayMs),
  clearTimeout: (handle: unknown): void => window.clearTimeout(handle as number),
};

/** Re-renders the calling component whenever the queue changes. */
export function useQueueVersion(queue: AnswerQueue | null): number {
  const [version, bump] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    if (queue === null) return undefined;
    return queue.subscribe(bump);
  }, [queue]);

  return version;
}

export function useExam(): { state: ExamState | null; error: unknown; reload: () => void } {
  const [loaded, setLoaded] = useState<{ attempt: AttemptInfo; questions: ExamQuestion[]; queue: AnswerQueue; clock: ServerClock } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [deadlineMs, setDeadlineMs] = useState(0);
  const [changedDeadlineMs, setChangedDeadlineMs] = useState<number | null>(null);
  const [status, setStatus] = useState<AttemptStatus>('in_progress');
  const [online, setOnline] = useState(() => navigator.onLine);
  const [attemptLoads, reload] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    let cancelled = false;
    let queue: AnswerQueue | null = null;
    const clock = new ServerClock();
    const sentAt = Date.now();

    loadAttempt()
      .then((data) => {
        if (cancelled) return;

        clock.addSample({ sentAtMs: sentAt, receivedAtMs: Date.now(), serverTimeMs: Date.parse(data.attempt.serverTime) });
        const attemptId = data.attempt.id;

        queue = new AnswerQueue({
          attemptId,
          storage: window.localStorage,
          scheduler: browserScheduler,
          newClientId: () => crypto.randomUUID(),
          send: async (changes) => {
            const started = Date.now();
            const response = await saveAnswers(attemptId, changes);
            clock.addSample({ sentAtMs: started, receivedAtMs: Date.now(), serverTimeMs: Date.parse(response.serverTime) });
            setDeadlineMs(Date.parse(response.deadline));
            setStatus(response.status);
            return response.acks;
          },
        });
        queue.seed(data.answers);

        setDeadlineMs(Date.parse(data.attempt.deadline));
        setStatus(data.attempt.status);
        setLoaded({ attempt: data.attempt, questions: data.questions, queue, clock });
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!cancelled) setError(caught);
      });

    return () => {
      cancelled = true;
      queue?.stop();
    };
  }, [attemptLoads]);

  useEffect(() => {
    const goOnline = () => {
      setOnline(true);
      loaded?.queue.retryNow();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, [loaded]);

  useEffect(() => {
    if (loaded === null) return undefined;

    return watchAttempt(loaded.attempt.id, (message) => {
      if (message.deadline !== null) setDeadlineMs(Date.parse(message.deadline));
      if (message.cause === 'extra_time' && message.deadline !== null) setChangedDeadlineMs(Date.parse(message.deadline));
      setStatus(message.status);

      // Re-admitted after a hold: the changes queued during the hold go out now, not at the next backoff.
      if (message.cause === 'status' && message.status === 'in_progress') loaded.queue.retryNow();
    });
  }, [loaded]);

  const pollClock = useCallback(async () => {
    if (loaded === null) return;

    const started = Date.now();
    try {
      const reading = await readClock(loaded.attempt.id);
      loaded.clock.addSample({ sentAtMs: started, receivedAtMs: Date.now(), serverTimeMs: Date.parse(reading.serverTime) });
      setDeadlineMs(Date.parse(reading.deadline));
      setStatus(reading.status);
    } catch {
      // The countdown goes on with the last offset; the save path reports the network state.
    }
  }, [loaded]);

  useEffect(() => {
    if (loaded === null) return undefined;
    const timer = window.setInterval(() => void pollClock(), CLOCK_POLL_MS);
    return () => window.clearInterval(timer);
  }, [loaded, pollClock]);

  const state = useMemo<ExamState | null>(
    () => (loaded === null ? null : { ...loaded, deadlineMs, changedDeadlineMs, status, online, setStatus, pollClock }),
    [loaded, deadlineMs, changedDeadlineMs, status, online, pollClock],
  );

  return { state, error, reload };
}
