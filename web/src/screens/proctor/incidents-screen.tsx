// The proctor writes an incident report (biên bản) for the session in a room: kind, time,
// description and the candidates involved, then prints it as PDF for the signatures.
import { useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { EVENT_ROUTES, listRooms, listSeats } from '../../api/events.js';
import { createIncident, INCIDENT_KINDS, INCIDENT_ROUTES, listIncidents, type IncidentKind } from '../../api/incidents.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { SessionPicker } from '../../components/session-picker.js';
import { useApi } from '../../components/use-api.js';
import { formatDateTime } from '../../i18n/format.js';
import { Bilingual, useI18n, type MessageKey } from '../../i18n/index.js';

/** Returns the local time now as the value of a datetime-local input (yyyy-mm-ddThh:mm). */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function IncidentForm({ sessionId, roomId, onCreated }: { sessionId: string; roomId: string; onCreated: () => void }) {
  const { t } = useI18n();
  const seats = useApi(() => listSeats(sessionId), [sessionId]);
  const [kind, setKind] = useState<IncidentKind>('network_loss');
  const [occurredAt, setOccurredAt] = useState(localNow);
  const [description, setDescription] = useState('');
  const [candidateIds, setCandidateIds] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      // datetime-local has no zone: the browser reads it as local time (Asia/Ho_Chi_Minh in the room).
      await createIncident(sessionId, roomId, { kind, occurredAt: new Date(occurredAt).toISOString(), description, candidateIds });
      setDescription('');
      setCandidateIds([]);
      onCreated();
    } catch (caught) {
      setError(caught);
    }
  }

  const toggle = (id: string) => setCandidateIds((current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]));
  const inRoom = (seats.data ?? []).filter((seat) => seat.roomId === roomId);

  return (
    <form className="form" onSubmit={submit} aria-labelledby="incident-create-title">
      <h2 id="incident-create-title">{t('incidents.create')}</h2>
      <label htmlFor="incident-kind">{t('incidents.kind')}</label>
      <select id="incident-kind" value={kind} onChange={(e) => setKind(e.target.value as IncidentKind)}>
        {INCIDENT_KINDS.map((k) => <option key={k} value={k}>{t(`incidents.kind.${k}` as MessageKey)}</option>)}
      </select>
      <label htmlFor="incident-time">{t('incidents.time')}</label>
      <input id="incident-time" type="datetime-local" required value={occurredAt} onChange={(e) => setOccurredAt(e.target.value)} />
      <label htmlFor="incident-description">{t('incidents.description')}</label>
      <textarea id="incident-description" required minLength={3} maxLength={4000} rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
      <fieldset className="candidate-picker">
        <legend>{t('incidents.candidates')}</legend>
        {seats.error !== null && <ErrorMessage error={seats.error} route={`GET ${EVENT_ROUTES.seats(sessionId)}`} />}
        {inRoom.length === 0 && <p className="muted">{t('org.empty')}</p>}
        <div className="checkbox-grid">
          {inRoom.map((seat) => (
            <label key={seat.candidateId}>
              <input type="checkbox" checked={candidateIds.includes(seat.candidateId)} onChange={() => toggle(seat.candidateId)} />
              {' '}{seat.candidateNumber} · {seat.fullName}
            </label>
          ))}
        </div>
      </fieldset>
      {error !== null && <ErrorMessage error={error} route={`POST ${INCIDENT_ROUTES.list(sessionId, roomId)}`} />}
      <button type="submit" className="primary">{t('incidents.save')}</button>
    </form>
  );
}

function IncidentList({ sessionId, roomId }: { sessionId: string; roomId: string }) {
  const { t } = useI18n();
  const incidents = useApi(() => listIncidents(sessionId, roomId), [sessionId, roomId]);

  if (incidents.error !== null) return <ErrorMessage error={incidents.error} route={`GET ${INCIDENT_ROUTES.list(sessionId, roomId)}`} />;
  if (incidents.data === null) return <Loading />;

  return (
    <>
      <table className="table" data-testid="incident-table">
        <caption>{t('incidents.list')}</caption>
        <thead>
          <tr><th scope="col">{t('incidents.time')}</th><th scope="col">{t('incidents.kind')}</th><th scope="col">{t('incidents.description')}</th><th scope="col">{t('incidents.candidates')}</th><th scope="col">{t('incidents.print')}</th></tr>
        </thead>
        <tbody>
          {incidents.data.length === 0 && <tr><td colSpan={5}>{t('org.empty')}</td></tr>}
          {incidents.data.map((incident) => (
            <tr key={incident.id}>
              <td>{formatDateTime(incident.occurredAt)}</td>
              <td>{t(`incidents.kind.${incident.kind}` as MessageKey)}</td>
              <td>{incident.description}</td>
              <td>{incident.candidates.map((c) => `${c.candidateNumber ?? ''} · ${c.fullName}`).join('; ')}</td>
              <td><a href={INCIDENT_ROUTES.pdf(incident.id)} download>{t('incidents.pdf')}</a></td>
            </tr>
          ))}
        </tbody>
      </table>
      <IncidentForm sessionId={sessionId} roomId={roomId} onCreated={incidents.reload} />
    </>
  );
}

export function IncidentsScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId;
  const rooms = useApi(() => (unitId === null ? Promise.resolve([]) : listRooms(unitId)), [unitId]);
  const [sessionId, setSessionId] = useState('');
  const [roomId, setRoomId] = useState('');

  if (unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  return (
    <section aria-labelledby="incidents-title">
      <h1 id="incidents-title"><Bilingual k="nav.incidents" /></h1>
      <SessionPicker unitId={unitId} value={sessionId} onChange={setSessionId} />
      <div className="toolbar">
        <label htmlFor="incident-room">{t('nav.rooms')}</label>
        <select id="incident-room" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
          <option value="">—</option>
          {(rooms.data ?? []).map((room) => <option key={room.id} value={room.id}>{room.name} ({room.code})</option>)}
        </select>
      </div>
      {rooms.error !== null && <ErrorMessage error={rooms.error} route={`GET ${EVENT_ROUTES.rooms(unitId)}`} />}
      {sessionId !== '' && roomId !== '' && <IncidentList key={`${sessionId}/${roomId}`} sessionId={sessionId} roomId={roomId} />}
    </section>
  );
}
