// `examgate registry-sim`: runs the simulator of the registry verification service for tests
// and proctor training, from a data file of test identities.
import { writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { generateSampleRecords, toSimulatorDataFile } from '../../registry/sample-identities.js';
import { loadSimulatorData } from '../../registry/simulator-data.js';
import { parseOutageWindow, RegistrySimulator, type OutageWindow } from '../../registry/simulator.js';
import { generateTestPki, readServerTls, writeTestPki } from '../../registry/test-pki.js';

interface RegistrySimOptions {
  port: string;
  host: string;
  data?: string;
  tlsDir?: string;
  initTls?: boolean;
  latencyMs: string;
  outageRate: string;
  outageWindow: OutageWindow[];
  writeSample?: string;
  sampleCount: string;
}

function parseNonNegativeInteger(name: string, text: string): number {
  const value = Number(text);

  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number of 0 or more, got "${text}".`);
  }

  return value;
}

function collectWindow(text: string, previous: OutageWindow[]): OutageWindow[] {
  return [...previous, parseOutageWindow(text)];
}

async function runRegistrySim(options: RegistrySimOptions): Promise<void> {
  if (options.writeSample !== undefined) {
    const count = parseNonNegativeInteger('--sample-count', options.sampleCount);
    await writeFile(options.writeSample, `${JSON.stringify(toSimulatorDataFile(generateSampleRecords(count)), null, 2)}\n`);
    process.stdout.write(`registry-sim: wrote ${count} test identities to ${options.writeSample}\n`);
    return;
  }

  if (options.data === undefined) {
    throw new Error('registry-sim needs --data FILE (a simulator data file); create one with --write-sample FILE.');
  }

  if (options.initTls === true && options.tlsDir === undefined) {
    throw new Error('--init-tls needs --tls-dir DIR to write the test CA into.');
  }

  if (options.initTls === true && options.tlsDir !== undefined) {
    await writeTestPki(options.tlsDir, await generateTestPki());
    process.stdout.write(`registry-sim: wrote a test CA, server and client certificates to ${options.tlsDir}\n`);
  }

  const outageRate = Number(options.outageRate);

  if (!(outageRate >= 0 && outageRate <= 1)) {
    throw new Error(`--outage-rate must be a number from 0 to 1, got "${options.outageRate}".`);
  }

  const simulator = new RegistrySimulator({
    records: await loadSimulatorData(options.data),
    latencyMs: parseNonNegativeInteger('--latency-ms', options.latencyMs),
    outageRate,
    outageWindows: options.outageWindow,
    ...(options.tlsDir === undefined ? {} : { tls: await readServerTls(options.tlsDir) }),
  });

  const url = await simulator.listen(parseNonNegativeInteger('--port', options.port), options.host);
  process.stdout.write(`registry-sim: listening on ${url} (simulation of the registry verification service; Ctrl+C stops it)\n`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };

    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  await simulator.close();
  const stats = simulator.stats();
  process.stdout.write(`registry-sim: stopped after ${stats.requests} requests, ${stats.billableChecks} billable checks\n`);
}

export function register(program: Command): void {
  program
    .command('registry-sim')
    .description('run a simulator of the registry verification service (national population database) for tests and training')
    .option('--port <N>', 'TCP port to listen on; 0 picks a free port', '0')
    .option('--host <ADDRESS>', 'address to listen on', '127.0.0.1')
    .option('--data <FILE>', 'simulator data file of test identities (JSON)')
    .option('--tls-dir <DIR>', 'serve HTTPS with DIR/server.pem and DIR/server-key.pem, and require client certificates signed by DIR/ca.pem')
    .option('--init-tls', 'first create a new test CA with server and client certificates in --tls-dir')
    .option('--latency-ms <N>', 'delay added to every answer, in milliseconds', '0')
    .option('--outage-rate <X>', 'share of verification requests answered 503, from 0 to 1', '0')
    .option('--outage-window <START-END>', 'answer 503 from START to END seconds after start (repeatable)', collectWindow, [])
    .option('--write-sample <FILE>', 'write a data file of generated test identities to FILE and exit')
    .option('--sample-count <N>', 'number of identities for --write-sample', '20')
    .action(runRegistrySim);
}
