import { createHash } from 'node:crypto';

/**
 * A reproducible random source: SHA-256 in counter mode over a seed string. The same seed
 * gives the same sequence on every machine and Node.js version, which is what lets a form be
 * rebuilt from its seed alone.
 */
export class SeededRandom {
  private readonly seed: string;
  private counter = 0;
  private buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(seed: string) {
    this.seed = seed;
  }

  /** Returns the next 32-bit unsigned integer of the sequence. */
  nextUint32(): number {
    if (this.offset + 4 > this.buffer.length) {
      this.buffer = createHash('sha256').update(`${this.seed}\u0000${this.counter}`).digest();
      this.counter += 1;
      this.offset = 0;
    }

    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** Returns an integer in [0, bound) without modulo bias (rejection sampling). */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > 2 ** 32) {
      throw new RangeError(`bound must be an integer in 1..2^32, found ${bound}`);
    }

    const limit = 2 ** 32 - (2 ** 32 % bound);

    for (;;) {
      const value = this.nextUint32();

      if (value < limit) {
        return value % bound;
      }
    }
  }
}

/** Returns a shuffled copy of `items` (Fisher–Yates); the input is left unchanged. */
export function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];

  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.nextInt(i + 1);
    const held = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = held;
  }

  return copy;
}
