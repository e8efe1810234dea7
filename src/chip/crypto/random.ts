// Source of random bytes for nonces, challenges and ephemeral keys. Protocol code takes it as a
// parameter so that tests can replay the published worked examples byte for byte.
import { randomBytes } from 'node:crypto';

export type RandomSource = (length: number) => Uint8Array;

/** Cryptographically secure random bytes from node:crypto. */
export const systemRandom: RandomSource = (length) => new Uint8Array(randomBytes(length));

/** A random source that returns the given byte strings in order, for known-answer tests. */
export function fixedRandom(...values: Uint8Array[]): RandomSource {
  const queue = [...values];

  return (length) => {
    const next = queue.shift();

    if (next === undefined || next.length !== length) {
      throw new Error(`fixedRandom: expected a queued value of ${length} bytes, found ${next === undefined ? 'none' : `${next.length} bytes`}`);
    }

    return next;
  };
}
