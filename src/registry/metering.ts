// Fee metering: one billable check per candidate per exam event. A MeteredRegistry wraps the
// service client. It answers repeated taps from the cached answer, joins concurrent taps in
// this process to one call, and sends every call with the same idempotency key. Because the
// service replays a known key without billing, instances that race on one key are billed once.
import type { CachedAnswer, MeteringStore } from './metering-store.js';
import { fingerprintRequest } from './wire.js';
import {
  formatIdempotencyKey,
  isAnswer,
  type Clock,
  type IdentityRegistry,
  type RegistryAnswer,
  type RegistryLogger,
  type RegistryRequest,
  type RegistryResult,
  type RegistryUnavailable,
} from './types.js';

export interface MeteredRegistryOptions {
  clock?: Clock;
  logger?: RegistryLogger;
}

export class MeteredRegistry implements IdentityRegistry {
  private readonly inFlight = new Map<string, { fingerprint: string; call: Promise<RegistryResult> }>();
  private readonly clock: Clock;
  private readonly logger: RegistryLogger | undefined;

  constructor(
    private readonly service: IdentityRegistry,
    private readonly store: MeteringStore,
    options: MeteredRegistryOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
  }

  /**
   * Verifies the request once per exam event and candidate. The result's `billable` is true
   * only for the one call whose answer was metered; cached and joined answers carry false.
   */
  async verify(request: RegistryRequest): Promise<RegistryResult> {
    const startedAt = this.clock();
    const fingerprint = fingerprintRequest(request);
    const cached = await this.store.getCachedAnswer(request.key);

    if (cached !== null && cached.requestFingerprint !== fingerprint) {
      return conflict(this.clock() - startedAt);
    }

    if (cached !== null) {
      return fromCache(cached, this.clock() - startedAt);
    }

    const id = formatIdempotencyKey(request.key);
    const running = this.inFlight.get(id);

    if (running !== undefined && running.fingerprint !== fingerprint) {
      return conflict(this.clock() - startedAt);
    }

    if (running !== undefined) {
      const joined = await running.call;
      return { ...joined, billable: false, latencyMs: this.clock() - startedAt };
    }

    const call = this.callService(request, fingerprint).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, { fingerprint, call });
    return call;
  }

  /** Counts the billable checks recorded, for one exam event or for all. */
  countBillableChecks(examEventId?: string): Promise<number> {
    return this.store.countBillableChecks(examEventId);
  }

  private async callService(request: RegistryRequest, fingerprint: string): Promise<RegistryResult> {
    const result = await this.service.verify(request);

    if (!isAnswer(result)) {
      return result;
    }

    const checkedAt = new Date(this.clock()).toISOString();
    const idempotencyKey = formatIdempotencyKey(request.key);

    // The service bills each key once, so the first answer stored for a key marks one billable
    // check even when it arrives as an unbilled replay: then the call that was billed timed out
    // on our side after the service had answered it.
    const recorded = await this.store.recordBillableCheck({ key: request.key, referenceId: result.referenceId, outcome: result.outcome, checkedAt });

    if (result.billable && !recorded) {
      // A double charge to take up with the provider: our idempotency key should have prevented it.
      this.logger?.error({ idempotencyKey, referenceId: result.referenceId }, 'registry service billed a check that was already metered');
    }

    if (!result.billable && recorded) {
      this.logger?.info({ idempotencyKey, referenceId: result.referenceId }, 'registry answer arrived as a replay; metered the check whose first answer was lost');
    }

    await this.store.putCachedAnswer(request.key, toCachedAnswer(result, checkedAt, fingerprint));
    return { ...result, billable: recorded };
  }
}

function toCachedAnswer(result: RegistryAnswer, checkedAt: string, requestFingerprint: string): CachedAnswer {
  return {
    outcome: result.outcome,
    mismatchedFields: result.outcome === 'mismatch' ? result.mismatchedFields : [],
    referenceId: result.referenceId,
    checkedAt,
    requestFingerprint,
  };
}

// The candidate was checked this exam event with other data (another card's SOD hash, a
// corrected registration). Answering from the cache would vouch for data never checked, and a
// new check under the same key would be a second bill, so the caller must decide.
// NOTE: there is no way yet to start a deliberate, billed re-check for a corrected registration.
function conflict(latencyMs: number): RegistryUnavailable {
  return {
    outcome: 'unavailable',
    reason: 'idempotency_conflict',
    retryable: false,
    detail: 'this candidate was checked in this exam event with other request data',
    referenceId: null,
    latencyMs,
    billable: false,
  };
}

function fromCache(cached: CachedAnswer, latencyMs: number): RegistryAnswer {
  const base = { referenceId: cached.referenceId, latencyMs, billable: false };

  if (cached.outcome === 'mismatch') {
    return { ...base, outcome: 'mismatch', mismatchedFields: cached.mismatchedFields };
  }

  return { ...base, outcome: cached.outcome };
}
