// HTTP client of the registry verification service (the JSON format in wire.ts) over Node's
// https module: mutual TLS, connect and response timeouts, immediate retries with backoff for
// transient failures, and a circuit breaker. Every failure becomes an `unavailable` result with
// a reason; only an invalid request throws. Logs carry ids and reasons, never personal data.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

import { backoffDelayMs, type BackoffPolicy } from './backoff.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { RegistryError } from './errors.js';
import {
  formatIdempotencyKey,
  type Clock,
  type IdentityRegistry,
  type RandomSource,
  type RegistryLogger,
  type RegistryRequest,
  type RegistryResult,
  type RegistryUnavailable,
  type UnavailableReason,
} from './types.js';
import { IDEMPOTENCY_HEADER, parseWireAnswer, toWireRequest, VERIFY_PATH, type WireAnswer } from './wire.js';

/** PEM text or bytes of the mutual TLS material. */
export interface RegistryTlsOptions {
  /** CA certificates that may sign the service's certificate; Node's default list when absent. */
  ca?: string | Buffer;
  /** Our client certificate chain, sent when the service requests one. */
  cert?: string | Buffer;
  /** Private key of the client certificate. */
  key?: string | Buffer;
}

export interface HttpRegistryClientOptions {
  /** Base URL of the service, `https://host:port/prefix` (`http:` only for local tests). */
  baseUrl: string;
  tls?: RegistryTlsOptions;
  /** Limit on opening the connection, TLS handshake included, in milliseconds. */
  connectTimeoutMs?: number;
  /** Limit from the open connection to the whole response body, in milliseconds. */
  responseTimeoutMs?: number;
  /** Limit on one verification with all its attempts and pauses, in milliseconds. */
  totalTimeoutMs?: number;
  /** Attempts per verification, the first one included; retries happen only for transient failures. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  circuitBreaker?: { failureThreshold: number; openDurationMs: number; halfOpenMaxProbes: number };
  clock?: Clock;
  random?: RandomSource;
  logger?: RegistryLogger;
}

// The total timeout keeps the registry step of a check-in under 2.5 seconds, and the retry
// queue takes over after that. NOTE: all defaults are estimates, to be tuned against the real
// service's measured latency.
const DEFAULT_CONNECT_TIMEOUT_MS = 1000;
const DEFAULT_RESPONSE_TIMEOUT_MS = 2000;
const DEFAULT_TOTAL_TIMEOUT_MS = 2500;
const DEFAULT_MAX_ATTEMPTS = 2;
const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 100, maxDelayMs: 500 };
const DEFAULT_BREAKER = { failureThreshold: 5, openDurationMs: 30_000, halfOpenMaxProbes: 1 };
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Outcome of one attempt that brought no answer. */
interface AttemptFailure {
  reason: UnavailableReason;
  detail: string;
  /** True when trying again at once may help (timeouts, resets, 5xx, 429). */
  retryNow: boolean;
  /** True when the same request may succeed later, so the retry queue should keep it. */
  retryLater: boolean;
  /** True when the failure shows the service unhealthy, which counts toward opening the circuit. */
  serviceFault: boolean;
}

type AttemptOutcome = { kind: 'answer'; answer: WireAnswer } | { kind: 'failure'; failure: AttemptFailure };

const TRANSIENT_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EAI_AGAIN']);

class AttemptTimeout extends Error {
  constructor(readonly phase: 'connect' | 'response') {
    super(`${phase} timed out`);
  }
}

export class HttpRegistryClient implements IdentityRegistry {
  readonly breaker: CircuitBreaker;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly connectTimeoutMs: number;
  private readonly responseTimeoutMs: number;
  private readonly totalTimeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly logger: RegistryLogger | undefined;

  constructor(options: HttpRegistryClientOptions) {
    this.url = buildVerifyUrl(options.baseUrl);
    this.connectTimeoutMs = requirePositive('connectTimeoutMs', options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    this.responseTimeoutMs = requirePositive('responseTimeoutMs', options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS);
    this.totalTimeoutMs = requirePositive('totalTimeoutMs', options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS);
    this.maxAttempts = requirePositive('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.breaker = new CircuitBreaker({ ...(options.circuitBreaker ?? DEFAULT_BREAKER), clock: this.clock });
    this.agent = this.url.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, ca: options.tls?.ca, cert: options.tls?.cert, key: options.tls?.key })
      : new http.Agent({ keepAlive: true });

    this.breaker.onStateChange((state, previous) => {
      this.logger?.warn({ state, previous, service: this.url.host }, 'registry circuit breaker changed state');
    });
  }

  /** State of the circuit breaker now. */
  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  async verify(request: RegistryRequest): Promise<RegistryResult> {
    const body = JSON.stringify(toWireRequest(request));
    const key = formatIdempotencyKey(request.key);
    const startedAt = this.clock();
    const deadline = performance.now() + this.totalTimeoutMs;
    let lastFailure: AttemptFailure | null = null;

    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      if (!this.breaker.tryAcquire()) {
        const failure: AttemptFailure = { reason: 'circuit_open', detail: 'the circuit breaker is open after repeated failures', retryNow: false, retryLater: true, serviceFault: false };
        return this.unavailable(lastFailure ?? failure, startedAt);
      }

      const outcome = await this.attempt(body, key, deadline - performance.now());

      if (outcome.kind === 'answer') {
        this.breaker.recordSuccess();
        return toResult(outcome.answer, this.clock() - startedAt);
      }

      lastFailure = outcome.failure;

      if (lastFailure.serviceFault) {
        this.breaker.recordFailure();
      } else {
        this.breaker.recordSuccess();
      }

      this.logger?.warn({ idempotencyKey: key, attempt, reason: lastFailure.reason, detail: lastFailure.detail }, 'registry verification attempt failed');

      if (!lastFailure.retryNow || attempt === this.maxAttempts) {
        break;
      }

      const pauseMs = backoffDelayMs(this.backoff, attempt, this.random);

      // A retry that could not even start before the deadline is not worth the pause.
      if (performance.now() + pauseMs >= deadline) {
        break;
      }

      await sleep(pauseMs);
    }

    return this.unavailable(lastFailure ?? { reason: 'connection_failed', detail: 'no attempt was made', retryNow: false, retryLater: true, serviceFault: false }, startedAt);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private unavailable(failure: AttemptFailure, startedAt: number): RegistryUnavailable {
    return {
      outcome: 'unavailable',
      reason: failure.reason,
      retryable: failure.retryLater,
      detail: failure.detail,
      referenceId: null,
      latencyMs: this.clock() - startedAt,
      billable: false,
    };
  }

  /** Sends one request; `budgetMs` is what remains of the verification's total timeout. */
  private attempt(body: string, key: string, budgetMs: number): Promise<AttemptOutcome> {
    return new Promise((resolve) => {
      const transport = this.url.protocol === 'https:' ? https : http;
      let connectTimer: NodeJS.Timeout | undefined;
      let responseTimer: NodeJS.Timeout | undefined;
      let budgetTimer: NodeJS.Timeout | undefined;
      let connected = false;
      let settled = false;

      const finish = (outcome: AttemptOutcome): void => {
        if (settled) {
          return;
        }

        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(responseTimer);
        clearTimeout(budgetTimer);
        resolve(outcome);
      };

      const request = transport.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'application/json',
          [IDEMPOTENCY_HEADER]: key,
        },
      });

      budgetTimer = setTimeout(() => request.destroy(new AttemptTimeout(connected ? 'response' : 'connect')), Math.max(1, budgetMs));

      const startResponseTimer = (): void => {
        connected = true;
        clearTimeout(connectTimer);
        responseTimer = setTimeout(() => request.destroy(new AttemptTimeout('response')), this.responseTimeoutMs);
      };

      request.on('socket', (socket) => {
        const connecting = (socket as { connecting?: boolean }).connecting === true;

        if (!connecting) {
          startResponseTimer();
          return;
        }

        connectTimer = setTimeout(() => request.destroy(new AttemptTimeout('connect')), this.connectTimeoutMs);
        socket.once(this.url.protocol === 'https:' ? 'secureConnect' : 'connect', startResponseTimer);
      });

      request.on('error', (error) => finish({ kind: 'failure', failure: classifyError(error) }));

      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;

        response.on('data', (chunk: Buffer) => {
          size += chunk.length;

          if (size > MAX_RESPONSE_BYTES) {
            finish({ kind: 'failure', failure: malformed(`the answer body is larger than ${MAX_RESPONSE_BYTES} bytes`) });
            request.destroy();
            return;
          }

          chunks.push(chunk);
        });

        response.on('error', (error) => finish({ kind: 'failure', failure: classifyError(error) }));
        response.on('end', () => finish(classifyResponse(response.statusCode ?? 0, Buffer.concat(chunks))));
      });

      request.end(body);
    });
  }
}

function buildVerifyUrl(baseUrl: string): URL {
  let base: URL;

  try {
    base = new URL(baseUrl);
  } catch (error) {
    throw new RegistryError('REGISTRY_BAD_CONFIG', `Registry baseUrl "${baseUrl}" is not a valid URL; give one such as https://registry.example:8443.`, { cause: error });
  }

  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new RegistryError('REGISTRY_BAD_CONFIG', `Registry baseUrl "${baseUrl}" must use https: (or http: for a local simulator).`);
  }

  const prefix = base.pathname.replace(/\/+$/, '');
  return new URL(`${prefix}${VERIFY_PATH}`, base);
}

function requirePositive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RegistryError('REGISTRY_BAD_CONFIG', `Registry client option ${name} must be a positive integer, got ${value}.`);
  }

  return value;
}

function toResult(answer: WireAnswer, latencyMs: number): RegistryResult {
  const base = { referenceId: answer.referenceId, latencyMs, billable: answer.billable };

  if (answer.outcome === 'mismatch') {
    return { ...base, outcome: 'mismatch', mismatchedFields: answer.mismatchedFields ?? [] };
  }

  return { ...base, outcome: answer.outcome };
}

function malformed(detail: string): AttemptFailure {
  return { reason: 'malformed_response', detail, retryNow: false, retryLater: true, serviceFault: true };
}

function classifyError(error: unknown): AttemptFailure {
  if (error instanceof AttemptTimeout) {
    const reason = error.phase === 'connect' ? 'connect_timeout' : 'response_timeout';
    return { reason, detail: error.message, retryNow: true, retryLater: true, serviceFault: true };
  }

  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'UNKNOWN';

  // OpenSSL and Node report handshake and certificate problems with codes such as
  // ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE or
  // ERR_TLS_CERT_ALTNAME_INVALID. Retrying at once cannot fix a certificate.
  // NOTE: a server that rejects our client certificate after a TLS 1.3 handshake may only close
  // the connection (Node's TLS server does), which arrives as ECONNRESET: connection_failed.
  if (/SSL|TLS|CERT|SIGNATURE/.test(code)) {
    return { reason: 'tls_failure', detail: code, retryNow: false, retryLater: true, serviceFault: true };
  }

  if (TRANSIENT_SOCKET_CODES.has(code)) {
    return { reason: 'connection_failed', detail: code, retryNow: true, retryLater: true, serviceFault: true };
  }

  return { reason: 'connection_failed', detail: code, retryNow: false, retryLater: true, serviceFault: true };
}

function classifyResponse(statusCode: number, body: Buffer): AttemptOutcome {
  if (statusCode >= 500) {
    return { kind: 'failure', failure: { reason: 'server_error', detail: `HTTP ${statusCode}`, retryNow: true, retryLater: true, serviceFault: true } };
  }

  if (statusCode === 429) {
    return { kind: 'failure', failure: { reason: 'rate_limited', detail: 'HTTP 429', retryNow: true, retryLater: true, serviceFault: true } };
  }

  if (statusCode === 409) {
    return { kind: 'failure', failure: { reason: 'idempotency_conflict', detail: 'HTTP 409: the idempotency key was used with other request data', retryNow: false, retryLater: false, serviceFault: false } };
  }

  if (statusCode !== 200) {
    return { kind: 'failure', failure: { reason: 'request_rejected', detail: `HTTP ${statusCode}`, retryNow: false, retryLater: false, serviceFault: false } };
  }

  let parsed: unknown;

  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'failure', failure: malformed('the answer body is not JSON') };
  }

  const answer = parseWireAnswer(parsed);

  if (answer === null) {
    return { kind: 'failure', failure: malformed('the answer body does not follow the verification answer format') };
  }

  return { kind: 'answer', answer };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
