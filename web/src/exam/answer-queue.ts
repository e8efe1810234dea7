// The exam screen's answer queue: every change of an answer gets the next client version and
// its own idempotency key, is written to local storage before it is sent, and is resent with
// backoff until the server acknowledges it. Only the newest change of each question is kept,
// and nothing older ever replaces something newer, locally or (by its version) on the server.
// The module is pure: storage, transport, timers and randomness are injected.

import type { AnswerAck, AnswerChange, AnswerValue, StoredAnswer } from './answer-types.js';

/** Key-value storage that survives a reload (localStorage in the browser). */
export interface QueueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Sends changes to the server; throws when nothing was acknowledged (network error, 5xx). */
export type SendChanges = (changes: AnswerChange[]) => Promise<AnswerAck[]>;

/** Timers, injected so tests control time. */
export interface Scheduler {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Where one question's newest change stands; `rejected` covers both refusals (closed, invalid). */
export type SaveStatus = 'saved' | 'pending' | 'sending' | 'rejected';

export interface AnswerQueueOptions {
  attemptId: string;
  storage: QueueStorage;
  send: SendChanges;
  scheduler: Scheduler;
  /** Returns a random identifier for this browser; called once when storage has none. */
  newClientId: () => string;
  /** Delay before sending, so that quick typing goes out as one request. */
  batchDelayMs?: number;
  /** First retry delay after a failed send; it doubles up to maxRetryDelayMs. */
  initialRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Returns a number in [0, 1) to spread retries of many seats over time. */
  random?: () => number;
  /** Maximum number of changes in one request (the API accepts up to 100). */
  maxBatchSize?: number;
}

interface PersistedQueue {
  clientId: string;
  versions: Record<string, number>;
  pending: Record<string, AnswerChange>;
  rejected: Record<string, AnswerChange>;
}

/** A question's answer as the screen shows it: the newest value, whether sent or not. */
export interface CurrentAnswer {
  value: AnswerValue | null;
  flagged: boolean;
  status: SaveStatus;
}

const STORAGE_PREFIX = 'examgate.answers.';

export class AnswerQueue {
  private readonly options: Required<AnswerQueueOptions>;
  private readonly storageKey: string;
  private state: PersistedQueue;
  private readonly current = new Map<string, { value: AnswerValue | null; flagged: boolean }>();
  private inFlight = new Map<string, AnswerChange>();
  private timer: unknown = null;
  private failures = 0;
  private lastError: unknown = null;
  private readonly listeners = new Set<() => void>();
  private stopped = false;
  private storageFailed = false;

  constructor(options: AnswerQueueOptions) {
    this.options = {
      batchDelayMs: 300,
      initialRetryDelayMs: 1000,
      maxRetryDelayMs: 30_000,
      random: Math.random,
      maxBatchSize: 100,
      ...options,
    };
    this.storageKey = STORAGE_PREFIX + options.attemptId;
    this.state = this.load();

    for (const change of Object.values(this.state.pending)) {
      this.current.set(change.questionId, { value: change.value, flagged: change.flagged });
    }
  }

  /**
   * Merges the answers the server returned when the attempt loaded. A local change whose
   * version is newer than the server's stays and is sent; one that the server already has (or
   * that a newer server answer replaced, say from another seat) is dropped.
   */
  seed(stored: StoredAnswer[]): void {
    for (const answer of stored) {
      const known = this.state.versions[answer.questionId] ?? 0;
      this.state.versions[answer.questionId] = Math.max(known, answer.version);

      const pending = this.state.pending[answer.questionId];
      if (pending !== undefined && pending.clientVersion > answer.version) {
        continue;
      }

      delete this.state.pending[answer.questionId];
      this.current.set(answer.questionId, { value: answer.value, flagged: answer.flagged });
    }

    this.persist();
    this.notify();
    this.scheduleFlush(0);
  }

  /** Records a change of one question: stores it locally first, then schedules sending. */
  change(questionId: string, value: AnswerValue | null, flagged: boolean): AnswerChange {
    if (this.stopped) {
      throw new Error(`answer queue for attempt ${this.options.attemptId} is closed; reload the exam`);
    }

    const version = (this.state.versions[questionId] ?? 0) + 1;
    const change: AnswerChange = {
      questionId,
      clientVersion: version,
      value,
      flagged,
      idempotencyKey: `${this.state.clientId}.${this.options.attemptId}.${questionId}.${version}`,
    };

    this.state.versions[questionId] = version;
    this.state.pending[questionId] = change;
    delete this.state.rejected[questionId];
    this.current.set(questionId, { value, flagged });
    this.persist();
    this.notify();

    if (this.failures === 0) {
      this.scheduleFlush(this.options.batchDelayMs);
    }

    return change;
  }

  /** Returns what the screen shows for one question. */
  answerOf(questionId: string): CurrentAnswer {
    const current = this.current.get(questionId) ?? { value: null, flagged: false };
    return { ...current, status: this.statusOf(questionId) };
  }

  statusOf(questionId: string): SaveStatus {
    if (this.state.rejected[questionId] !== undefined) {
      return 'rejected';
    }

    const pending = this.state.pending[questionId];
    if (pending === undefined) {
      return 'saved';
    }

    const sending = this.inFlight.get(questionId);
    return sending !== undefined && sending.clientVersion === pending.clientVersion ? 'sending' : 'pending';
  }

  /** Number of changes not yet acknowledged by the server. */
  get unsentCount(): number {
    return Object.keys(this.state.pending).length;
  }

  /** Changes the server refused for good (attempt closed or value invalid). */
  get rejectedCount(): number {
    return Object.keys(this.state.rejected).length;
  }

  /** Number of failed sends in a row; 0 after a success. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** True when the last local write failed, so a reload could lose unsent changes. */
  get localStorageFailed(): boolean {
    return this.storageFailed;
  }

  get lastSendError(): unknown {
    return this.lastError;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends now, for example when the browser comes back online. */
  retryNow(): void {
    this.scheduleFlush(0);
  }

  /** Stops timers; stored changes stay for the next page load. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /**
   * Sends every unsent change once and applies the acks. Resolves after the attempt; a failure
   * schedules a retry with backoff instead of rejecting.
   */
  async flush(): Promise<void> {
    this.clearTimer();

    if (this.inFlight.size > 0 || this.stopped) {
      return;
    }

    const batch = Object.values(this.state.pending).slice(0, this.options.maxBatchSize);
    if (batch.length === 0) {
      return;
    }

    this.inFlight = new Map(batch.map((change) => [change.questionId, change]));
    this.markAsSent(batch);
    this.notify();

    try {
      const acks = await this.options.send(batch);
      this.applyAcks(acks);
      this.failures = 0;
      this.lastError = null;
    } catch (error) {
      this.failures += 1;
      this.lastError = error;
    } finally {
      this.inFlight = new Map();
    }

    this.persist();
    this.notify();

    if (this.unsentCount > 0) {
      this.scheduleFlush(this.failures === 0 ? 0 : this.retryDelay());
    }
  }

  /**
   * Marks the stored copies of a batch as `resent` before the request leaves, so whatever
   * sends them next (a retry after a failure, or the next page load after a request that got
   * no reply) tells the server it is a resend. The batch itself keeps the flags it had.
   */
  private markAsSent(batch: AnswerChange[]): void {
    for (const change of batch) {
      if (this.state.pending[change.questionId]?.idempotencyKey === change.idempotencyKey) {
        this.state.pending[change.questionId] = { ...change, resent: true };
      }
    }

    this.persist();
  }

  private applyAcks(acks: AnswerAck[]): void {
    for (const ack of acks) {
      const known = this.state.versions[ack.questionId] ?? 0;
      this.state.versions[ack.questionId] = Math.max(known, ack.storedVersion);

      const pending = this.state.pending[ack.questionId];
      if (pending === undefined) {
        continue;
      }

      if (ack.result === 'closed' || ack.result === 'rejected') {
        if (ack.idempotencyKey === pending.idempotencyKey) {
          delete this.state.pending[ack.questionId];
          this.state.rejected[ack.questionId] = pending;
        }
        continue;
      }

      // A change made while this one was in flight has a higher version and stays queued.
      // NOTE: after a `stale` ack the screen keeps showing the local value, although the server
      // holds a newer one (written from another seat); the next load of the attempt shows it.
      if (ack.storedVersion >= pending.clientVersion) {
        delete this.state.pending[ack.questionId];
      }
    }
  }

  private retryDelay(): number {
    const exponential = this.options.initialRetryDelayMs * 2 ** Math.min(this.failures - 1, 16);
    const capped = Math.min(exponential, this.options.maxRetryDelayMs);
    return Math.round(capped * (0.5 + this.options.random() / 2));
  }

  private scheduleFlush(delayMs: number): void {
    if (this.stopped) {
      return;
    }

    this.clearTimer();
    this.timer = this.options.scheduler.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.options.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private load(): PersistedQueue {
    const empty = (): PersistedQueue => ({
      clientId: this.options.newClientId(),
      versions: {},
      pending: {},
      rejected: {},
    });

    const raw = this.options.storage.getItem(this.storageKey);
    if (raw === null) {
      return empty();
    }

    try {
      const parsed = JSON.parse(raw) as Partial<PersistedQueue>;
      return {
        clientId: typeof parsed.clientId === 'string' ? parsed.clientId : this.options.newClientId(),
        versions: parsed.versions ?? {},
        pending: parsed.pending ?? {},
        rejected: parsed.rejected ?? {},
      };
    } catch {
      // NOTE: unreadable local data (edited by hand or cut off by a full disk) is replaced;
      // the server's copy of the answers still loads with the attempt.
      return empty();
    }
  }

  private persist(): void {
    try {
      this.options.storage.setItem(this.storageKey, JSON.stringify(this.state));
      this.storageFailed = false;
    } catch {
      // A full or disabled storage must not stop sending; the screen warns instead.
      this.storageFailed = true;
    }
  }

  private notify(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
