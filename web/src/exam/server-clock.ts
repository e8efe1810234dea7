// Keeps the offset between this computer's clock and the server's, so the countdown follows
// the server's deadline even when a computer-room clock is minutes off.

/** One exchange with the server: local send and receive times and the server's time. */
export interface ClockSample {
  sentAtMs: number;
  receivedAtMs: number;
  serverTimeMs: number;
}

export class ServerClock {
  private offsetMs = 0;
  private bestRoundTripMs = Number.POSITIVE_INFINITY;
  private sampleCount = 0;

  /**
   * Adds a sample. The server's time is taken to be read halfway through the round trip; the
   * sample with the shortest round trip is the most precise and is kept, unless it is older
   * than the last ten samples, so that a computer clock changed during the exam is followed.
   */
  addSample(sample: ClockSample): void {
    const roundTripMs = Math.max(0, sample.receivedAtMs - sample.sentAtMs);
    const offsetMs = sample.serverTimeMs - (sample.sentAtMs + sample.receivedAtMs) / 2;

    this.sampleCount += 1;
    const refresh = this.sampleCount % 10 === 0;

    if (roundTripMs <= this.bestRoundTripMs || refresh) {
      this.bestRoundTripMs = roundTripMs;
      this.offsetMs = offsetMs;
    }
  }

  /** Server time in milliseconds since the epoch, given this computer's time. */
  serverNow(localNowMs: number): number {
    return localNowMs + this.offsetMs;
  }

  /** Milliseconds left until the deadline, never below zero. */
  remainingMs(deadlineMs: number, localNowMs: number): number {
    return Math.max(0, deadlineMs - this.serverNow(localNowMs));
  }

  get offset(): number {
    return this.offsetMs;
  }
}
