// Chooses the check-in station hub: the cluster hub when the server was started with Redis,
// else the base hub of one process.
import type { FastifyInstance } from 'fastify';

import { StationHub } from '../checkin/station-hub.js';
import { clusterOf } from './cluster-registry.js';
import { ClusterStationHub } from './cluster-station-hub.js';

export async function createStationHub(app: FastifyInstance): Promise<StationHub> {
  const link = clusterOf(app.database);
  return link === undefined ? new StationHub() : ClusterStationHub.start(link);
}
