// Two cluster station hubs in one process, each with its own Redis link and instance id, as two
// server instances would have: stations, commands, room events and replay cross between them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';

import type { Redis } from 'ioredis';

import type { ServerToStationMessage } from '../../../src/station/protocol.js';
import type { RoomEvent, StationConnection } from '../../../src/server/checkin/station-hub.js';
import { ClusterLink, PRESENCE_TTL_MS } from '../../../src/server/cluster/cluster-link.js';
import { ClusterStationHub } from '../../../src/server/cluster/cluster-station-hub.js';
import { compareStreamIds } from '../../../src/server/cluster/live-event-log.js';
import { requirePart } from '../../support/require.js';
import { deleteRedisKeys, REDIS_URL, redisUnavailableReason } from '../../support/redis.js';



async function eventually<T>(read: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function stationConnection(stationId: string, roomId: string, received: ServerToStationMessage[], closed: string[]): StationConnection {
  return {
    stationId, stationName: 'Trạm 1', roomId, tokenId: 'token-1', readers: ['Reader 0'], stationVersion: 'test', connectedAt: new Date().toISOString(),
    send: (message) => received.push(message),
    close: (code, reason) => closed.push(`${code} ${reason}`),
  };
}

test('cluster hubs share stations and events', { timeout: 30_000 }, async (t) => {
  if (!requirePart(t, await redisUnavailableReason())) return;

  const keyPrefix = `test:${randomBytes(5).toString('hex')}:`;
  const linkA = await ClusterLink.connect({ redisUrl: REDIS_URL, keyPrefix, instanceId: 'a' });
  const linkB = await ClusterLink.connect({ redisUrl: REDIS_URL, keyPrefix, instanceId: 'b' });
  const hubA = await ClusterStationHub.start(linkA);
  const hubB = await ClusterStationHub.start(linkB);

  t.after(async () => {
    hubA.closeAll();
    hubB.closeAll();
    await linkA.close();
    await linkB.close();
    await deleteRedisKeys(keyPrefix);
  });

  const eventsOnB: RoomEvent[] = [];
  hubB.subscribe('room-1', (event) => eventsOnB.push(event));

  // A station connected to A is visible on B, and B's commands reach its socket on A.
  const received: ServerToStationMessage[] = [];
  const closed: string[] = [];
  hubA.add(stationConnection('station-1', 'room-1', received, closed));
  const seenOnB = await eventually(() => hubB.station('station-1'), 'station-1 appearing on hub B');
  assert.equal(seenOnB.roomId, 'room-1');
  assert.deepEqual(hubB.stationsInRoom('room-1').map((station) => station.stationId), ['station-1']);
  await eventually(() => eventsOnB.find((event) => event.type === 'station-online'), 'station-online reaching hub B');

  seenOnB.send({ type: 'cancel', checkInId: 'check-in-1' });
  await eventually(() => received.find((message) => message.type === 'cancel'), 'the cancel command reaching the station on A');

  // Events published on A reach B in order, each with a growing stream id.
  for (const reader of ['r1', 'r2', 'r3']) {
    hubA.publish({ type: 'card-present', roomId: 'room-1', at: new Date().toISOString(), stationId: 'station-1', data: { reader } });
  }
  await eventually(() => (eventsOnB.filter((event) => event.type === 'card-present').length === 3 ? true : undefined), 'three card events reaching hub B');
  const ids = eventsOnB.map((event) => (event as RoomEvent & { id: string }).id);
  assert.deepEqual([...ids].sort(compareStreamIds), ids);
  assert.deepEqual(eventsOnB.filter((event) => event.type === 'card-present').map((event) => event.data?.reader), ['r1', 'r2', 'r3']);

  // A listener that joins with the id of the first event gets the later ones once each.
  const replayed: RoomEvent[] = [];
  hubA.subscribe('room-1', (event) => replayed.push(event), ids[1]);
  await eventually(() => (replayed.length >= 2 ? true : undefined), 'the replay on hub A');
  assert.deepEqual(replayed.map((event) => (event as RoomEvent & { id: string }).id), ids.slice(2));

  // A token revoked through B closes the station's socket on A.
  hubB.disconnectToken('token-1');
  await eventually(() => closed.find((entry) => entry.startsWith('4001')), 'the revoked token closing the socket on A');
});

test('station of a dead instance disappears', { timeout: 30_000 }, async (t) => {
  if (!requirePart(t, await redisUnavailableReason())) return;

  const keyPrefix = `test:${randomBytes(5).toString('hex')}:`;
  const linkA = await ClusterLink.connect({ redisUrl: REDIS_URL, keyPrefix, instanceId: 'a' });
  const linkB = await ClusterLink.connect({ redisUrl: REDIS_URL, keyPrefix, instanceId: 'b' });
  const hubA = await ClusterStationHub.start(linkA);
  const hubB = await ClusterStationHub.start(linkB);

  t.after(async () => {
    hubB.closeAll();
    await linkB.close();
    await deleteRedisKeys(keyPrefix);
  });

  hubA.add(stationConnection('station-2', 'room-2', [], []));
  await eventually(() => hubB.station('station-2'), 'station-2 appearing on hub B');

  // Instance A vanishes without cleaning up: its presence key expires and B drops the station.
  // The test stops A's timers and drops its connections as a SIGKILL would, which the public
  // API does not offer.
  const internalsA = { link: linkA as unknown as { presenceTimer: NodeJS.Timeout; subscriber: Redis }, hub: hubA as unknown as { livenessTimer: NodeJS.Timeout } };
  clearInterval(internalsA.link.presenceTimer);
  clearInterval(internalsA.hub.livenessTimer);
  linkA.command.disconnect();
  internalsA.link.subscriber.disconnect();

  await eventually(() => (hubB.station('station-2') === undefined ? true : undefined), 'station-2 leaving hub B', PRESENCE_TTL_MS * 3);
  assert.deepEqual(hubB.stationsInRoom('room-2'), []);
});
