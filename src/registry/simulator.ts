// A simulator of the registry verification service, speaking the wire format in wire.ts, for
// tests and proctor training. It answers from a list of test records, bills each idempotency
// key once, injects latency and outages (fixed windows, a random rate, or a fault switched on
// through the admin endpoint), and requires a client certificate when given TLS material.
import { createHash, randomUUID } from 'node:crypto';

import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';

import { RegistryError } from './errors.js';
import { decideOutcome, type SimulatorRecord } from './simulator-data.js';
import type { Clock, RandomSource } from './types.js';
import {
  findWireRequestProblem,
  IDEMPOTENCY_HEADER,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  VERIFY_PATH,
  type WireAnswer,
  type WireRequest,
} from './wire.js';

/**
 * A fault the admin endpoint can switch on: `unavailable` answers 503, `hang` holds the request
 * without an answer until the simulator closes, `malformed` answers 200 with a body that breaks
 * the format.
 */
export type SimulatorFault = 'none' | 'unavailable' | 'hang' | 'malformed';

export const SIMULATOR_FAULTS: readonly SimulatorFault[] = ['none', 'unavailable', 'hang', 'malformed'];

/** An outage from `startS` to `endS` seconds after the simulator started. */
export interface OutageWindow {
  startS: number;
  endS: number;
}

export interface RegistrySimulatorOptions {
  records: readonly SimulatorRecord[];
  /** Delay added before every response, in milliseconds. */
  latencyMs?: number;
  /** Share of verification requests answered 503, from 0 to 1. */
  outageRate?: number;
  outageWindows?: readonly OutageWindow[];
  /** Serve HTTPS and require a client certificate signed by `ca`. */
  tls?: { ca: string; cert: string; key: string };
  clock?: Clock;
  random?: RandomSource;
}

/** Counters the simulator keeps; tests compare `billableChecks` with our metering. */
export interface SimulatorStats {
  requests: number;
  billableChecks: number;
  replays: number;
  outageAnswers: number;
  rejected: number;
  outcomes: Record<string, number>;
}

interface StoredAnswer {
  bodyHash: string;
  answer: WireAnswer;
}

export class RegistrySimulator {
  readonly app: FastifyInstance;
  private readonly records: Map<string, SimulatorRecord>;
  private readonly answersByKey = new Map<string, StoredAnswer>();
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly startedAt: number;
  private readonly outageRate: number;
  private readonly outageWindows: readonly OutageWindow[];
  private readonly heldRequests = new Set<() => void>();
  private readonly protocol: 'http' | 'https';
  private latencyMs: number;
  private fault: SimulatorFault = 'none';
  private counters: SimulatorStats = emptyStats();

  constructor(options: RegistrySimulatorOptions) {
    this.records = new Map(options.records.map((record) => [record.idNumber, record]));
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.startedAt = this.clock();
    this.latencyMs = requireLatency(options.latencyMs ?? 0);
    this.outageRate = options.outageRate ?? 0;
    this.outageWindows = options.outageWindows ?? [];

    if (!(this.outageRate >= 0 && this.outageRate <= 1)) {
      throw new RegistryError('REGISTRY_BAD_CONFIG', `Simulator outage rate must be between 0 and 1, got ${options.outageRate}.`);
    }

    this.protocol = options.tls === undefined ? 'http' : 'https';
    this.app = options.tls === undefined
      ? Fastify({ logger: false })
      : Fastify({ logger: false, https: { ...options.tls, requestCert: true, rejectUnauthorized: true } });

    this.app.addHook('onClose', async () => this.releaseHeldRequests());
    this.registerRoutes();
  }

  /** Starts listening and returns the base URL, e.g. `https://127.0.0.1:41234`. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await this.app.listen({ port, host });
    const address = this.app.server.address();

    if (address === null || typeof address === 'string') {
      throw new RegistryError('REGISTRY_BAD_CONFIG', `The simulator did not get a TCP address on ${host}:${port}.`);
    }

    return `${this.protocol}://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Returns a copy of the counters. */
  stats(): SimulatorStats {
    return { ...this.counters, outcomes: { ...this.counters.outcomes } };
  }

  /** Switches a fault on (or off with `none`), as the admin endpoint does. */
  setFault(fault: SimulatorFault): void {
    this.fault = fault;

    if (fault !== 'hang') {
      this.releaseHeldRequests();
    }
  }

  setLatency(latencyMs: number): void {
    this.latencyMs = requireLatency(latencyMs);
  }

  private registerRoutes(): void {
    this.app.setErrorHandler(async (error: FastifyError, _request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
      this.counters.rejected += 1;
      return reply.code(status).send({ error: status < 500 ? 'invalid_request' : 'internal_error', message: error.message });
    });

    this.app.get('/health', async () => ({ status: 'ok' }));

    this.app.get('/admin/stats', async () => this.stats());

    this.app.post('/admin/fault', async (request, reply) => {
      const body = request.body as { fault?: unknown; latencyMs?: unknown } | null;
      const fault = body?.fault;

      if (typeof fault !== 'string' || !SIMULATOR_FAULTS.includes(fault as SimulatorFault)) {
        return reply.code(400).send({ error: 'invalid_request', message: `fault must be one of ${SIMULATOR_FAULTS.join(', ')}` });
      }

      if (body?.latencyMs !== undefined) {
        if (typeof body.latencyMs !== 'number' || !Number.isInteger(body.latencyMs) || body.latencyMs < 0) {
          return reply.code(400).send({ error: 'invalid_request', message: 'latencyMs must be an integer of 0 or more' });
        }

        this.setLatency(body.latencyMs);
      }

      this.setFault(fault as SimulatorFault);
      return { fault: this.fault, latencyMs: this.latencyMs };
    });

    this.app.post(VERIFY_PATH, async (request, reply) => {
      this.counters.requests += 1;

      if (this.latencyMs > 0) {
        await sleep(this.latencyMs);
      }

      return this.answerVerification(request.headers[IDEMPOTENCY_HEADER], request.body, reply);
    });
  }

  private async answerVerification(keyHeader: unknown, body: unknown, reply: FastifyReply): Promise<FastifyReply> {
    if (this.isInOutage()) {
      return this.sendOutage(reply);
    }

    if (this.fault === 'hang') {
      await this.holdUntilReleased();
      return this.sendOutage(reply);
    }

    if (this.fault === 'malformed') {
      return reply.code(200).header('content-type', 'application/json').send('{"referenceId": 42, "outcome": "maybe"}');
    }

    if (typeof keyHeader !== 'string' || keyHeader === '' || keyHeader.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      this.counters.rejected += 1;
      return reply.code(400).send({ error: 'invalid_request', message: `the ${IDEMPOTENCY_HEADER} header must hold 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` });
    }

    const problem = findWireRequestProblem(body);

    if (problem !== null) {
      this.counters.rejected += 1;
      return reply.code(400).send({ error: 'invalid_request', message: problem });
    }

    const request = body as WireRequest;
    const bodyHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const stored = this.answersByKey.get(keyHeader);

    if (stored !== undefined) {
      return this.replay(stored, bodyHash, reply);
    }

    const { outcome, mismatchedFields } = decideOutcome(this.records, request);
    const answer: WireAnswer = { referenceId: `SIM-${randomUUID()}`, outcome, billable: true };

    if (outcome === 'mismatch') {
      answer.mismatchedFields = mismatchedFields;
    }

    this.answersByKey.set(keyHeader, { bodyHash, answer });
    this.counters.billableChecks += 1;
    this.counters.outcomes[outcome] = (this.counters.outcomes[outcome] ?? 0) + 1;
    return reply.code(200).send(answer);
  }

  // A repeated key with the same body replays the first answer without billing. A repeated key
  // with another body is a client bug and gets 409, so that it cannot hide a second person's check.
  private replay(stored: StoredAnswer, bodyHash: string, reply: FastifyReply): FastifyReply {
    if (stored.bodyHash !== bodyHash) {
      this.counters.rejected += 1;
      return reply.code(409).send({ error: 'idempotency_conflict', message: 'this idempotency key was used with other request data' });
    }

    this.counters.replays += 1;
    return reply.code(200).send({ ...stored.answer, billable: false });
  }

  private isInOutage(): boolean {
    if (this.fault === 'unavailable') {
      return true;
    }

    const elapsedS = (this.clock() - this.startedAt) / 1000;

    if (this.outageWindows.some((window) => elapsedS >= window.startS && elapsedS < window.endS)) {
      return true;
    }

    return this.outageRate > 0 && this.random() < this.outageRate;
  }

  private sendOutage(reply: FastifyReply): FastifyReply {
    this.counters.outageAnswers += 1;
    return reply.code(503).send({ error: 'unavailable', message: 'the simulated registry service is unavailable' });
  }

  private holdUntilReleased(): Promise<void> {
    return new Promise((resolve) => {
      this.heldRequests.add(resolve);
    });
  }

  private releaseHeldRequests(): void {
    for (const release of this.heldRequests) {
      release();
    }

    this.heldRequests.clear();
  }
}

function emptyStats(): SimulatorStats {
  return { requests: 0, billableChecks: 0, replays: 0, outageAnswers: 0, rejected: 0, outcomes: {} };
}

function requireLatency(latencyMs: number): number {
  if (!Number.isInteger(latencyMs) || latencyMs < 0) {
    throw new RegistryError('REGISTRY_BAD_CONFIG', `Simulator latency must be an integer number of milliseconds of 0 or more, got ${latencyMs}.`);
  }

  return latencyMs;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Parses `START-END` in seconds after start, e.g. `30-90`. */
export function parseOutageWindow(text: string): OutageWindow {
  const parts = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text.trim());

  if (parts === null || Number(parts[1]) >= Number(parts[2])) {
    throw new RegistryError('REGISTRY_BAD_CONFIG', `Outage window "${text}" is invalid; write START-END in seconds after the simulator starts, with START below END, e.g. 30-90.`);
  }

  return { startS: Number(parts[1]), endS: Number(parts[2]) };
}
