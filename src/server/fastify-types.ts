// Decorations that buildServer adds to Fastify's instance and requests.
import type { Kysely } from 'kysely';

import type { SessionUser } from './auth/session-store.js';
import type { LoginLimits } from './config.js';
import type { ServerDatabase } from './db/database.js';
import type { Database } from './db/schema.js';

/** Settings routes read, with every default filled in. */
export interface ServerSettings {
  cookieSecure: boolean;
  sessionTtlMinutes: number;
  login: LoginLimits;
  uploadLimitBytes: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The typed query builder of the server's database. */
    db: Kysely<Database>;
    database: ServerDatabase;
    settings: ServerSettings;
  }

  interface FastifyRequest {
    /** The logged-in user of the request's session cookie, or null. */
    user: SessionUser | null;
  }
}
