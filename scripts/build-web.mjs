#!/usr/bin/env node
// Builds the web app into web/dist with Vite when web/dist is missing or older than any source
// of the web app (web/src, web/index.html, web/vite.config.ts) or the lock file.
// Usage: node scripts/build-web.mjs [--force]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const WEB = 'web';
const OUTPUT = join(WEB, 'dist', 'index.html');
const SOURCES = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), 'package-lock.json'];

function newestModification(path) {
  if (!existsSync(path)) return 0;

  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;

  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestModification(join(path, name))), stats.mtimeMs);
}

const force = process.argv.includes('--force');
const builtAt = existsSync(OUTPUT) ? statSync(OUTPUT).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map(newestModification));

if (!force && builtAt > sourcesAt) {
  console.log('build-web: web/dist is up to date');
  process.exit(0);
}

console.log('build-web: building web/dist with vite');
const result = spawnSync('npx', ['vite', 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });

if (result.status !== 0) {
  console.error('build-web: the vite build failed; fix the errors above and run `npm run build:web`.');
  process.exit(result.status ?? 1);
}
