// The server process of the exam benchmark: serves the database at argv[2] on 127.0.0.1 port 0
// and prints `listening <url>`. The finaliser is off (the benchmark submits every attempt).
import { buildServer } from '../src/server/app.js';

const url = process.argv[2];

if (url === undefined) {
  process.stderr.write('usage: exam-server.ts DATABASE_URL\n');
  process.exit(2);
}

const app = await buildServer({ database: url, migrate: false, logLevel: 'warn', webRoot: '/nonexistent' });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const loopAtListen = performance.eventLoopUtilization();
process.stdout.write(`listening ${address}\n`);

// The event loop's busy time includes the time better-sqlite3 blocks it in a log sync, which
// the process's CPU time does not count.
process.on('SIGTERM', () => {
  const loop = performance.eventLoopUtilization(loopAtListen);
  process.stderr.write(`server event loop busy: ${(loop.active / 1000).toFixed(1)} s of ${((loop.active + loop.idle) / 1000).toFixed(1)} s since listening\n`);
  void app.close().then(() => process.exit(0));
});
