// Moves a candidate to another seat of the room (a broken computer, say): the exam engine
// unlocks the same attempt on the new seat, and the candidate resumes there after signing in.
import { useState, type FormEvent } from 'react';

import { EVENT_ROUTES, moveCandidate, type SeatAssignment, type SessionAttempt } from '../../api/events.js';
import { fetchRoom, STATION_ROUTES } from '../../api/stations.js';
import { ErrorMessage } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { useI18n } from '../../i18n/index.js';
import { isOverrideNoteLongEnough, OVERRIDE_NOTE_MIN_LENGTH } from './override-note.js';

export function MoveSeatForm({ sessionId, seats, attempts, onMoved }: { sessionId: string; seats: SeatAssignment[]; attempts: SessionAttempt[]; onMoved: () => void }) {
  const { t } = useI18n();
  const [candidateId, setCandidateId] = useState('');
  const [seatId, setSeatId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const withAttempt = new Set(attempts.map((attempt) => attempt.candidateId));
  const movable = seats.filter((seat) => withAttempt.has(seat.candidateId) && seat.roomId !== null);
  const chosen = movable.find((seat) => seat.candidateId === candidateId);
  const roomId = chosen?.roomId ?? '';
  const room = useApi(() => (roomId === '' ? Promise.resolve(null) : fetchRoom(roomId)), [roomId]);

  // Seats of the room that no candidate of this session holds, by assignment or by an earlier move.
  const taken = new Set([...seats.map((seat) => seat.seatId), ...attempts.map((attempt) => attempt.seatId)]);
  const free = (room.data?.seats ?? []).filter((seat) => !taken.has(seat.id));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      await moveCandidate(sessionId, candidateId, seatId, reason);
      const label = free.find((seat) => seat.id === seatId)?.label ?? '';
      setDone(t('move.done', { name: chosen?.fullName ?? '', seat: label }));
      setSeatId('');
      setReason('');
      onMoved();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="form inline-form" onSubmit={submit} aria-labelledby="move-title">
      <h2 id="move-title">{t('move.title')}</h2>
      <p className="muted">{t('move.hint')}</p>
      <label htmlFor="move-candidate">{t('move.candidate')}</label>
      <select id="move-candidate" required value={candidateId} onChange={(e) => { setCandidateId(e.target.value); setSeatId(''); }}>
        <option value="">—</option>
        {movable.map((seat) => <option key={seat.candidateId} value={seat.candidateId}>{seat.candidateNumber} · {seat.fullName} ({seat.seatLabel ?? ''})</option>)}
      </select>
      <label htmlFor="move-seat">{t('move.newSeat')}</label>
      <select id="move-seat" required value={seatId} onChange={(e) => setSeatId(e.target.value)} disabled={room.data === null}>
        <option value="">—</option>
        {free.map((seat) => <option key={seat.id} value={seat.id}>{seat.label}</option>)}
      </select>
      <label htmlFor="move-reason">{t('move.reason')}</label>
      <input id="move-reason" required minLength={OVERRIDE_NOTE_MIN_LENGTH} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      {room.error !== null && <ErrorMessage error={room.error} route={`GET ${STATION_ROUTES.room(roomId)}`} />}
      {error !== null && <ErrorMessage error={error} route={`POST ${EVENT_ROUTES.unlock(sessionId)}`} />}
      {done !== null && <p role="status" className="notice notice-success">{done}</p>}
      <button type="submit" disabled={!isOverrideNoteLongEnough(reason)}>{t('move.submit')}</button>
    </form>
  );
}
