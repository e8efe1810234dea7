// Room events shared by every instance: each event is appended to a Redis stream of its room
// (so a dashboard that reconnects, to any instance, replays what it missed after the last event
// id it saw) and published on one channel with its stream id (so every instance hands it to its
// own dashboards at once). One Lua script does both, so the published order is the stream order.
import type { RoomEvent } from '../checkin/station-hub.js';
import type { ClusterLink } from './cluster-link.js';

/** A room event with the id that its room's stream gave it (`<milliseconds>-<sequence>`). */
export type LiveRoomEvent = RoomEvent & { id: string };

/** Events kept per room for replay (approximate: Redis trims whole stream nodes). */
export const ROOM_STREAM_MAX_LENGTH = 5_000;
/** A room's stream is deleted this long after its last event. */
export const ROOM_STREAM_TTL_MS = 24 * 60 * 60 * 1000;
/** Events returned by one replay; a dashboard further behind reloads the room's state instead. */
export const MAX_REPLAY_EVENTS = 1_000;
export const LIVE_EVENT_CHANNEL = 'live:room-events';

/** A stream id as Redis writes it; ids compare by milliseconds, then by sequence. */
export const STREAM_ID_PATTERN = '^[0-9]{1,20}-[0-9]{1,20}$';

const APPEND_AND_PUBLISH = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], id .. ' ' .. ARGV[1])
return id
`;

function roomStreamKey(link: ClusterLink, roomId: string): string {
  return link.key(`room:${roomId}:events`);
}

/** Returns -1, 0 or 1 as stream id `a` is before, equal to or after `b`. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bMs, bSeq] = b.split('-').map(BigInt) as [bigint, bigint];

  if (aMs !== bMs) {
    return aMs < bMs ? -1 : 1;
  }

  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** Appends the event to its room's stream, publishes it to every instance, and returns its id. */
export async function appendRoomEvent(link: ClusterLink, event: RoomEvent): Promise<string> {
  const result = await link.command.eval(APPEND_AND_PUBLISH, 1, roomStreamKey(link, event.roomId), JSON.stringify(event), String(ROOM_STREAM_MAX_LENGTH), String(ROOM_STREAM_TTL_MS), link.key(LIVE_EVENT_CHANNEL));
  return String(result);
}

/** Parses a message of the live channel; null when it is not one. */
export function parseLiveMessage(message: string): LiveRoomEvent | null {
  const space = message.indexOf(' ');

  if (space < 0) {
    return null;
  }

  try {
    const event = JSON.parse(message.slice(space + 1)) as RoomEvent;
    return { ...event, id: message.slice(0, space) };
  } catch {
    return null;
  }
}

/** Returns the room's events after `afterId`, oldest first, at most MAX_REPLAY_EVENTS. */
export async function roomEventsAfter(link: ClusterLink, roomId: string, afterId: string): Promise<LiveRoomEvent[]> {
  const entries = await link.command.xrange(roomStreamKey(link, roomId), `(${afterId}`, '+', 'COUNT', MAX_REPLAY_EVENTS);
  const events: LiveRoomEvent[] = [];

  for (const [id, fields] of entries) {
    const index = fields.indexOf('event');
    const text = index >= 0 ? fields[index + 1] : undefined;

    if (text !== undefined) {
      events.push({ ...(JSON.parse(text) as RoomEvent), id });
    }
  }

  return events;
}
