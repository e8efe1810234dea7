// The check-in area as one Fastify plugin: the station hub, the trust store cache, the check-in
// service with settings from the environment, the registry wiring, and the hourly purge of
// expired photos. WebSocket support is registered at the root (app.ts).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

import type { IdentityRegistry } from '../../registry/types.js';
import type { ServerDatabase } from '../db/database.js';
import { registryClientFromSettings, settingsFromEnvironment, wireRegistry, type RegistryWiring } from './checkin-config.js';
import { registerCheckInRoutes } from './checkin-routes.js';
import { CheckInService, type CheckInSettings } from './checkin-service.js';
import { purgeExpiredPhotos } from './photo-store.js';
import { DatabaseAlignedClock } from '../cluster/clock-skew.js';
import { createStationHub } from '../cluster/station-hub-factory.js';
import { announceAttemptChange } from '../exam/attempt-live.js';
import type { StationHub } from './station-hub.js';
import { TrustStoreCache } from './trust-anchors.js';

const PHOTO_PURGE_INTERVAL_MS = 60 * 60 * 1000;

interface CheckInArea {
  service: CheckInService;
  hub: StationHub;
  trust: TrustStoreCache;
  registry: RegistryWiring | null;
  /** The database server's time, which the registry parts write and compare. */
  clock: DatabaseAlignedClock;
}

// Keyed by the server's database handle, which the root instance and every plugin share.
const areas = new WeakMap<ServerDatabase, CheckInArea>();

function areaOf(app: FastifyInstance): CheckInArea {
  const area = areas.get(app.database);

  if (area === undefined) {
    throw new Error('the check-in routes are not registered on this server');
  }

  return area;
}

/** The check-in service of a built server (tests and the CLI use it). */
export function checkInServiceOf(app: FastifyInstance): CheckInService {
  return areaOf(app).service;
}

/**
 * Replaces check-in settings of a built server. With `registry`, wires that service with
 * metering and the retry queue and returns the wiring, whose worker the caller starts or runs.
 */
export async function configureCheckIn(app: FastifyInstance, settings: Partial<CheckInSettings> & { registry?: never }, registry?: IdentityRegistry | null, workerOptions: Parameters<typeof wireRegistry>[4] = {}): Promise<RegistryWiring | null> {
  const area = areaOf(app);
  Object.assign(area.service.settings, settings);

  if (registry === undefined) {
    return area.registry;
  }

  await area.registry?.worker.stop();
  area.registry = registry === null ? null : wireRegistry(app.db, registry, (resolution) => area.service.onRegistryResolved(resolution), app.log, { clock: area.clock.now, ...workerOptions });
  area.service.settings.registry = area.registry?.check ?? null;
  return area.registry;
}

export const checkInRoutes: FastifyPluginAsync = async (app) => {
  const hub = await createStationHub(app);
  const trust = new TrustStoreCache(app.db);
  const service = new CheckInService(app.db, hub, trust, app.log);
  service.onAttemptHeld = (attemptId) => void announceAttemptChange(app.database, { attemptId, cause: 'status' }, app.log);
  const environment = await settingsFromEnvironment();
  const { registryUrl, registryTls, ...settings } = environment;
  Object.assign(service.settings, settings);

  // Registry retry claims expire by time, so every instance must take its times from the same
  // clock: the database server's. A failed first measurement leaves this host's own clock.
  const clock = new DatabaseAlignedClock(app.db);
  await clock.refresh().catch((error: unknown) => app.log.error({ err: error }, 'measuring the offset from the database clock failed; registry retries use this host\'s clock until the next measurement'));
  clock.start((error) => app.log.error({ err: error }, 'measuring the offset from the database clock failed; registry retries keep the last offset'));

  const area: CheckInArea = { service, hub, trust, registry: null, clock };
  areas.set(app.database, area);

  if (registryUrl !== undefined) {
    const client = await registryClientFromSettings(registryUrl, registryTls, app.log);
    area.registry = wireRegistry(app.db, client, (resolution) => service.onRegistryResolved(resolution), app.log, { clock: clock.now });
    service.settings.registry = area.registry.check;
    area.registry.worker.start();
    app.log.info({ registry: new URL(registryUrl).origin }, 'registry verification configured for check-in');
  }

  if (service.settings.photoKey === null) {
    app.log.warn('EXAMGATE_PHOTO_KEY is not set: chip photos are neither stored nor shown to proctors');
  }

  const purge = setInterval(() => {
    purgeExpiredPhotos(app.db).then((count) => {
      if (count > 0) app.log.info({ count }, 'expired chip photos deleted');
    }).catch((error: unknown) => app.log.error({ err: error }, 'deleting expired chip photos failed'));
  }, PHOTO_PURGE_INTERVAL_MS);
  purge.unref();

  app.addHook('onClose', async () => {
    clearInterval(purge);
    clock.stop();
    hub.closeAll();
    await area.registry?.worker.stop();
    areas.delete(app.database);
  });

  registerCheckInRoutes(app, { service, hub, trust });
};
