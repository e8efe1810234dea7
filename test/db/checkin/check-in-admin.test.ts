// Station tokens issued and revoked by a unit administrator, and trust anchors loaded by the
// department administrator, through the HTTP API.
import assert from 'node:assert/strict';

import { createUser } from '../../../src/server/accounts/users.js';
import { ManualCardSlot } from '../../../src/station/manual-card-slot.js';
import { Station } from '../../../src/station/station.js';
import { forEachDatabase } from '../../support/databases.js';
import { ApiClient, TEST_PASSWORD } from '../../support/server.js';
import { trustedCscaCertificates } from '../../../src/sim/pki.js';
import { testPki } from '../../support/virtual-cards.js';
import { setUpCheckInRoom } from './check-in-room.js';

forEachDatabase('check-in administration', async (database, t) => {
  const room = await setUpCheckInRoom(database, { count: 1 });
  await createUser(database.database.db, { username: 'unitadmin', displayName: 'Quản trị đơn vị', role: 'unit_admin', unitId: room.unit.id, password: TEST_PASSWORD }, null);
  await createUser(database.database.db, { username: 'dept', displayName: 'Quản trị Sở', role: 'department_admin', unitId: null, password: TEST_PASSWORD }, null);
  const admin = await new ApiClient(room.baseUrl).login('unitadmin', TEST_PASSWORD);
  const department = await new ApiClient(room.baseUrl).login('dept', TEST_PASSWORD);

  try {
    await t.test('token issued, used and revoked', async () => {
      const forbidden = await room.proctor.post(`/api/checkin/stations/${room.stationIds[0]}/tokens`, { label: 'Máy trạm cửa phòng' });
      assert.equal(forbidden.status, 403);

      const issued = await admin.post(`/api/checkin/stations/${room.stationIds[0]}/tokens`, { label: 'Máy trạm cửa phòng' });
      assert.equal(issued.status, 201);
      assert.match(issued.body.token, /^egst_/);

      const rows = await database.database.db.selectFrom('check_in_station_tokens' as any).selectAll().execute() as any[];
      assert.ok(rows.every((row) => !JSON.stringify(row).includes(issued.body.token)), 'only the hash of the token is stored');

      let rejectedWith: number | null = null;
      const station = new Station({ serverUrl: room.baseUrl, token: issued.body.token, slot: new ManualCardSlot(), reconnectMinMs: 50, onRejected: (code) => { rejectedWith = code; } });
      station.start();
      await station.waitUntilConnected();

      const listed = await admin.get(`/api/checkin/rooms/${room.room.id}/station-tokens`);
      assert.equal(listed.body.find((token: any) => token.id === issued.body.id).connected, true);

      const revoked = await admin.post(`/api/checkin/station-tokens/${issued.body.id}/revoke`);
      assert.equal(revoked.status, 200);
      const deadline = Date.now() + 5000;
      while (rejectedWith === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(rejectedWith, 4001);
      assert.equal(station.connected, false);
      await station.stop();

      const again = await admin.post(`/api/checkin/station-tokens/${issued.body.id}/revoke`);
      assert.equal(again.status, 404);
    });

    await t.test('trust anchors loaded by department', async () => {
      const form = () => {
        const data = new FormData();
        data.append('file', new Blob([trustedCscaCertificates(testPki())[0] as Uint8Array]), 'csca.der');
        return data;
      };

      const forbidden = await admin.request('POST', '/api/checkin/trust-anchors?kind=certificate', form());
      assert.equal(forbidden.status, 403);

      const loaded = await department.request('POST', '/api/checkin/trust-anchors?kind=certificate', form());
      assert.equal(loaded.status, 201, JSON.stringify(loaded.body));
      assert.equal(loaded.body.certificateCount, 1);

      const garbage = new FormData();
      garbage.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'not-a-certificate.der');
      const invalid = await department.request('POST', '/api/checkin/trust-anchors?kind=certificate', garbage);
      assert.equal(invalid.status, 422);
      assert.equal(invalid.body.code, 'CHECKIN_TRUST_ANCHOR_INVALID');

      const listed = await admin.get('/api/checkin/trust-anchors');
      assert.ok(listed.body.some((anchor: any) => anchor.sha256 === loaded.body.sha256));
    });
  } finally {
    await room.close();
  }
});
