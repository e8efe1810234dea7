import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import { buildServer } from '../../../src/server/app.js';
import { appendAudit } from '../../../src/server/audit/audit-log.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, startTestServer } from '../../support/server.js';

forEachDatabase('graceful shutdown', async (testDatabase) => {
  const app = await buildServer({ database: testDatabase.database, logStream: new PassThrough(), webRoot: '/nonexistent' });

  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });

  // A write that is still running when the shutdown starts.
  app.post('/api/test/slow-write', { schema: { body: { type: 'object' } } }, async () => {
    markStarted();
    await sleep(300);
    await appendAudit(app.db, { action: 'test.slow_write' });
    return { written: true };
  });

  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const pending = fetch(`${baseUrl}/api/test/slow-write`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  await started;
  await app.close();

  const response = await pending;
  const entries = await testDatabase.database.db.selectFrom('audit_log').select('action').where('action', '=', 'test.slow_write').execute();

  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { written: true });
  assert.equal(entries.length, 1);
});

forEachDatabase('web app serving', async (testDatabase, t) => {
  const webRoot = mkdtempSync(join(tmpdir(), 'examgate-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>examgate</title>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1);');
  const server = await startTestServer(testDatabase, { webRoot });
  const client = new ApiClient(server.baseUrl);

  try {
    await t.test('root serves index.html', async () => {
      const response = await client.get('/');

      assert.equal(response.status, 200);
      assert.match(String(response.body), /<title>examgate/);
    });

    await t.test('page paths fall back to index.html', async () => {
      const response = await client.get('/don-vi/thi-sinh');

      assert.equal(response.status, 200);
      assert.match(String(response.body), /<title>examgate/);
    });

    await t.test('assets are served as files', async () => {
      const response = await client.get('/assets/app.js');

      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /javascript/);
    });

    await t.test('unknown API paths stay JSON 404', async () => {
      const response = await client.get('/api/no-such-route');

      assert.equal(response.status, 404);
      assert.equal(response.body.code, 'REQUEST_NOT_FOUND');
    });
  } finally {
    await server.close();
    rmSync(webRoot, { recursive: true, force: true });
  }
});
