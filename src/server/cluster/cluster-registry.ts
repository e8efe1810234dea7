// Which server is part of a cluster: `examgate serve --redis` attaches a Redis link to the open
// database before building the server, and the areas that keep live state look it up by the
// database handle that the root instance and every plugin share.
import type { ServerDatabase } from '../db/database.js';
import type { ClusterLink } from './cluster-link.js';

const links = new WeakMap<ServerDatabase, ClusterLink>();

export function attachCluster(database: ServerDatabase, link: ClusterLink): void {
  links.set(database, link);
}

/** Returns the Redis link of the server on `database`, or undefined when it runs alone. */
export function clusterOf(database: ServerDatabase): ClusterLink | undefined {
  return links.get(database);
}
