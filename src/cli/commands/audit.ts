import type { Command } from 'commander';

import { repairAuditHead, verifyAuditChain } from '../../server/audit/audit-log.js';
import { createDatabase } from '../../server/db/database.js';
import { CliExit } from '../exit.js';
import { commandGroup } from './command-group.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

/** Adds `examgate audit verify [--database URL] [--json]` and `examgate audit repair-head [--database URL]`. */
export function register(program: Command): void {
  const group = commandGroup(program, 'audit', 'Nhật ký kiểm toán / audit log');

  group
    .command('verify')
    .description('Kiểm tra chuỗi băm của nhật ký / verify the hash chain of the audit log (exit 1 when broken)')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .option('--json', 'print one JSON object')
    .action(async (options: { database?: string; json?: boolean }) => {
      const database = createDatabase(databaseUrlFrom(options.database));

      try {
        const result = await verifyAuditChain(database.db);

        if (options.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } else if (result.ok) {
          process.stdout.write(`Nhật ký toàn vẹn / audit log intact: ${result.entries} entries, last hash ${result.lastHash}\n`);
        } else if (result.firstBroken?.head === true) {
          process.stdout.write(`Các mục nguyên vẹn nhưng đầu chuỗi sai / entries intact (${result.entries}), but the chain head is wrong: ${result.firstBroken.reason}\n`);
        } else {
          process.stdout.write(`Nhật ký bị thay đổi / audit log broken at entry ${result.firstBroken?.seq}: ${result.firstBroken?.reason}\n`);
        }

        if (!result.ok) throw new CliExit(1);
      } finally {
        await database.close();
      }
    });

  group
    .command('repair-head')
    .description('Đặt lại đầu chuỗi (PostgreSQL) theo mục cuối khi chuỗi còn nguyên vẹn / point the chain head (PostgreSQL) at the last entry when the chain is intact (exit 1 when broken)')
    .option('--database <url>', DATABASE_OPTION_HELP)
    .action(async (options: { database?: string }) => {
      const database = createDatabase(databaseUrlFrom(options.database));

      try {
        if (database.dialect !== 'postgres') {
          process.stdout.write('SQLite không có đầu chuỗi / SQLite has no chain head: each append reads the last entry\n');
          return;
        }

        const result = await repairAuditHead(database.db);
        const describe = (head: { seq: number; hash: string } | null): string => (head === null ? 'none' : `entry ${head.seq}, hash ${head.hash}`);

        if (result.reason !== undefined) {
          process.stdout.write(`Không sửa / not repaired: ${result.reason}\n`);
          throw new CliExit(1);
        }

        if (result.repaired) {
          process.stdout.write(`Đã sửa đầu chuỗi / chain head repaired: was ${describe(result.before)}, now ${describe(result.after)}\n`);
        } else {
          process.stdout.write(`Đầu chuỗi đã đúng / chain head already correct: ${describe(result.after)}\n`);
        }
      } finally {
        await database.close();
      }
    });
}
