import type { Command } from 'commander';

import { bootstrapFirstAdmin } from '../../server/accounts/users.js';
import { buildServer } from '../../server/app.js';
import { createDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { seedDemo } from '../../server/demo/seed.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

interface ServeOptions {
  port: string;
  host: string;
  database?: string;
  demo?: boolean;
  cookieSecure?: boolean;
}

export const DEFAULT_PORT = 8080;

/** Adds `examgate serve [--port] [--host] [--database URL] [--demo]`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Chạy máy chủ examgate / run the examgate server')
    .option('--port <port>', 'TCP port to listen on', String(DEFAULT_PORT))
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface, e.g. the exam-room network)', '127.0.0.1')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .option('--demo', 'on an empty database, create demo data and print the demo logins')
    .option('--cookie-secure', 'send cookies only over HTTPS (set it behind a TLS proxy)')
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

  const app = await buildServer({ database, migrate: false, cookieSecure: options.cookieSecure ?? false });

  app.addHook('onClose', async () => {
    await database.close();
  });

  const address = await app.listen({ port, host: options.host });
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
