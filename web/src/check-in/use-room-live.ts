// Follows the live check-in events of a room over the server's WebSocket and calls `onEvent`
// for each, reconnecting with backoff when the connection drops.
import { useEffect, useRef, useState } from 'react';

const MAX_RECONNECT_MS = 30_000;

export type LiveState = 'connecting' | 'live' | 'offline';

/** Returns the WebSocket address of a room's live events on the same host as the page. */
export function roomLiveUrl(roomId: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/checkin/rooms/${encodeURIComponent(roomId)}/live`;
}

export function useRoomLive(roomId: string, onEvent: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const callback = useRef(onEvent);
  callback.current = onEvent;

  useEffect(() => {
    let socket: WebSocket | null = null;
    let timer: number | undefined;
    let failures = 0;
    let closed = false;

    const connect = () => {
      setState('connecting');
      socket = new WebSocket(roomLiveUrl(roomId));
      socket.onopen = () => {
        failures = 0;
        setState('live');
      };
      socket.onmessage = () => callback.current();
      socket.onclose = () => {
        if (closed) return;
        setState('offline');
        failures += 1;
        timer = window.setTimeout(connect, Math.min(1000 * 2 ** failures, MAX_RECONNECT_MS));
      };
    };

    connect();
    return () => {
      closed = true;
      window.clearTimeout(timer);
      socket?.close();
    };
  }, [roomId]);

  return state;
}
