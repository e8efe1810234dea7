// The server process of the exam benchmark: serves the database at argv[2] on 127.0.0.1 port 0
// and prints `listening <url>`. The finaliser is off (the benchmark submits every attempt).
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

import { buildServer } from '../src/server/app.js';

const url = process.argv[2];

if (url === undefined) {
  process.stderr.write('usage: exam-server.ts DATABASE_URL\n');
  process.exit(2);
}

const app = await buildServer({ database: url, migrate: false, logLevel: 'warn', webRoot: '/nonexistent' });
// The same accept queue as `examgate serve` (src/cli/commands/serve.ts).
const address = await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
const loopAtListen = performance.eventLoopUtilization();

// Event-loop stalls and garbage-collection pauses, printed at the end to explain slow saves.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const gcPauses = { count: 0, totalMs: 0, maxMs: 0, over50Ms: 0 };
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcPauses.count += 1;
    gcPauses.totalMs += entry.duration;
    gcPauses.maxMs = Math.max(gcPauses.maxMs, entry.duration);
    gcPauses.over50Ms += entry.duration > 50 ? 1 : 0;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });

process.stdout.write(`listening ${address}\n`);

// The event loop's busy time includes the time better-sqlite3 blocks it in a log sync, which
// the process's CPU time does not count.
process.on('SIGTERM', () => {
  const loop = performance.eventLoopUtilization(loopAtListen);
  const ms = (nanoseconds: number): string => (nanoseconds / 1e6).toFixed(1);

  process.stderr.write(`server event loop busy: ${(loop.active / 1000).toFixed(1)} s of ${((loop.active + loop.idle) / 1000).toFixed(1)} s since listening\n`);
  process.stderr.write(`server event loop delay: p50 ${ms(loopDelay.percentile(50))} / p99 ${ms(loopDelay.percentile(99))} / p99.9 ${ms(loopDelay.percentile(99.9))} / max ${ms(loopDelay.max)} ms\n`);
  process.stderr.write(`server garbage collection: ${gcPauses.count} pauses, ${(gcPauses.totalMs / 1000).toFixed(1)} s in all, longest ${gcPauses.maxMs.toFixed(1)} ms, ${gcPauses.over50Ms} over 50 ms\n`);
  void app.close().then(() => process.exit(0));
});
