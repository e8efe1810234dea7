import assert from 'node:assert/strict';

import { verifyAuditChain } from '../../../src/server/audit/audit-log.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';

forEachDatabase('login, session and CSRF', async (testDatabase, t) => {
  await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase, { login: { maxFailuresPerUser: 3, lockMinutes: 15, maxFailuresPerAddress: 1000, windowMinutes: 15 } });

  try {
    await t.test('login sets httpOnly SameSite=Strict cookies', async () => {
      const client = new ApiClient(server.baseUrl);
      const response = await client.post('/api/auth/login', { username: 'unitadmin.a', password: TEST_PASSWORD });
      const cookies = response.headers.getSetCookie();
      const session = cookies.find((line) => line.startsWith('examgate_session='));

      assert.equal(response.status, 200);
      assert.equal(response.body.user.role, 'unit_admin');
      assert.ok(session);
      assert.match(session, /HttpOnly/);
      assert.match(session, /SameSite=Strict/);
      assert.equal(typeof response.body.csrfToken, 'string');
    });

    await t.test('unsafe request without CSRF header is rejected', async () => {
      const client = await new ApiClient(server.baseUrl).login('dept', TEST_PASSWORD);
      const withoutToken = await client.request('POST', '/api/units', { code: 'X1', name: 'X', kind: 'school' }, { 'x-csrf-token': 'wrong' });
      const withToken = await client.post('/api/units', { code: 'X1', name: 'X', kind: 'school' });

      assert.equal(withoutToken.status, 403);
      assert.equal(withoutToken.body.code, 'AUTH_CSRF_INVALID');
      assert.equal(withToken.status, 201);
    });

    await t.test('wrong password then lock-out', async () => {
      const client = new ApiClient(server.baseUrl);
      const first = await client.post('/api/auth/login', { username: 'teacher.a', password: 'wrong-password' });
      await client.post('/api/auth/login', { username: 'teacher.a', password: 'wrong-password' });
      const third = await client.post('/api/auth/login', { username: 'teacher.a', password: 'wrong-password' });
      const correctWhileLocked = await client.post('/api/auth/login', { username: 'teacher.a', password: TEST_PASSWORD });

      assert.equal(first.status, 401);
      assert.equal(first.body.code, 'AUTH_INVALID_CREDENTIALS');
      assert.equal(third.status, 423);
      assert.equal(correctWhileLocked.body.code, 'AUTH_ACCOUNT_LOCKED');
      assert.match(correctWhileLocked.body.message.vi, /khóa/);
    });

    await t.test('unknown user gets the same error', async () => {
      const response = await new ApiClient(server.baseUrl).post('/api/auth/login', { username: 'nobody', password: 'whatever-123' });

      assert.equal(response.status, 401);
      assert.equal(response.body.code, 'AUTH_INVALID_CREDENTIALS');
    });

    await t.test('control character in username rejected', async () => {
      // PostgreSQL cannot store NUL in text, so the lookup would fail with a server error.
      const response = await new ApiClient(server.baseUrl).post('/api/auth/login', { username: 'teacher.a\u0000', password: TEST_PASSWORD });

      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'REQUEST_INVALID');
      assert.match(response.body.message.en, /username/);
    });

    await t.test('logout ends the session', async () => {
      const client = await new ApiClient(server.baseUrl).login('proctor.a', TEST_PASSWORD);
      const before = await client.get('/api/auth/me');
      await client.post('/api/auth/logout');
      const after = await client.get('/api/auth/me');

      assert.equal(before.status, 200);
      assert.equal(after.status, 401);
    });

    await t.test('password hashes are argon2id', async () => {
      const row = await testDatabase.database.db.selectFrom('users').select('password_hash').where('username', '=', 'dept').executeTakeFirstOrThrow();

      assert.match(row.password_hash, /^\$argon2id\$/);
    });

    await t.test('logins are audited in a valid chain', async () => {
      const actions = await testDatabase.database.db.selectFrom('audit_log').select('action').execute();
      const verification = await verifyAuditChain(testDatabase.database.db);

      assert.ok(actions.some((row) => row.action === 'auth.login'));
      assert.ok(actions.some((row) => row.action === 'auth.account_locked'));
      assert.equal(verification.ok, true);
    });

    await t.test('logs hold no password or cookie', async () => {
      const logs = server.logs();

      assert.doesNotMatch(logs, new RegExp(TEST_PASSWORD));
      assert.doesNotMatch(logs, /examgate_session=/);
    });
  } finally {
    await server.close();
  }
});

forEachDatabase('address rate limit', async (testDatabase) => {
  await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase, { login: { maxFailuresPerUser: 100, lockMinutes: 15, maxFailuresPerAddress: 3, windowMinutes: 15 } });

  try {
    const client = new ApiClient(server.baseUrl);

    for (let attempt = 0; attempt < 3; attempt += 1) {
      await client.post('/api/auth/login', { username: `nobody${attempt}`, password: 'whatever-123' });
    }

    const blocked = await client.post('/api/auth/login', { username: 'dept', password: TEST_PASSWORD });

    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.code, 'AUTH_RATE_LIMITED');
  } finally {
    await server.close();
  }
});
