// Settings of check-in from the server's environment, and the registry wiring: the HTTP client
// to the verification service, fee metering and the retry queue with its worker, all on the
// server's database.
import { hostname } from 'node:os';

import type { Kysely } from 'kysely';

import { HttpRegistryClient } from '../../registry/http-client.js';
import { MeteredRegistry } from '../../registry/metering.js';
import { KyselyMeteringStore } from '../../registry/metering-store-kysely.js';
import { OutageTrackingRegistry } from '../../registry/outage-tracking.js';
import { RegistryCheck } from '../../registry/registry-check.js';
import { KyselyRetryQueueStore } from '../../registry/retry-queue-store-kysely.js';
import { RegistryRetryWorker, type RegistryResolutionHandler } from '../../registry/retry-queue.js';
import type { RegistryTables } from '../../registry/storage-schema.js';
import { loadRegistryTls } from '../../registry/tls-files.js';
import type { Clock, IdentityRegistry, RegistryLogger } from '../../registry/types.js';
import type { Database } from '../db/schema.js';
import { DEFAULT_CARD_TIMEOUT_MS, DEFAULT_PHOTO_RETENTION_DAYS, type CheckInSettings } from './checkin-service.js';
import { parsePhotoKey } from './photo-store.js';
import { KyselyRegistryOutageStore } from './registry-outage-store.js';

/**
 * Environment variables read at start:
 * - EXAMGATE_PHOTO_KEY: 32-byte AES-256-GCM key for chip photos (base64 or 64 hex digits);
 *   without it photos are neither stored nor shown;
 * - EXAMGATE_PHOTO_RETENTION_DAYS: days a chip photo is kept (default 30), as the department sets;
 * - EXAMGATE_CARD_TIMEOUT_MS: how long a station waits for a card (default 60000);
 * - EXAMGATE_REGISTRY_URL, and for mutual TLS EXAMGATE_REGISTRY_CA, _CERT, _KEY (PEM file paths).
 */
export async function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): Promise<Partial<CheckInSettings> & { registryUrl?: string; registryTls?: { caFile?: string; certFile?: string; keyFile?: string } }> {
  const settings: Partial<CheckInSettings> & { registryUrl?: string; registryTls?: { caFile?: string; certFile?: string; keyFile?: string } } = {};

  if (env.EXAMGATE_PHOTO_KEY !== undefined && env.EXAMGATE_PHOTO_KEY !== '') {
    settings.photoKey = parsePhotoKey(env.EXAMGATE_PHOTO_KEY, 'EXAMGATE_PHOTO_KEY');
  }

  settings.photoRetentionDays = positiveNumber(env.EXAMGATE_PHOTO_RETENTION_DAYS, 'EXAMGATE_PHOTO_RETENTION_DAYS', DEFAULT_PHOTO_RETENTION_DAYS);
  settings.cardTimeoutMs = positiveNumber(env.EXAMGATE_CARD_TIMEOUT_MS, 'EXAMGATE_CARD_TIMEOUT_MS', DEFAULT_CARD_TIMEOUT_MS);

  if (env.EXAMGATE_REGISTRY_URL !== undefined && env.EXAMGATE_REGISTRY_URL !== '') {
    settings.registryUrl = env.EXAMGATE_REGISTRY_URL;
    settings.registryTls = {
      ...(env.EXAMGATE_REGISTRY_CA === undefined ? {} : { caFile: env.EXAMGATE_REGISTRY_CA }),
      ...(env.EXAMGATE_REGISTRY_CERT === undefined ? {} : { certFile: env.EXAMGATE_REGISTRY_CERT }),
      ...(env.EXAMGATE_REGISTRY_KEY === undefined ? {} : { keyFile: env.EXAMGATE_REGISTRY_KEY }),
    };
  }

  return settings;
}

function positiveNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === '') {
    return fallback;
  }

  const value = Number(text);

  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} is "${text}"; expected a positive number`);
  }

  return value;
}

/** The registry parts of one server: the check the pipeline calls and the worker that retries pending checks. */
export interface RegistryWiring {
  check: RegistryCheck;
  worker: RegistryRetryWorker;
}

/**
 * Builds the registry check over `service` with outage tracking, metering and the retry queue on
 * the server's database. Outage tracking sits under the metering, so it sees only real calls.
 */
export function wireRegistry(db: Kysely<Database>, service: IdentityRegistry, onResolved: RegistryResolutionHandler, logger?: RegistryLogger, workerOptions: { pollIntervalMs?: number; backoff?: { baseDelayMs: number; maxDelayMs: number }; clock?: Clock } = {}): RegistryWiring {
  const registryDb = db as unknown as Kysely<RegistryTables>;
  const clock = workerOptions.clock ?? Date.now;
  const withLogger = logger === undefined ? {} : { logger };
  const tracked = new OutageTrackingRegistry(service, new KyselyRegistryOutageStore(db), { ...withLogger, clock });
  const metered = new MeteredRegistry(tracked, new KyselyMeteringStore(registryDb), { ...withLogger, clock });
  const queue = new KyselyRetryQueueStore(registryDb, () => new Date(clock()).toISOString());
  const worker = new RegistryRetryWorker({
    store: queue, registry: metered, onResolved, workerId: `${hostname()}:${process.pid}`, ...withLogger, ...workerOptions, clock,
  });
  return { check: new RegistryCheck(metered, queue, { clock }), worker };
}

/** Builds the HTTP client of the configured registry service. */
export async function registryClientFromSettings(url: string, tls: { caFile?: string; certFile?: string; keyFile?: string } | undefined, logger?: RegistryLogger): Promise<HttpRegistryClient> {
  const hasTls = tls !== undefined && (tls.caFile !== undefined || tls.certFile !== undefined || tls.keyFile !== undefined);
  return new HttpRegistryClient({ baseUrl: url, ...(hasTls ? { tls: await loadRegistryTls(tls) } : {}), ...(logger === undefined ? {} : { logger }) });
}
