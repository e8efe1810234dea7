// Connected check-in stations and the live events of each room. One hub per server process:
// it knows the stations connected to this process and hands room events to the dashboards
// connected to this process.
// With Redis (`examgate serve --redis`), src/server/cluster/cluster-station-hub.ts extends it so
// that events and station commands reach every instance.
import type { ServerToStationMessage } from '../../station/protocol.js';

export interface StationConnection {
  stationId: string;
  stationName: string;
  roomId: string;
  tokenId: string;
  readers: string[];
  stationVersion: string;
  connectedAt: string;
  send(message: ServerToStationMessage): void;
  close(code: number, reason: string): void;
}

/** A live event for the proctor dashboard of a room. It carries ids and codes, never personal data. */
export interface RoomEvent {
  type:
    | 'station-online' | 'station-offline' | 'readers' | 'card-present' | 'card-removed'
    | 'check-in-started' | 'check-in-reading' | 'check-in-verified' | 'check-in-decided' | 'check-in-cancelled' | 'registry-resolved';
  roomId: string;
  at: string;
  stationId?: string;
  checkInId?: string;
  candidateId?: string | null;
  data?: Record<string, unknown>;
}

type RoomListener = (event: RoomEvent) => void;

export class StationHub {
  private readonly stations = new Map<string, StationConnection>();
  private readonly listeners = new Map<string, Set<RoomListener>>();

  /** Adds a connection; an older connection of the same station is closed (the station reconnected). */
  add(connection: StationConnection): void {
    const previous = this.stations.get(connection.stationId);

    if (previous !== undefined && previous !== connection) {
      previous.close(4000, 'replaced by a newer connection of the same station');
    }

    this.stations.set(connection.stationId, connection);
    this.publish({ type: 'station-online', roomId: connection.roomId, at: new Date().toISOString(), stationId: connection.stationId, data: { readers: connection.readers, stationVersion: connection.stationVersion } });
  }

  /** Removes a connection when it closes, unless a newer one replaced it. */
  remove(connection: StationConnection): void {
    if (this.stations.get(connection.stationId) !== connection) {
      return;
    }

    this.stations.delete(connection.stationId);
    this.publish({ type: 'station-offline', roomId: connection.roomId, at: new Date().toISOString(), stationId: connection.stationId });
  }

  station(stationId: string): StationConnection | undefined {
    return this.stations.get(stationId);
  }

  stationsInRoom(roomId: string): StationConnection[] {
    return [...this.stations.values()].filter((station) => station.roomId === roomId);
  }

  /** Closes the connections made with a revoked token. */
  disconnectToken(tokenId: string): void {
    for (const station of this.stations.values()) {
      if (station.tokenId === tokenId) {
        station.close(4001, 'station token revoked');
      }
    }
  }

  /**
   * Adds a dashboard listener. This hub keeps no history, so `afterEventId` (the last event id a
   * reconnecting dashboard saw) is used only by the cluster hub, which replays from Redis.
   */
  subscribe(roomId: string, listener: RoomListener, afterEventId?: string): () => void {
    void afterEventId;

    const set = this.listeners.get(roomId) ?? new Set<RoomListener>();
    set.add(listener);
    this.listeners.set(roomId, set);

    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(roomId);
    };
  }

  publish(event: RoomEvent): void {
    for (const listener of this.listeners.get(event.roomId) ?? []) {
      listener(event);
    }
  }

  closeAll(): void {
    for (const station of this.stations.values()) {
      station.close(1001, 'server shutting down');
    }

    this.stations.clear();
  }
}
