import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { RegistryError } from '../../../src/registry/errors.js';
import { HttpRegistryClient } from '../../../src/registry/http-client.js';
import { parseSimulatorData, SIMULATOR_DATA_FORMAT } from '../../../src/registry/simulator-data.js';
import { parseOutageWindow, RegistrySimulator } from '../../../src/registry/simulator.js';
import { generateTestPki, TLS_FILES, writeTestPki } from '../../../src/registry/test-pki.js';
import { loadRegistryTls } from '../../../src/registry/tls-files.js';
import { ManualClock, RECORDS, requestFor } from './support.js';

describe('registry simulator', () => {
  it('rejects an invalid data file', () => {
    assert.throws(() => parseSimulatorData({ records: [] }, 'x.json'), (error: unknown) => error instanceof RegistryError && error.code === 'REGISTRY_BAD_DATA_FILE');
    assert.throws(() => parseSimulatorData({ format: SIMULATOR_DATA_FORMAT, records: [{ ...RECORDS[0], idNumber: '123' }] }, 'x.json'), /record 0 is invalid: idNumber/);
    assert.throws(() => parseSimulatorData({ format: SIMULATOR_DATA_FORMAT, records: [RECORDS[0], RECORDS[0]] }, 'x.json'), /record 1 repeats/);
    assert.throws(() => parseSimulatorData({ format: SIMULATOR_DATA_FORMAT, records: [{ ...RECORDS[0], birthDate: '1960-01-01' }] }, 'x.json'), /idNumber breaks the ID number rules/);
  });

  it('accepts the committed sample file', async () => {
    const text = await readFile('samples/registry/identities.json', 'utf8');
    const records = parseSimulatorData(JSON.parse(text), 'samples/registry/identities.json');

    assert.equal(records.length, 20);
    assert.ok(records.some((record) => record.status === 'revoked'));
  });

  it('parses outage windows', () => {
    assert.deepEqual(parseOutageWindow('30-90'), { startS: 30, endS: 90 });
    assert.deepEqual(parseOutageWindow('0.5-1.5'), { startS: 0.5, endS: 1.5 });
    assert.throws(() => parseOutageWindow('90-30'), RegistryError);
    assert.throws(() => parseOutageWindow('10:00-11:00'), RegistryError);
  });

  it('answers 503 inside an outage window', async () => {
    const clock = new ManualClock();
    const simulator = new RegistrySimulator({ records: RECORDS, clock: clock.now, outageWindows: [{ startS: 10, endS: 20 }] });
    const client = new HttpRegistryClient({ baseUrl: await simulator.listen(), maxAttempts: 1 });

    try {
      const before = await client.verify(requestFor(0, 'event-window-1'));
      clock.advance(10_000);
      const during = await client.verify(requestFor(0, 'event-window-2'));
      clock.advance(10_000);
      const afterwards = await client.verify(requestFor(0, 'event-window-3'));

      assert.equal(before.outcome, 'match');
      assert.equal(during.outcome === 'unavailable' ? during.reason : '', 'server_error');
      assert.equal(afterwards.outcome, 'match');
      assert.equal(simulator.stats().outageAnswers, 1);
      assert.equal(simulator.stats().billableChecks, 2);
    } finally {
      client.close();
      await simulator.close();
    }
  });

  it('switches faults through the admin endpoint', async () => {
    const simulator = new RegistrySimulator({ records: RECORDS });
    const baseUrl = await simulator.listen();

    try {
      const switched = await fetch(`${baseUrl}/admin/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'unavailable', latencyMs: 5 }) });
      assert.equal(switched.status, 200);
      assert.deepEqual(await switched.json(), { fault: 'unavailable', latencyMs: 5 });

      const invalid = await fetch(`${baseUrl}/admin/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fault: 'sometimes' }) });
      assert.equal(invalid.status, 400);

      const stats = await fetch(`${baseUrl}/admin/stats`);
      assert.equal(((await stats.json()) as { billableChecks: number }).billableChecks, 0);
    } finally {
      await simulator.close();
    }
  });

  it('runs as the registry-sim command with mutual TLS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-sim-'));
    const dataFile = join(dir, 'identities.json');
    await writeFile(dataFile, JSON.stringify({ format: SIMULATOR_DATA_FORMAT, records: RECORDS }));
    const child = spawn(process.execPath, ['bin/examgate.js', 'registry-sim', '--port', '0', '--data', dataFile, '--tls-dir', join(dir, 'tls'), '--init-tls'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';

    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`registry-sim did not start: ${output}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (https:\/\/\S+)/.exec(output);

          if (match?.[1] !== undefined) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
      });

      const tls = join(dir, 'tls');
      const client = new HttpRegistryClient({
        baseUrl,
        tls: { ca: await readFile(join(tls, TLS_FILES.caCert)), cert: await readFile(join(tls, TLS_FILES.clientCert)), key: await readFile(join(tls, TLS_FILES.clientKey)) },
      });
      const result = await client.verify(requestFor(4, 'event-cli'));
      client.close();

      assert.equal(result.outcome, 'revoked');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    }

    assert.match(output, /stopped after 1 requests, 1 billable checks/);
  });
});

describe('registry TLS files', () => {
  it('loads the client TLS files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-tls-'));

    try {
      await writeTestPki(dir, await generateTestPki('tls files test'));
      const tls = await loadRegistryTls({ caFile: join(dir, TLS_FILES.caCert), certFile: join(dir, TLS_FILES.clientCert), keyFile: join(dir, TLS_FILES.clientKey) });

      assert.match(String(tls.ca), /BEGIN CERTIFICATE/);
      assert.match(String(tls.cert), /BEGIN CERTIFICATE/);
      assert.match(String(tls.key), /BEGIN PRIVATE KEY/);
      await assert.rejects(writeTestPki(dir, await generateTestPki('second')), /already exists/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a certificate without its key', async () => {
    await assert.rejects(loadRegistryTls({ certFile: '/nonexistent/client.pem' }), (error: unknown) => error instanceof RegistryError && error.code === 'REGISTRY_BAD_CONFIG');
  });

  it('names a missing file', async () => {
    await assert.rejects(loadRegistryTls({ caFile: '/nonexistent/ca.pem' }), /Cannot read \/nonexistent\/ca.pem \(registry caFile\)/);
  });
});
