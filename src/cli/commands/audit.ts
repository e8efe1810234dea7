import type { Command } from 'commander';

import { verifyAuditChain } from '../../server/audit/audit-log.js';
import { createDatabase } from '../../server/db/database.js';
import { CliExit } from '../exit.js';
import { commandGroup } from './command-group.js';
import { databaseUrlFrom, DATABASE_OPTION_HELP } from './database-option.js';

/** Adds `examgate audit verify [--database URL] [--json]`. */
export function register(program: Command): void {
  commandGroup(program, 'audit', 'Nhật ký kiểm toán / audit log')
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
        } else {
          process.stdout.write(`Nhật ký bị thay đổi / audit log broken at entry ${result.firstBroken?.seq}: ${result.firstBroken?.reason}\n`);
        }

        if (!result.ok) throw new CliExit(1);
      } finally {
        await database.close();
      }
    });
}
