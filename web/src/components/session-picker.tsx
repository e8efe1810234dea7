// Chooses an exam event of the unit, then one of its sessions.
import { useState } from 'react';

import { EVENT_ROUTES, fetchEvent, listEvents } from '../api/events.js';
import { useI18n } from '../i18n/index.js';
import { ErrorMessage } from './messages.js';
import { useApi } from './use-api.js';

export function SessionPicker({ unitId, value, onChange }: { unitId: string; value: string; onChange: (sessionId: string) => void }) {
  const { t } = useI18n();
  const events = useApi(() => listEvents(unitId), [unitId]);
  const [eventId, setEventId] = useState('');
  const detail = useApi(() => (eventId === '' ? Promise.resolve(null) : fetchEvent(eventId)), [eventId]);

  return (
    <div className="toolbar">
      <label htmlFor="picker-event">{t('nav.events')}</label>
      <select id="picker-event" value={eventId} onChange={(e) => { setEventId(e.target.value); onChange(''); }}>
        <option value="">—</option>
        {(events.data ?? []).map((event) => <option key={event.id} value={event.id}>{event.title} ({event.code})</option>)}
      </select>
      <label htmlFor="picker-session">{t('monitor.session')}</label>
      <select id="picker-session" value={value} onChange={(e) => onChange(e.target.value)} disabled={detail.data === null}>
        <option value="">—</option>
        {(detail.data?.sessions ?? []).map((session) => <option key={session.id} value={session.id}>{session.code} · {session.startTime}</option>)}
      </select>
      {events.error !== null && <ErrorMessage error={events.error} route={`GET ${EVENT_ROUTES.events(unitId)}`} />}
    </div>
  );
}
