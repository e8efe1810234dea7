// Changes of an attempt that its candidate's browser must learn at once (a new deadline after
// extra time, a status set by staff), fanned out to the sockets that watch the attempt. Alone,
// the server hands a change to its own sockets. With Redis (`examgate serve --redis`), every
// change is published on one channel, so the instance that has the candidate's socket receives
// a change made through another instance.
import type { ServerDatabase } from '../db/database.js';
import type { ClusterLink } from '../cluster/cluster-link.js';
import { clusterOf } from '../cluster/cluster-registry.js';

/** Redis channel (without the deployment's key prefix) of attempt changes. */
export const ATTEMPT_CHANGE_CHANNEL = 'live:attempt-changes';

/** A committed change of one attempt; the socket reads the attempt again before telling the browser. */
export interface AttemptChange {
  attemptId: string;
  /** The kind of change, for logs and the browser's notice. */
  cause: 'extra_time' | 'status';
}

type AttemptListener = (change: AttemptChange) => void;

export class AttemptLive {
  private readonly listeners = new Map<string, Set<AttemptListener>>();

  private constructor(private readonly link: ClusterLink | undefined) {}

  /** Starts the fan-out of one server; with a Redis link it listens to every instance's changes. */
  static async start(link: ClusterLink | undefined): Promise<AttemptLive> {
    const live = new AttemptLive(link);

    if (link !== undefined) {
      await link.subscribe(ATTEMPT_CHANGE_CHANNEL, (message) => live.receive(message));
    }

    return live;
  }

  /** Calls `listener` with every change of the attempt until the returned function is called. */
  watch(attemptId: string, listener: AttemptListener): () => void {
    const set = this.listeners.get(attemptId) ?? new Set<AttemptListener>();
    set.add(listener);
    this.listeners.set(attemptId, set);

    return () => {
      set.delete(listener);

      if (set.size === 0 && this.listeners.get(attemptId) === set) {
        this.listeners.delete(attemptId);
      }
    };
  }

  /** Number of sockets that watch the attempt on this instance. */
  watchers(attemptId: string): number {
    return this.listeners.get(attemptId)?.size ?? 0;
  }

  /**
   * Announces a committed change. Without Redis the local sockets hear it at once; with Redis
   * the publication reaches every instance, this one included, so nothing is delivered twice.
   */
  async announce(change: AttemptChange): Promise<void> {
    if (this.link === undefined) {
      this.deliver(change);
      return;
    }

    await this.link.publish(ATTEMPT_CHANGE_CHANNEL, JSON.stringify(change));
  }

  private receive(message: string): void {
    let change: AttemptChange;

    try {
      change = JSON.parse(message) as AttemptChange;
    } catch {
      return;
    }

    if (typeof change.attemptId === 'string') {
      this.deliver(change);
    }
  }

  private deliver(change: AttemptChange): void {
    for (const listener of [...(this.listeners.get(change.attemptId) ?? [])]) {
      listener(change);
    }
  }
}

// Keyed by the server's database handle, which the root instance and every plugin share.
const lives = new WeakMap<ServerDatabase, Promise<AttemptLive>>();

/** Returns the attempt fan-out of the server on `database`, starting it on first use. */
export function attemptLiveOf(database: ServerDatabase): Promise<AttemptLive> {
  let live = lives.get(database);

  if (live === undefined) {
    // A failed start (Redis unreachable) is forgotten, so that the next socket tries again.
    live = AttemptLive.start(clusterOf(database)).catch((error: unknown) => {
      lives.delete(database);
      throw error;
    });
    lives.set(database, live);
  }

  return live;
}

interface WarnLogger {
  warn(object: object, message: string): void;
}

/**
 * Announces a committed change to the candidate's sockets. A failure is logged, never thrown:
 * the change is stored, and the browser gets it with its next save or clock reading.
 */
export async function announceAttemptChange(database: ServerDatabase, change: AttemptChange, logger: WarnLogger): Promise<void> {
  try {
    const live = await attemptLiveOf(database);
    await live.announce(change);
  } catch (error) {
    logger.warn({ err: error, attemptId: change.attemptId, cause: change.cause }, 'attempt change not pushed to the candidate\'s browser; it shows at the next save or clock reading');
  }
}
