// A circuit breaker in front of the registry service. After `failureThreshold` consecutive
// failures it opens and rejects calls at once for `openDurationMs`; then it lets up to
// `halfOpenMaxProbes` calls through (half-open). A probe that succeeds closes it; a probe that
// fails opens it again. The state is observable through `state` and `onStateChange`.
import { RegistryError } from './errors.js';
import type { Clock } from './types.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before it lets a probe through, in milliseconds. */
  openDurationMs: number;
  /** Calls let through at the same time while half-open. */
  halfOpenMaxProbes: number;
  clock: Clock;
}

export type CircuitStateListener = (state: CircuitState, previous: CircuitState) => void;

export class CircuitBreaker {
  private currentState: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probesInFlight = 0;
  private readonly listeners: CircuitStateListener[] = [];

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RegistryError('REGISTRY_BAD_CONFIG', `Circuit breaker failureThreshold must be an integer of at least 1, got ${options.failureThreshold}.`);
    }

    if (!Number.isInteger(options.halfOpenMaxProbes) || options.halfOpenMaxProbes < 1) {
      throw new RegistryError('REGISTRY_BAD_CONFIG', `Circuit breaker halfOpenMaxProbes must be an integer of at least 1, got ${options.halfOpenMaxProbes}.`);
    }

    if (!(options.openDurationMs >= 0)) {
      throw new RegistryError('REGISTRY_BAD_CONFIG', `Circuit breaker openDurationMs must be 0 or more, got ${options.openDurationMs}.`);
    }
  }

  /** The state now; an open circuit whose open duration has passed reads as half-open. */
  get state(): CircuitState {
    this.moveToHalfOpenWhenDue();
    return this.currentState;
  }

  /** Calls `listener` after every change of state. */
  onStateChange(listener: CircuitStateListener): void {
    this.listeners.push(listener);
  }

  /**
   * Requests permission for one call. Returns false when the circuit rejects it; after true the caller
   * must report the call with `recordSuccess` or `recordFailure`.
   */
  tryAcquire(): boolean {
    this.moveToHalfOpenWhenDue();

    if (this.currentState === 'closed') {
      return true;
    }

    if (this.currentState === 'open' || this.probesInFlight >= this.options.halfOpenMaxProbes) {
      return false;
    }

    this.probesInFlight += 1;
    return true;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;

    if (this.currentState === 'half_open') {
      this.probesInFlight = Math.max(0, this.probesInFlight - 1);
      this.changeState('closed');
    }
  }

  recordFailure(): void {
    if (this.currentState === 'half_open') {
      this.probesInFlight = Math.max(0, this.probesInFlight - 1);
      this.open();
      return;
    }

    this.consecutiveFailures += 1;

    if (this.currentState === 'closed' && this.consecutiveFailures >= this.options.failureThreshold) {
      this.open();
    }
  }

  private open(): void {
    this.openedAt = this.options.clock();
    this.consecutiveFailures = 0;
    this.changeState('open');
  }

  private moveToHalfOpenWhenDue(): void {
    if (this.currentState === 'open' && this.options.clock() - this.openedAt >= this.options.openDurationMs) {
      this.probesInFlight = 0;
      this.changeState('half_open');
    }
  }

  private changeState(next: CircuitState): void {
    const previous = this.currentState;

    if (previous === next) {
      return;
    }

    this.currentState = next;

    for (const listener of this.listeners) {
      listener(next, previous);
    }
  }
}
