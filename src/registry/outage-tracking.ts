// Outage tracking in front of the registry service client. Each call that comes back
// unavailable for a reason that shows the service unreachable opens an outage period, and each
// answer closes the open periods. It wraps the service client inside MeteredRegistry, so it
// sees every real call, the retry queue's calls included, and never an answer from the cache.
import type { RegistryOutageStore } from './outage-store.js';
import {
  formatIdempotencyKey,
  isAnswer,
  type Clock,
  type IdentityRegistry,
  type RegistryLogger,
  type RegistryRequest,
  type RegistryResult,
  type UnavailableReason,
} from './types.js';

// NOTE: the circuit breaker is per instance. After a response to another instance closed the
// period, an instance whose circuit is still open opens a new period with `circuit_open`, which
// lasts until its own probe succeeds (30 s by default).

/**
 * Reasons that show the service unreachable. The others do not open a period: the service
 * answered something (rate_limited, malformed_response, request_rejected, idempotency_conflict),
 * or the failure is most likely our own configuration (tls_failure).
 */
export const OUTAGE_REASONS: ReadonlySet<UnavailableReason> = new Set(['connect_timeout', 'response_timeout', 'connection_failed', 'server_error', 'circuit_open']);

export interface OutageTrackingOptions {
  clock?: Clock;
  logger?: RegistryLogger;
}

export class OutageTrackingRegistry implements IdentityRegistry {
  private readonly clock: Clock;
  private readonly logger: RegistryLogger | undefined;

  constructor(
    private readonly service: IdentityRegistry,
    private readonly store: RegistryOutageStore,
    options: OutageTrackingOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger;
  }

  /**
   * Verifies through the wrapped client and records the service's availability. A failure of
   * the outage store is logged and never changes the result, because the record is for the
   * evaluation report and must not stop a check-in.
   */
  async verify(request: RegistryRequest): Promise<RegistryResult> {
    const result = await this.service.verify(request);
    const at = new Date(this.clock()).toISOString();

    try {
      if (isAnswer(result)) {
        const closed = await this.store.recordAvailable(at);

        if (closed > 0) {
          this.logger?.info({ closed, at }, 'registry service answers again; outage periods closed');
        }
      } else if (OUTAGE_REASONS.has(result.reason)) {
        const opened = await this.store.recordUnavailable({ key: request.key, reason: result.reason, at });

        if (opened) {
          this.logger?.warn({ examEventId: request.key.examEventId, reason: result.reason, at }, 'registry service unavailable; outage period opened');
        }
      }
    } catch (error) {
      this.logger?.error({ idempotencyKey: formatIdempotencyKey(request.key), error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, 'recording registry availability failed');
    }

    return result;
  }
}
