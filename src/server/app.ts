// Builds the Fastify server: logging, cookies, sessions and CSRF, uploads, the OpenAPI
// description, health and readiness, the route modules of every area and the web app.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';

import { installSessionHooks } from './auth/session-hooks.js';
import { MAX_STATION_MESSAGE_BYTES } from './checkin/station-socket.js';
import { deleteExpiredSessions } from './auth/session-store.js';
import { DEFAULT_LOGIN_LIMITS, DEFAULT_SESSION_TTL_MINUTES, DEFAULT_UPLOAD_LIMIT_BYTES, type ServerConfig } from './config.js';
import { createDatabase, type ServerDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { installErrorHandlers } from './error-handler.js';
import type { ServerSettings } from './fastify-types.js';
import { generateRequestId, loggerOptions } from './logger.js';
import { ROUTE_MODULES } from './routes/index.js';

export const DEFAULT_WEB_ROOT = resolve('web/dist');
const SESSION_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

function settingsOf(config: ServerConfig): ServerSettings {
  return {
    cookieSecure: config.cookieSecure ?? false,
    sessionTtlMinutes: config.sessionTtlMinutes ?? DEFAULT_SESSION_TTL_MINUTES,
    login: { ...DEFAULT_LOGIN_LIMITS, ...config.login },
    uploadLimitBytes: config.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
  };
}

/** Rejects an API route without a JSON schema, so that no route skips input validation. */
function requireRouteSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.schema !== undefined) {
      return;
    }

    throw new Error(`route ${String(route.method)} ${route.url} has no JSON schema: add schema.params/querystring/body to it`);
  });
}

async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    app.log.info({ webRoot }, 'web app not built; serving the API only');
    return;
  }

  await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.log.info({ webRoot }, 'serving the web app');
}

/** How often a closing server ends keep-alive connections that have turned idle, in milliseconds. */
const IDLE_CLOSE_INTERVAL_MS = 100;

/**
 * Builds the server for `config` without listening. The database is opened (when given as a
 * URL), migrated unless `migrate: false`, and closed when the server closes; a database passed
 * in open stays open for the caller to close.
 */
export async function buildServer(config: ServerConfig): Promise<FastifyInstance> {
  const settings = settingsOf(config);
  const ownsDatabase = typeof config.database === 'string';
  const database: ServerDatabase = typeof config.database === 'string' ? createDatabase(config.database) : config.database;

  const app = Fastify({
    logger: loggerOptions(config.logLevel ?? 'info', config.logStream),
    genReqId: generateRequestId,
    trustProxy: config.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Nullable fields are written as type unions (["string", "null"]), which Ajv's strict mode
    // accepts only with allowUnionTypes. `verbose` puts the rejected value in each error, so
    // REQUEST_INVALID can name it (src/server/validation-messages.ts).
    ajv: { customOptions: { allowUnionTypes: true, verbose: true } },
  });

  // Only the message and code: node-postgres's error carries its client, with settings and SQL.
  database.onConnectionError((error) => app.log.warn({ error: error.message, code: (error as { code?: unknown }).code }, 'an idle PostgreSQL connection failed and was discarded; the pool opens a new one when needed'));
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.decorate('settings', settings);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Expired sessions are only ever rejected; this removes their rows once an hour.
  const sessionSweep = setInterval(() => {
    deleteExpiredSessions(database.db).catch((error: unknown) => app.log.warn({ err: error }, 'removing expired sessions failed'));
  }, SESSION_SWEEP_INTERVAL_MS);
  sessionSweep.unref();

  // While closing, a keep-alive connection whose request finishes turns idle, and Node's server
  // would wait for Fastify's keep-alive timeout (72 s) before it ends. Closing idle connections
  // every 100 ms lets a shutdown end as soon as the in-flight requests are done.
  app.addHook('preClose', async () => {
    const closer = setInterval(() => app.server.closeIdleConnections(), IDLE_CLOSE_INTERVAL_MS);
    closer.unref();
    app.server.once('close', () => clearInterval(closer));
  });

  // Fastify waits for in-flight requests before onClose runs, so writes finish before the
  // database closes.
  app.addHook('onClose', async () => {
    clearInterval(sessionSweep);

    if (ownsDatabase) {
      await database.close();
    }
  });

  try {
    if (config.migrate !== false) {
      const applied = await migrateToLatest(database.db);
      app.log.info({ applied, database: database.description }, 'database migrated');
    }
  } catch (error) {
    if (ownsDatabase) {
      await database.close();
    }

    throw error;
  }

  requireRouteSchemas(app);
  installErrorHandlers(app);

  await app.register(fastifyCookie);
  // WebSockets for every area (stations, room dashboards, the candidate's attempt); registered
  // once at the root, since each registration would handle the same HTTP upgrade.
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_STATION_MESSAGE_BYTES } });
  await app.register(fastifyMultipart, { limits: { fileSize: settings.uploadLimitBytes, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'examgate API', version: '0.1.0', description: 'API of the examgate server; see docs/api.md.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'examgate_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });

  installSessionHooks(app);

  for (const module of ROUTE_MODULES) {
    await app.register(module.plugin, { prefix: module.prefix });
  }

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerWebApp(app, config.webRoot ?? DEFAULT_WEB_ROOT);

  return app;
}
