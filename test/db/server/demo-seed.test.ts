import assert from 'node:assert/strict';

import { verifyAuditChain } from '../../../src/server/audit/audit-log.js';
import { seedDemo, type DemoSeedStep } from '../../../src/server/demo/seed.js';
import { DEMO_SEED_STEPS } from '../../../src/server/demo/steps.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, startTestServer } from '../../support/server.js';

forEachDatabase('demo seed', async (testDatabase, t) => {
  const { db } = testDatabase.database;
  const seen: string[] = [];
  const probe: DemoSeedStep = {
    name: 'test: records what the core step made',
    run: async (context) => {
      seen.push(context.unit?.code ?? 'none', String(context.candidateIds.length), context.examSession?.code ?? 'none');
    },
  };
  const result = await seedDemo(db, [...DEMO_SEED_STEPS, probe]);

  await t.test('creates the demo organisation', async () => {
    const candidates = await db.selectFrom('candidates').select('id_number').execute();
    const seats = await db.selectFrom('seat_assignments').select('id').execute();

    assert.equal(result.seeded, true);
    assert.equal(candidates.length, 40);
    assert.ok(candidates.every((row) => /^0\d{11}$/.test(row.id_number ?? '')));
    assert.equal(seats.length, 40);
  });

  await t.test('later steps see the core records', () => {
    assert.deepEqual(seen, ['DEMO-GDTX', '40', 'CA1']);
  });

  await t.test('demo logins work', async () => {
    const server = await startTestServer(testDatabase);

    try {
      for (const login of result.logins) {
        const client = await new ApiClient(server.baseUrl).login(login.username, login.password);
        const me = await client.get('/api/auth/me');

        assert.equal(me.body.user.role, login.role);
      }
    } finally {
      await server.close();
    }
  });

  await t.test('second run does nothing', async () => {
    const again = await seedDemo(db);

    assert.equal(again.seeded, false);
    assert.equal((await db.selectFrom('units').select('id').execute()).length, 1);
  });

  await t.test('audit chain stays valid', async () => {
    assert.equal((await verifyAuditChain(db)).ok, true);
  });
});
