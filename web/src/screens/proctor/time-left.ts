// Time left of an attempt in the room monitor. A hold after a late registry result does not
// stop the clock: a `suspended` attempt keeps its deadline, so the proctor sees it run down.
import type { SessionAttempt } from '../../api/events.js';

const RUNNING_STATUSES = new Set(['in_progress', 'suspended', 'locked']);

/** Returns the milliseconds until the attempt's deadline, or null when its clock is not running. */
export function timeLeftMs(attempt: Pick<SessionAttempt, 'status' | 'deadline'> | undefined, nowMs: number): number | null {
  if (attempt === undefined || attempt.deadline === null || !RUNNING_STATUSES.has(attempt.status)) {
    return null;
  }

  return Date.parse(attempt.deadline) - nowMs;
}
