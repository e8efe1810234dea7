import assert from 'node:assert/strict';

import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, startTestServer } from '../../support/server.js';

forEachDatabase('health, readiness and OpenAPI', async (testDatabase, t) => {
  const server = await startTestServer(testDatabase);

  try {
    const client = new ApiClient(server.baseUrl);

    await t.test('health answers ok', async () => {
      const response = await client.get('/health');

      assert.equal(response.status, 200);
      assert.equal(response.body.status, 'ok');
      assert.ok(response.headers.get('x-request-id'));
    });

    await t.test('ready names the dialect', async () => {
      const response = await client.get('/ready');

      assert.equal(response.status, 200);
      assert.equal(response.body.database, testDatabase.kind);
    });

    await t.test('openapi lists the routes', async () => {
      const response = await client.get('/api/openapi.json');

      assert.equal(response.status, 200);
      assert.equal(response.body.openapi, '3.0.3');
      assert.ok(response.body.paths['/api/auth/login']);
      assert.ok(response.body.paths['/api/units/{unitId}/classes']);
    });

    await t.test('unknown API route gets the error shape', async () => {
      const response = await client.get('/api/nothing-here');

      assert.equal(response.status, 404);
      assert.equal(response.body.code, 'REQUEST_NOT_FOUND');
      assert.equal(typeof response.body.message.vi, 'string');
      assert.equal(typeof response.body.message.en, 'string');
    });

    await t.test('invalid body names the field', async () => {
      const response = await client.post('/api/auth/login', { username: 'x' });

      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'REQUEST_INVALID');
      assert.equal(response.body.details.field, 'body.password');
    });
  } finally {
    await server.close();
  }
});

forEachDatabase(
  'readiness before migrations',
  async (testDatabase) => {
    const server = await startTestServer(testDatabase, { migrate: false });

    try {
      const response = await new ApiClient(server.baseUrl).get('/ready');

      assert.equal(response.status, 503);
      assert.equal(response.body.code, 'SERVER_NOT_READY');
      assert.ok(response.body.details.pending.length > 0);
    } finally {
      await server.close();
    }
  },
  { migrate: false },
);
