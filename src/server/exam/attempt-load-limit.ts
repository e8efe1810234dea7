// Bounds how many attempt loads (GET /api/exam/attempt, which starts the attempt on the first
// call) one server process runs at once, and separately how many submits. When every candidate
// of a room loads or submits together, an unbounded burst fills the database pool, and on SQLite
// the group commit, with starts or submits. Saves that arrive then wait behind hundreds of them.
// With the bound, the other loads and submits wait in a FIFO queue in memory, and saves run as
// soon as they arrive. A queued request has no time limit, so it succeeds however long it waits.

/** Attempt loads, and submits, run at once per process unless EXAMGATE_ATTEMPT_LOAD_CONCURRENCY sets another value. */
export const DEFAULT_ATTEMPT_LOAD_CONCURRENCY = 4;

/** A counting semaphore whose waiters are served in arrival order. */
export class LoadLimiter {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`the attempt load concurrency must be an integer of at least 1, found ${limit}`);
    }

    this.#limit = limit;
  }

  /** Number of loads waiting for a free slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `work` once fewer than `limit` other works run, and frees the slot when it settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }

    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  #release(): void {
    const next = this.#waiting.shift();

    // The slot passes straight to the next waiter, so the running count stays the same.
    if (next === undefined) {
      this.#running -= 1;
    } else {
      next();
    }
  }
}

/** Reads EXAMGATE_ATTEMPT_LOAD_CONCURRENCY, or returns the default when it is unset. */
export function attemptLoadConcurrency(environment: NodeJS.ProcessEnv = process.env): number {
  const configured = environment.EXAMGATE_ATTEMPT_LOAD_CONCURRENCY;

  if (configured === undefined || configured === '') {
    return DEFAULT_ATTEMPT_LOAD_CONCURRENCY;
  }

  const value = Number(configured);

  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`EXAMGATE_ATTEMPT_LOAD_CONCURRENCY must be an integer of at least 1, found "${configured}"; unset it to use ${DEFAULT_ATTEMPT_LOAD_CONCURRENCY}`);
  }

  return value;
}
