// Preloaded with `node --import` into a server process to give it a wrong clock:
// EXAMGATE_TEST_CLOCK_OFFSET_MS (milliseconds, may be negative) is added to `Date.now()` and to
// `new Date()` without arguments. It stands for an instance whose host clock drifted.
const offsetMs = Number(process.env.EXAMGATE_TEST_CLOCK_OFFSET_MS ?? '0');

if (!Number.isFinite(offsetMs)) {
  throw new Error(`EXAMGATE_TEST_CLOCK_OFFSET_MS must be a number of milliseconds, not ${process.env.EXAMGATE_TEST_CLOCK_OFFSET_MS}`);
}

const SystemDate = Date;

class SkewedDate extends SystemDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) {
      super(SystemDate.now() + offsetMs);
    } else {
      super(...(args as [string | number | Date]));
    }
  }

  static override now(): number {
    return SystemDate.now() + offsetMs;
  }
}

globalThis.Date = SkewedDate as DateConstructor;
