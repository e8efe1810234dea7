import assert from 'node:assert/strict';

import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, seedTestOrganisation, startTestServer, TEST_PASSWORD } from '../../support/server.js';

forEachDatabase('unit scoping of routes', async (testDatabase, t) => {
  const { unitA, unitB } = await seedTestOrganisation(testDatabase);
  const server = await startTestServer(testDatabase);

  try {
    const adminA = await new ApiClient(server.baseUrl).login('unitadmin.a', TEST_PASSWORD);
    const teacherA = await new ApiClient(server.baseUrl).login('teacher.a', TEST_PASSWORD);
    const dept = await new ApiClient(server.baseUrl).login('dept', TEST_PASSWORD);

    await t.test('unit admin lists only the own unit', async () => {
      const response = await adminA.get('/api/units');

      assert.equal(response.status, 200);
      assert.deepEqual(response.body.map((unit: { code: string }) => unit.code), ['UNIT-A']);
    });

    await t.test('department admin lists every unit', async () => {
      const response = await dept.get('/api/units');

      assert.deepEqual(response.body.map((unit: { code: string }) => unit.code), ['UNIT-A', 'UNIT-B']);
    });

    await t.test('unit A cannot read unit B', async () => {
      const unit = await adminA.get(`/api/units/${unitB.id}`);
      const classes = await adminA.get(`/api/units/${unitB.id}/classes`);
      const users = await adminA.get(`/api/users?unitId=${unitB.id}`);

      assert.equal(unit.status, 403);
      assert.equal(unit.body.code, 'AUTH_FORBIDDEN_UNIT');
      assert.equal(classes.status, 403);
      assert.equal(users.status, 403);
    });

    await t.test('unit A cannot change unit B', async () => {
      const rename = await adminA.patch(`/api/units/${unitB.id}`, { name: 'Hijacked' });
      const addClass = await adminA.post(`/api/units/${unitB.id}/classes`, { code: '12A', name: 'Lớp 12A' });
      const addUser = await adminA.post('/api/users', { username: 'intruder', displayName: 'X', role: 'teacher', unitId: unitB.id, password: TEST_PASSWORD });
      const unitBAfter = await dept.get(`/api/units/${unitB.id}`);

      assert.equal(rename.status, 403);
      assert.equal(addClass.status, 403);
      assert.equal(addUser.status, 403);
      assert.equal(unitBAfter.body.name, 'Trung tâm B');
    });

    await t.test('unit A cannot change a user of unit B', async () => {
      const users = await dept.get(`/api/users?unitId=${unitB.id}`);
      const teacherB = users.body.find((user: { username: string }) => user.username === 'teacher.b');
      const response = await adminA.patch(`/api/users/${teacherB.id}`, { role: 'unit_admin' });

      assert.equal(response.status, 403);
    });

    await t.test('teacher cannot create classes', async () => {
      const response = await teacherA.post(`/api/units/${unitA.id}/classes`, { code: '11B', name: 'Lớp 11B' });

      assert.equal(response.status, 403);
      assert.equal(response.body.code, 'AUTH_FORBIDDEN_ROLE');
    });

    await t.test('unit admin cannot grant department admin', async () => {
      const response = await adminA.post('/api/users', { username: 'boss', displayName: 'Boss', role: 'department_admin', password: TEST_PASSWORD });

      assert.equal(response.status, 403);
      assert.equal(response.body.code, 'USER_ROLE_NOT_GRANTABLE');
    });

    await t.test('concurrent duplicate unit answers 409', async () => {
      const responses = await Promise.all(Array.from({ length: 4 }, () => dept.post('/api/units', { code: 'SAME', name: 'Trùng', kind: 'centre' })));
      const statuses = responses.map((response) => response.status).sort();

      assert.deepEqual(statuses, [201, 409, 409, 409]);
      assert.ok(responses.every((response) => response.status === 201 || ['UNIT_CODE_TAKEN', 'REQUEST_CONFLICT'].includes(response.body.code)));
    });

    await t.test('role change is audited', async () => {
      const created = await adminA.post('/api/users', { username: 'gv.moi', displayName: 'Giáo viên mới', role: 'teacher' });
      const changed = await adminA.patch(`/api/users/${created.body.id}`, { role: 'proctor' });
      const entry = await testDatabase.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'users.role_change').executeTakeFirst();

      assert.equal(created.status, 201);
      assert.equal(typeof created.body.oneTimePassword, 'string');
      assert.equal(changed.body.role, 'proctor');
      assert.ok(entry);
      assert.deepEqual(JSON.parse(entry.details), { from: 'teacher', to: 'proctor' });
    });
  } finally {
    await server.close();
  }
});
