// Benchmark: HTTP request throughput of the API on SQLite and PostgreSQL. A real server on
// 127.0.0.1 serves logged-in clients that run for a fixed time: reads list 50 candidates of a
// unit, writes create a class (each a transaction with an audit entry). Prints requests per
// second and latency percentiles. Run: node --import tsx bench/api-throughput.ts [SECONDS] [CONCURRENCY]
import { PassThrough } from 'node:stream';

import { createUser } from '../src/server/accounts/users.js';
import { buildServer } from '../src/server/app.js';
import { upsertCandidates } from '../src/server/candidates/store.js';
import { createUnit } from '../src/server/organisation/units.js';
import { makePeople } from '../test/db/server/candidate-files.js';
import { createTestDatabase, postgresUnavailableReason, type DatabaseKind } from '../test/support/databases.js';
import { ApiClient } from '../test/support/server.js';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);
const PASSWORD = 'bench-password-1';

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function drive(label: string, request: (worker: number, index: number) => Promise<number>): Promise<void> {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;

  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = 0; performance.now() < deadline; index += 1) {
        const started = performance.now();
        const status = await request(worker, index);
        latencies.push(performance.now() - started);
        if (status >= 400) failures += 1;
      }
    }),
  );

  latencies.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(6)} ${(latencies.length / seconds).toFixed(0).padStart(6)} req/s  p50 ${percentile(latencies, 0.5).toFixed(1)} ms  p99 ${percentile(latencies, 0.99).toFixed(1)} ms  failed ${failures}`,
  );
}

async function benchmark(kind: DatabaseKind): Promise<void> {
  const testDatabase = await createTestDatabase(kind);
  const { db } = testDatabase.database;
  const unit = await createUnit(db, { code: 'BENCH', name: 'Bench', kind: 'centre' }, null);
  await createUser(db, { username: 'bench', displayName: 'Bench', role: 'unit_admin', unitId: unit.id, password: PASSWORD }, null);
  await db.transaction().execute((trx) =>
    upsertCandidates(
      trx,
      unit.id,
      makePeople(1000, 5).map((person) => ({
        matchKey: `id:${person.idNumber}`,
        idNumber: person.idNumber,
        legacyIdNumber: null,
        cardIssuedOn: null,
        fullName: person.fullName,
        fullNameDisplay: person.fullName,
        birthDate: person.birthDate,
        sex: person.sex,
        chipStatus: 'chipped',
        classId: null,
        email: null,
        phone: null,
      })),
    ),
  );

  const app = await buildServer({ database: testDatabase.database, logLevel: 'warn', logStream: new PassThrough(), webRoot: '/nonexistent' });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const clients = await Promise.all(Array.from({ length: concurrency }, () => new ApiClient(baseUrl).login('bench', PASSWORD)));

  try {
    console.log(`${kind}: ${seconds} s per test, ${concurrency} concurrent clients`);
    await drive('read', async (worker) => (await (clients[worker] as ApiClient).get(`/api/units/${unit.id}/candidates?limit=50`)).status);
    await drive('write', async (worker, index) => (await (clients[worker] as ApiClient).post(`/api/units/${unit.id}/classes`, { code: `C${worker}-${index}`, name: 'Lớp' })).status);
  } finally {
    await app.close();
    await testDatabase.dispose();
  }
}

await benchmark('sqlite');

const postgresReason = await postgresUnavailableReason();

if (postgresReason === null) {
  await benchmark('postgres');
} else {
  console.log(`postgres skipped: ${postgresReason}`);
}
