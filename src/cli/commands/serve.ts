import { type Command, Option } from 'commander';

import { bootstrapFirstAdmin } from '../../server/accounts/users.js';
import { buildServer } from '../../server/app.js';
import { ClusterLink, DEFAULT_KEY_PREFIX, redactUrl } from '../../server/cluster/cluster-link.js';
import { attachCluster } from '../../server/cluster/cluster-registry.js';
import { createDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { seedDemo } from '../../server/demo/seed.js';
import { loadOrCreateLocalPhotoKey } from '../../server/checkin/local-photo-key.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

/**
 * Length of the queue of connections waiting to be accepted (the kernel caps it at
 * net.core.somaxconn). With Node's default of 511, thousands of candidates loading at once
 * overflowed it (the kernel's TcpExtListenOverflows counter rose), and nginx then timed out
 * connecting to busy but live instances, marked them failed and replied 502.
 */
const LISTEN_BACKLOG = 4096;

interface ServeOptions {
  port: string;
  host: string;
  database?: string;
  demo?: boolean;
  cookieSecure?: boolean;
  redis?: string;
  redisPrefix: string;
  instanceId?: string;
  trustProxy?: string;
  logLevel: string;
}

export const DEFAULT_PORT = 8080;

/**
 * Adds `examgate serve [--port] [--host] [--database URL] [--redis URL] [--demo]`. Every option
 * can also come from an EXAMGATE_* environment variable (docs/deployment.md lists them); a flag
 * wins over the variable.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Chạy máy chủ examgate / run the examgate server')
    .addOption(new Option('--port <port>', 'TCP port to listen on').env('EXAMGATE_PORT').default(String(DEFAULT_PORT)))
    .addOption(new Option('--host <host>', 'address to listen on (0.0.0.0 for every interface, e.g. the exam-room network)').env('EXAMGATE_HOST').default('127.0.0.1'))
    .option('--database <url>', DATABASE_OPTION_HELP)
    .addOption(new Option('--redis <url>', 'Redis URL (redis://HOST:PORT/DB) that joins this instance to the others for live events and station commands; required when several instances serve one database').env('EXAMGATE_REDIS_URL'))
    .addOption(new Option('--redis-prefix <prefix>', 'prefix of every Redis key and channel of this deployment').env('EXAMGATE_REDIS_PREFIX').default(DEFAULT_KEY_PREFIX))
    .addOption(new Option('--instance-id <name>', 'name of this instance in logs and in Redis (default: random)').env('EXAMGATE_INSTANCE_ID'))
    .addOption(new Option('--trust-proxy <addresses>', 'trust X-Forwarded-For from these proxy addresses (comma-separated, e.g. 127.0.0.1), so login limits count clients, not the proxy').env('EXAMGATE_TRUST_PROXY'))
    .addOption(new Option('--log-level <level>', 'pino log level: fatal, error, warn, info, debug').env('EXAMGATE_LOG_LEVEL').default('info'))
    .option('--demo', 'on an empty database, create demo data and print the demo logins')
    .addOption(new Option('--cookie-secure', 'send cookies only over HTTPS (set it behind a TLS proxy)').env('EXAMGATE_COOKIE_SECURE'))
    .action(async (options: ServeOptions) => {
      await runServe(options);
    });
}

function printLogins(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runServe(options: ServeOptions): Promise<void> {
  const port = Number.parseInt(options.port, 10);

  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid --port "${options.port}": give a number from 0 to 65535`);
  }

  const database = createDatabase(databaseUrlFrom(options.database));

  await migrateToLatest(database.db);

  if (options.demo) {
    const demo = await seedDemo(database.db);

    if (demo.seeded) {
      printLogins([
        'Dữ liệu demo đã được tạo / demo data created. Tài khoản demo / demo logins:',
        ...demo.logins.map((login) => `  ${login.username.padEnd(14)} ${login.password}   ${login.purpose}`),
      ]);
    }
  }

  const firstAdmin = await bootstrapFirstAdmin(database.db);

  if (firstAdmin !== null) {
    printLogins([
      'Đã tạo quản trị viên Sở đầu tiên / first department administrator created:',
      `  tên đăng nhập / username: ${firstAdmin.username}`,
      `  mật khẩu dùng một lần / one-time password: ${firstAdmin.password}`,
      '  Mật khẩu này chỉ in một lần; hãy đổi ngay khi đăng nhập. / This password is printed only once; change it at the first login.',
    ]);
  }

  const cluster = options.redis === undefined ? null : await ClusterLink.connect({ redisUrl: options.redis, keyPrefix: options.redisPrefix, instanceId: options.instanceId });

  if (cluster !== null) {
    attachCluster(database, cluster);
  }

  // A single server on its own SQLite file keeps its chip-photo key beside the database, so
  // `npm start` shows chip photos to proctors without any setting.
  if ((process.env.EXAMGATE_PHOTO_KEY ?? '') === '' && database.dialect === 'sqlite' && database.description !== 'sqlite::memory:') {
    const photoKey = loadOrCreateLocalPhotoKey(database.description.slice('sqlite:'.length));
    process.env.EXAMGATE_PHOTO_KEY = photoKey.key;

    if (photoKey.created) {
      process.stdout.write(`Đã tạo khoá mã hoá ảnh chip / chip photo key created: ${photoKey.file}\n`);
    }
  }

  const trustProxy = options.trustProxy === undefined ? false : options.trustProxy.split(',').map((entry) => entry.trim());
  const app = await buildServer({ database, migrate: false, cookieSecure: options.cookieSecure ?? false, trustProxy, logLevel: options.logLevel });

  app.addHook('onClose', async () => {
    await cluster?.close();
    await database.close();
  });

  if (cluster !== null) {
    cluster.logger = app.log;
    app.log.info({ redis: redactUrl(options.redis ?? ''), instanceId: cluster.instanceId, keyPrefix: cluster.keyPrefix }, 'joined the cluster through Redis');
  }

  const address = await app.listen({ port, host: options.host, backlog: LISTEN_BACKLOG });
  process.stdout.write(`examgate đang chạy tại / listening on ${address} (${database.description})\n`);

  const shutdown = (signal: string): void => {
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };

  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
