// How each candidate of a session got in: by chip, by a check-in override, or by the proctor's
// unlock without check-in. The check-in room panels supply it. The live check-in events of every
// room of the session reload the panels and the monitor at once.
import { useCallback, useEffect, useState } from 'react';

import { fetchRoomPanel, type CheckIn } from '../../api/checkin.js';
import { useRoomLive, type LiveState } from '../../check-in/use-room-live.js';
import { useI18n } from '../../i18n/index.js';

export type AdmissionMethod = 'chip' | 'override' | 'unlock' | null;

/** Loads the latest check-in of every candidate in the given rooms; reload() fetches again. */
export function useLatestCheckIns(sessionId: string, roomIds: string[]): { byCandidate: Map<string, CheckIn>; reload: () => void } {
  const [byCandidate, setByCandidate] = useState(new Map<string, CheckIn>());
  const [count, setCount] = useState(0);
  const key = roomIds.join(',');

  useEffect(() => {
    let cancelled = false;
    Promise.all(key === '' ? [] : key.split(',').map((roomId) => fetchRoomPanel(sessionId, roomId))).then(
      (panels) => {
        if (cancelled) return;
        const next = new Map<string, CheckIn>();
        for (const panel of panels) {
          for (const candidate of panel.candidates) {
            if (candidate.latestCheckIn !== null) next.set(candidate.candidateId, candidate.latestCheckIn);
          }
        }
        setByCandidate(next);
      },
      // The monitor still shows attempts when a panel cannot be read; the method column stays empty.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [sessionId, key, count]);

  const reload = useCallback(() => setCount((n) => n + 1), []);
  return { byCandidate, reload };
}

export function admissionMethod(checkIn: CheckIn | undefined, hasAttempt: boolean): AdmissionMethod {
  if (checkIn?.outcome === 'admitted') return 'chip';
  if (checkIn?.outcome === 'override') return 'override';
  return hasAttempt ? 'unlock' : null;
}

/** Follows one room's live events and shows the connection state. */
export function RoomLiveBadge({ roomId, roomLabel, onEvent }: { roomId: string; roomLabel: string; onEvent: () => void }) {
  const { t } = useI18n();
  const state: LiveState = useRoomLive(roomId, onEvent);

  return (
    <span className={`live-badge live-${state}`} data-testid={`room-live-${roomId}`} data-state={state}>
      {roomLabel}: {t(`checkIn.live.${state}`)}
    </span>
  );
}
