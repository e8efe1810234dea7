#!/usr/bin/env node
// Entry point of the `examgate` command. The sources are TypeScript and run through tsx's
// loader, so `npm ci` needs no build step before the command works.
import { register } from 'tsx/esm/api';

register();

const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2));
