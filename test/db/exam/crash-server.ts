// A server process for the crash test: serves the database at argv[2] on 127.0.0.1 port 0 and
// prints `listening <url>` once it accepts requests. The test kills it with SIGKILL.
import { buildServer } from '../../../src/server/app.js';

const url = process.argv[2];

if (url === undefined) {
  process.stderr.write('usage: crash-server.ts DATABASE_URL\n');
  process.exit(2);
}

// The test migrated the database already; a restart must not wait on migrations.
const app = await buildServer({ database: url, migrate: false, logLevel: 'warn', webRoot: '/nonexistent' });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
