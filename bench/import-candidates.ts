// Benchmark: import a 10,000-row candidate list (.xlsx) on SQLite and PostgreSQL, dry run and
// commit, and print the time and the peak resident memory of this process.
// Run: node --import tsx bench/import-candidates.ts [ROWS]
import { importCandidates } from '../src/server/candidates/import-candidates.js';
import { createUnit } from '../src/server/organisation/units.js';
import { buildXlsx, makePeople, personRow } from '../test/db/server/candidate-files.js';
import { createTestDatabase, postgresUnavailableReason, type DatabaseKind } from '../test/support/databases.js';

const rowCount = Number(process.argv[2] ?? 10_000);
const MIB = 1024 * 1024;

/** Samples the resident set size every 10 ms while `work` runs and returns the peak. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMiB: number; seconds: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();

  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssMiB: peak / MIB, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

async function benchmark(kind: DatabaseKind, file: Buffer): Promise<void> {
  const testDatabase = await createTestDatabase(kind);

  try {
    const unit = await createUnit(testDatabase.database.db, { code: 'BENCH', name: 'Bench', kind: 'centre' }, null);
    const request = { unitId: unit.id, fileName: 'bench.xlsx', bytes: file, actorUserId: null };
    const dryRun = await withPeakRss(() => importCandidates(testDatabase.database.db, { ...request, dryRun: true }));
    const commit = await withPeakRss(() => importCandidates(testDatabase.database.db, { ...request, dryRun: false }));
    const again = await withPeakRss(() => importCandidates(testDatabase.database.db, { ...request, dryRun: false }));

    for (const [label, run] of [['dry run', dryRun], ['commit (new)', commit], ['commit (re-import)', again]] as const) {
      console.log(
        `${kind.padEnd(8)} ${label.padEnd(19)} ${run.result.rowCount} rows  ${run.seconds.toFixed(2)} s  ${(run.result.rowCount / run.seconds).toFixed(0)} rows/s  peak RSS ${run.peakRssMiB.toFixed(0)} MiB`,
      );
    }
  } finally {
    await testDatabase.dispose();
  }
}

const people = [...new Map(makePeople(rowCount, 2026).map((person) => [person.idNumber, person])).values()];
const file = await buildXlsx(people.map(personRow));

console.log(`candidate list: ${people.length} rows, ${(file.length / 1024).toFixed(0)} KiB .xlsx; node ${process.version}`);
await benchmark('sqlite', file);

const postgresReason = await postgresUnavailableReason();

if (postgresReason === null) {
  await benchmark('postgres', file);
} else {
  console.log(`postgres skipped: ${postgresReason}`);
}
