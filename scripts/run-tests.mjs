#!/usr/bin/env node
// Runs the type check, then the tests of the chosen groups in one run of Node's test runner
// (through tsx), so that the run ends with one summary.
// Usage: node scripts/run-tests.mjs [GROUP ...]   (groups are folders under test/: unit, db,
// pcsc, e2e; default: all of them and the type check).
// Tests that need pcscd with vpcd or Chromium decide for themselves (test/support/require.ts):
// outside CI they skip with a message when those are missing; in CI (CI=true) they fail.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ALL_GROUPS = ['unit', 'db', 'pcsc', 'e2e'];
const requested = process.argv.slice(2);
const groups = requested.length > 0 ? requested : ALL_GROUPS;

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status ?? 1;
}

function listTests(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(folder, name))
    .sort();
}

if (requested.length === 0) {
  console.log('run-tests: type check (tsc --noEmit)');

  if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) {
    console.error('run-tests: the type check failed; fix the errors above.');
    process.exit(1);
  }
}

const files = groups.flatMap((group) => listTests(join('test', group)));

if (files.length === 0) {
  console.error(`run-tests: no test files under test/{${groups.join(',')}}`);
  process.exit(1);
}

console.log(`run-tests: ${files.length} test files in ${groups.join(', ')}`);
// A test that hangs (a stuck daemon, a lost socket) fails after 5 minutes instead of holding up
// the whole run; tests that need longer set their own timeout.
process.exit(run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files]));
