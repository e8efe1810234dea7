// Exponential backoff with full jitter: the delay before retry n (counting from 1) is a random
// share of min(maxDelayMs, baseDelayMs * 2^(n-1)), so that clients that failed together do not
// retry together.
import type { RandomSource } from './types.js';

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Returns the delay in milliseconds before retry number `retry` (1 for the first retry). */
export function backoffDelayMs(policy: BackoffPolicy, retry: number, random: RandomSource): number {
  const exponent = Math.max(0, retry - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);

  return Math.floor(random() * ceiling);
}
