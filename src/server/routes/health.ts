import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';

import { clusterOf } from '../cluster/cluster-registry.js';
import { maxClockSkewMs, measureClockSkewMs } from '../cluster/clock-skew.js';
import { pendingMigrations } from '../db/migrate.js';
import { ApiError } from '../errors.js';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: database, migrations and, in a cluster, Redis). */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { schema: { summary: 'Liveness: the process is up', tags: ['health'] } }, async () => ({ status: 'ok' }));

  app.get('/ready', { schema: { summary: 'Readiness: the database answers and every migration is applied', tags: ['health'] } }, async () => {
    try {
      await sql`SELECT 1`.execute(app.db);
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check: database unreachable');
      throw new ApiError('SERVER_NOT_READY', { reason: 'database unreachable / không kết nối được cơ sở dữ liệu' });
    }

    const pending = await pendingMigrations(app.db);

    if (pending.length > 0) {
      throw new ApiError('SERVER_NOT_READY', { reason: `${pending.length} migrations pending / còn ${pending.length} bản cập nhật CSDL chưa chạy` }, { pending });
    }

    try {
      await clusterOf(app.database)?.ping();
    } catch (error) {
      app.log.warn({ err: error }, 'readiness check: Redis unreachable');
      throw new ApiError('SERVER_NOT_READY', { reason: 'Redis unreachable / không kết nối được Redis' });
    }

    const skewMs = await measureClockSkewMs(app.db);

    if (skewMs !== null && Math.abs(skewMs) > maxClockSkewMs()) {
      app.log.warn({ skewMs }, 'readiness check: this host\'s clock differs from the database clock; answer saves and registry retries would be timed wrongly');
      throw new ApiError('SERVER_NOT_READY', { reason: `clock ${skewMs} ms off the database clock; synchronise it with NTP / đồng hồ lệch ${skewMs} ms so với CSDL` });
    }

    return { status: 'ready', database: app.database.dialect };
  });
};
