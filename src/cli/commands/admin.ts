import type { Command } from 'commander';

import { createUser } from '../../server/accounts/users.js';
import { generatePassword } from '../../server/auth/passwords.js';
import { createDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import type { Role } from '../../server/db/schema.js';
import { ApiError } from '../../server/errors.js';
import { requireUnit } from '../../server/organisation/units.js';
import { CliExit } from '../exit.js';
import { commandGroup } from './command-group.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

interface AdminCreateOptions {
  username: string;
  name: string;
  role: Role;
  unit?: string;
  database?: string;
}

const ROLES: Role[] = ['department_admin', 'unit_admin', 'teacher', 'proctor'];

/** Adds `examgate admin create`. */
export function register(program: Command): void {
  commandGroup(program, 'admin', 'Quản trị tài khoản / account administration')
    .command('create')
    .description('Tạo tài khoản quản trị với mật khẩu dùng một lần / create an administrator account with a one-time password')
    .option('--username <name>', 'login name (lower-case letters, digits, . _ -)', 'admin')
    .option('--name <text>', 'display name', 'Quản trị Sở')
    .option('--role <role>', `role: ${ROLES.join(', ')}`, 'department_admin')
    .option('--unit <code>', 'unit code (required for every role but department_admin)')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: AdminCreateOptions) => {
      await runAdminCreate(options);
    });
}

async function runAdminCreate(options: AdminCreateOptions): Promise<void> {
  if (!ROLES.includes(options.role)) {
    process.stderr.write(`examgate admin create: invalid --role "${options.role}": use one of ${ROLES.join(', ')}\n`);
    throw new CliExit(2);
  }

  const database = createDatabase(databaseUrlFrom(options.database));

  try {
    await migrateToLatest(database.db);

    const unitId = options.unit === undefined ? null : (await requireUnit(database.db, options.unit)).id;
    const password = generatePassword();
    const user = await createUser(database.db, { username: options.username, displayName: options.name, role: options.role, unitId, password, mustChangePassword: true }, null);

    process.stdout.write(
      [
        `Đã tạo tài khoản / account created: ${user.username} (${user.role})`,
        `Mật khẩu dùng một lần / one-time password: ${password}`,
        'Mật khẩu chỉ in một lần; đổi ngay khi đăng nhập. / Printed only once; change it at the first login.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;

    const message = error.toBody().message;
    process.stderr.write(`examgate admin create: ${message.vi} / ${message.en}\n`);
    throw new CliExit(1);
  } finally {
    await database.close();
  }
}
