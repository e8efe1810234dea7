// Attempts held after a late registry result, and what the proctors decided about them. The
// check-in figures count such a candidate by their check-in (often "admitted by chip"), so
// these figures are the only place where the hold and the re-admission show.
import type { AttemptHoldRecord } from './evaluation-input.js';

export interface HoldFigures {
  /** Attempts that a late registry result put on hold. */
  held: number;
  /** Held attempts whose candidate a proctor re-admitted by override. */
  readmitted: number;
  /** Held attempts that a proctor decided to keep locked. */
  keptLocked: number;
  /** Held attempts still waiting for a proctor's decision when the report was made. */
  undecided: number;
  /** Held attempts by the refusal code of the registry result. */
  byReason: Record<string, number>;
}

/** Counts the held attempts of a scope by the proctor's last decision and by registry reason. */
export function holdFigures(holds: AttemptHoldRecord[]): HoldFigures {
  const byReason: Record<string, number> = {};

  for (const hold of holds) {
    byReason[hold.reason] = (byReason[hold.reason] ?? 0) + 1;
  }

  return {
    held: holds.length,
    readmitted: holds.filter((hold) => hold.decision === 'readmitted').length,
    keptLocked: holds.filter((hold) => hold.decision === 'kept_locked').length,
    undecided: holds.filter((hold) => hold.decision === 'undecided').length,
    byReason,
  };
}
