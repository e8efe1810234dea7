// `examgate demo`: runs a whole exam day unattended on the shipped sample files and prints its
// summary; exits 0 only when the day went as the product promises (see src/demo/summary.ts).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Command } from 'commander';

import { runDemo } from '../../demo/run-demo.js';
import { createProgress } from '../../demo/progress.js';
import { formatSummary } from '../../demo/summary.js';
import { CliExit } from '../exit.js';

interface DemoCommandOptions {
  out?: string;
  json?: boolean;
  database?: string;
  transport: string;
  seed: string;
}

const TRANSPORTS = ['auto', 'pcsc', 'in-process'] as const;

async function runDemoCommand(options: DemoCommandOptions): Promise<void> {
  const transport = TRANSPORTS.find((entry) => entry === options.transport);
  const seed = Number(options.seed);

  if (transport === undefined) throw new Error(`--transport is "${options.transport}"; give one of ${TRANSPORTS.join(', ')}`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed is "${options.seed}"; give a whole number of 0 or more`);

  const workDir = await mkdtemp(join(tmpdir(), 'examgate-demo-'));
  const outDir = resolve(options.out ?? join(workDir, 'reports'));
  // Never the user's ./data: a fresh SQLite file unless a database is named.
  const databaseUrl = options.database ?? join(workDir, 'demo.sqlite');
  // With --json, standard output carries only the summary object.
  const progress = createProgress((text) => (options.json === true ? process.stderr : process.stdout).write(text));

  const summary = await runDemo({ outDir, databaseUrl, transport, seed, progress });

  process.stdout.write(options.json === true ? `${JSON.stringify(summary)}\n` : formatSummary(summary));

  if (!summary.passed) {
    throw new CliExit(1);
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('Chạy thử trọn một ngày thi, không cần người thao tác / run a whole exam day unattended')
    .option('--out <dir>', 'folder for the reports (default: a new temporary folder)')
    .option('--json', 'print the summary as one JSON object (progress goes to standard error)')
    .option('--database <url>', 'database to use (default: a fresh SQLite file in a temporary folder, never ./data)')
    .option('--transport <path>', 'how cards reach the stations: auto (PC/SC when pcscd and vpcd are here), pcsc, in-process', 'auto')
    .option('--seed <n>', 'seed of the card faults and the answers', '2025')
    .action(runDemoCommand);
}
