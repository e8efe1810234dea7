// The station hub of an instance in a cluster. Stations connected to this instance stay in the
// base hub; the other instances' stations are mirrored from a Redis hash and from control
// messages, and a command for one of them is published for the instance that holds its socket.
// Room events go through the rooms' Redis streams (see live-event-log.ts), so a dashboard on any
// instance sees a station on any other at once and can replay what it missed.
import type { ServerToStationMessage } from '../../station/protocol.js';
import { type RoomEvent, StationHub, type StationConnection } from '../checkin/station-hub.js';
import { type ClusterLink, PRESENCE_TTL_MS } from './cluster-link.js';
import { appendRoomEvent, compareStreamIds, LIVE_EVENT_CHANNEL, type LiveRoomEvent, parseLiveMessage, roomEventsAfter } from './live-event-log.js';

type RoomListener = Parameters<StationHub['subscribe']>[1];

/** What every instance knows of a connected station: the connection without its socket. */
type StationInfo = Omit<StationConnection, 'send' | 'close'> & { instanceId: string };

type ControlMessage =
  | { kind: 'up'; station: StationInfo }
  | { kind: 'down'; stationId: string; instanceId: string }
  | { kind: 'disconnect-token'; tokenId: string }
  | { kind: 'command'; instanceId: string; stationId: string; message: ServerToStationMessage }
  | { kind: 'close'; instanceId: string; stationId: string; code: number; reason: string };

const CONTROL_CHANNEL = 'live:stations';
const STATIONS_KEY = 'stations';
const LIVENESS_REFRESH_MS = PRESENCE_TTL_MS / 3;

// Deletes a station's entry only while it still names this instance, so a station that has
// already reconnected to another instance keeps its new entry.
const DELETE_IF_OWNED = `
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value and cjson.decode(value).instanceId == ARGV[2] then
  return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
`;

function infoOf(connection: StationConnection, instanceId: string): StationInfo {
  const { send: _send, close: _close, ...info } = connection;
  return { ...info, instanceId };
}

export class ClusterStationHub extends StationHub {
  private readonly remote = new Map<string, StationInfo>();
  private readonly localIds = new Set<string>();
  /** Stations whose stale socket here closes after they reconnected elsewhere: no offline event. */
  private readonly replacedElsewhere = new Set<string>();
  private alive = new Set<string>();
  private livenessTimer: NodeJS.Timeout | null = null;

  private constructor(private readonly link: ClusterLink) {
    super();
  }

  /** Builds the hub, loads the stations other instances hold and subscribes to the cluster channels. */
  static async start(link: ClusterLink): Promise<ClusterStationHub> {
    const hub = new ClusterStationHub(link);
    await link.subscribe(LIVE_EVENT_CHANNEL, (message) => hub.onLiveMessage(message));
    await link.subscribe(CONTROL_CHANNEL, (message) => hub.onControlMessage(message));

    const entries = await link.command.hgetall(link.key(STATIONS_KEY));

    for (const text of Object.values(entries)) {
      const info = JSON.parse(text) as StationInfo;

      if (info.instanceId !== link.instanceId) {
        hub.remote.set(info.stationId, info);
      }
    }

    await hub.refreshLiveness();
    hub.livenessTimer = setInterval(() => {
      hub.refreshLiveness().catch((error: unknown) => link.logger.warn({ err: error }, 'checking which instances are alive failed'));
    }, LIVENESS_REFRESH_MS);
    hub.livenessTimer.unref();
    return hub;
  }

  override add(connection: StationConnection): void {
    super.add(connection);

    const info = infoOf(connection, this.link.instanceId);
    this.localIds.add(connection.stationId);
    this.remote.delete(connection.stationId);
    this.run('registering a station', async () => {
      await this.link.command.hset(this.link.key(STATIONS_KEY), connection.stationId, JSON.stringify(info));
      await this.sendControl({ kind: 'up', station: info });
    });
  }

  override remove(connection: StationConnection): void {
    if (super.station(connection.stationId) !== connection) {
      return;
    }

    const replaced = this.remote.has(connection.stationId);

    if (replaced) this.replacedElsewhere.add(connection.stationId);
    super.remove(connection);
    this.replacedElsewhere.delete(connection.stationId);
    this.localIds.delete(connection.stationId);
    this.run('removing a station', async () => {
      await this.link.command.eval(DELETE_IF_OWNED, 1, this.link.key(STATIONS_KEY), connection.stationId, this.link.instanceId);
      await this.sendControl({ kind: 'down', stationId: connection.stationId, instanceId: this.link.instanceId });
    });
  }

  override station(stationId: string): StationConnection | undefined {
    const local = super.station(stationId);

    if (local !== undefined) {
      return local;
    }

    const info = this.remote.get(stationId);
    return info !== undefined && this.alive.has(info.instanceId) ? this.proxyOf(info) : undefined;
  }

  override stationsInRoom(roomId: string): StationConnection[] {
    const local = super.stationsInRoom(roomId);
    const localIds = new Set(local.map((station) => station.stationId));
    const others = [...this.remote.values()].filter((info) => info.roomId === roomId && !localIds.has(info.stationId) && this.alive.has(info.instanceId));
    return [...local, ...others.map((info) => this.proxyOf(info))];
  }

  override disconnectToken(tokenId: string): void {
    super.disconnectToken(tokenId);
    this.run('revoking a station token', () => this.sendControl({ kind: 'disconnect-token', tokenId }));
  }

  /**
   * Adds a dashboard listener. With `afterEventId`, the room's events after that id are replayed
   * first; live events that arrive meanwhile wait, and none is delivered twice.
   */
  override subscribe(roomId: string, listener: RoomListener, afterEventId?: string): () => void {
    if (afterEventId === undefined) {
      return super.subscribe(roomId, listener);
    }

    let held: RoomEvent[] | null = [];
    let lastId = afterEventId;
    const deliver = (event: RoomEvent): void => {
      const id = (event as Partial<LiveRoomEvent>).id;

      if (id !== undefined) {
        if (compareStreamIds(id, lastId) <= 0) return;
        lastId = id;
      }

      listener(event);
    };
    const unsubscribe = super.subscribe(roomId, (event) => {
      if (held === null) deliver(event);
      else held.push(event);
    });

    roomEventsAfter(this.link, roomId, afterEventId)
      .then((events) => events.forEach(deliver))
      .catch((error: unknown) => this.link.logger.error({ err: error, roomId }, 'replaying room events failed; the dashboard gets live events only'))
      .finally(() => {
        const waiting = held ?? [];
        held = null;
        waiting.forEach(deliver);
      });

    return unsubscribe;
  }

  /** Sends the event through the room's stream; if Redis fails, this instance's dashboards still get it. */
  override publish(event: RoomEvent): void {
    if (event.type === 'station-offline' && event.stationId !== undefined && this.replacedElsewhere.has(event.stationId)) {
      return;
    }

    appendRoomEvent(this.link, event).catch((error: unknown) => {
      this.link.logger.error({ err: error, roomId: event.roomId, type: event.type }, 'publishing a room event through Redis failed; delivered on this instance only');
      super.publish(event);
    });
  }

  override closeAll(): void {
    const ids = [...this.localIds];
    this.localIds.clear();
    super.closeAll();

    if (this.livenessTimer !== null) {
      clearInterval(this.livenessTimer);
    }

    for (const stationId of ids) {
      this.run('removing a station at shutdown', async () => {
        await this.link.command.eval(DELETE_IF_OWNED, 1, this.link.key(STATIONS_KEY), stationId, this.link.instanceId);
      });
    }
  }

  private onLiveMessage(message: string): void {
    const event = parseLiveMessage(message);

    if (event !== null) {
      super.publish(event);
    }
  }

  private onControlMessage(text: string): void {
    const message = JSON.parse(text) as ControlMessage;

    switch (message.kind) {
      case 'up': {
        if (message.station.instanceId === this.link.instanceId) return;
        this.remote.set(message.station.stationId, message.station);
        this.alive.add(message.station.instanceId);
        // The station reconnected to another instance: a socket still open here is stale.
        super.station(message.station.stationId)?.close(4000, 'replaced by a newer connection of the same station on another server instance');
        return;
      }
      case 'down':
        if (this.remote.get(message.stationId)?.instanceId === message.instanceId) this.remote.delete(message.stationId);
        return;
      case 'disconnect-token':
        super.disconnectToken(message.tokenId);
        return;
      case 'command':
        if (message.instanceId === this.link.instanceId) super.station(message.stationId)?.send(message.message);
        return;
      case 'close':
        if (message.instanceId === this.link.instanceId) super.station(message.stationId)?.close(message.code, message.reason);
        return;
      default:
        return;
    }
  }

  private proxyOf(info: StationInfo): StationConnection {
    return {
      ...info,
      send: (message) => this.run('sending a command to a station on another instance', () => this.sendControl({ kind: 'command', instanceId: info.instanceId, stationId: info.stationId, message })),
      close: (code, reason) => this.run('closing a station on another instance', () => this.sendControl({ kind: 'close', instanceId: info.instanceId, stationId: info.stationId, code, reason })),
    };
  }

  private async refreshLiveness(): Promise<void> {
    const instances = [...this.remote.values()].map((info) => info.instanceId);
    this.alive = await this.link.aliveInstances(instances);

    for (const [stationId, info] of this.remote) {
      if (!this.alive.has(info.instanceId)) {
        // The instance died without removing its stations; its entries go, so the hash stays small.
        this.remote.delete(stationId);
        this.run('removing a dead instance\'s station', async () => {
          await this.link.command.eval(DELETE_IF_OWNED, 1, this.link.key(STATIONS_KEY), stationId, info.instanceId);
        });
      }
    }
  }

  private sendControl(message: ControlMessage): Promise<void> {
    return this.link.publish(CONTROL_CHANNEL, JSON.stringify(message));
  }

  private run(what: string, work: () => Promise<unknown>): void {
    work().catch((error: unknown) => this.link.logger.error({ err: error }, `${what} through Redis failed`));
  }
}
