// In-memory metering storage for tests and for a single process without a database.
import type { BillableCheck, CachedAnswer, MeteringStore } from './metering-store.js';
import { formatIdempotencyKey, type IdempotencyKey } from './types.js';

export class MemoryMeteringStore implements MeteringStore {
  private readonly answers = new Map<string, CachedAnswer>();
  private readonly billable = new Map<string, BillableCheck>();

  async getCachedAnswer(key: IdempotencyKey): Promise<CachedAnswer | null> {
    return this.answers.get(formatIdempotencyKey(key)) ?? null;
  }

  async putCachedAnswer(key: IdempotencyKey, answer: CachedAnswer): Promise<CachedAnswer> {
    const id = formatIdempotencyKey(key);
    const stored = this.answers.get(id);

    if (stored !== undefined) {
      return stored;
    }

    this.answers.set(id, answer);
    return answer;
  }

  async recordBillableCheck(check: BillableCheck): Promise<boolean> {
    const id = formatIdempotencyKey(check.key);

    if (this.billable.has(id)) {
      return false;
    }

    this.billable.set(id, check);
    return true;
  }

  async countBillableChecks(examEventId?: string): Promise<number> {
    if (examEventId === undefined) {
      return this.billable.size;
    }

    return [...this.billable.values()].filter((check) => check.key.examEventId === examEventId).length;
  }
}
