// The proctor's view of a session: every registered candidate with seat, how they got in (by
// chip or by override), attempt state, answers saved, time left and last save; extra time, the
// override unlock (admit without chip) with a written reason and moving to another seat, and
// the decision on an attempt the registry put on hold (re-admit by override, or keep it locked).
// Check-in events of every room arrive over the WebSocket and reload the view at once.
// NOTE: answer saves and submissions have no live event, so attempt progress still comes from
// polling every few seconds.
import { useCallback, useEffect, useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { fetchDecisions } from '../../api/checkin.js';
import { EVENT_ROUTES, grantExtraTime, listAttempts, listSeats, unlockCandidate, type SessionAttempt } from '../../api/events.js';
import { SessionPicker } from '../../components/session-picker.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatCountdown, formatNumber, formatTime } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';
import { HoldDecisionForm } from './hold-decision-form.js';
import { MoveSeatForm } from './move-seat-form.js';
import { isOverrideNoteLongEnough, OVERRIDE_NOTE_MIN_LENGTH } from './override-note.js';
import { admissionMethod, RoomLiveBadge, useLatestCheckIns } from './room-admissions.js';
import { timeLeftMs } from './time-left.js';

const REFRESH_MS = 5000;

function ExtraTimeForm({ attempt, onDone }: { attempt: SessionAttempt; onDone: () => void }) {
  const { t } = useI18n();
  const [minutes, setMinutes] = useState(String(attempt.extraSeconds / 60));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await grantExtraTime(attempt.attemptId, Number(minutes), reason);
      setReason('');
      onDone();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="toolbar" onSubmit={submit}>
      <label htmlFor={`extra-${attempt.attemptId}`}>{t('monitor.extraMinutes')}</label>
      <input id={`extra-${attempt.attemptId}`} type="number" required min={0} max={600} className="narrow-input" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      <label htmlFor={`extra-reason-${attempt.attemptId}`}>{t('checkIn.reason')}</label>
      <input id={`extra-reason-${attempt.attemptId}`} required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit">{t('monitor.grant')}</button>
      {error !== null && <ErrorMessage error={error} route={`POST ${EVENT_ROUTES.extraTime(attempt.attemptId)}`} />}
    </form>
  );
}

function Monitor({ sessionId }: { sessionId: string }) {
  const { t, language } = useI18n();
  const seats = useApi(() => listSeats(sessionId), [sessionId]);
  const attempts = useApi(() => listAttempts(sessionId), [sessionId]);
  const decisions = useApi(fetchDecisions, []);
  const [now, setNow] = useState(Date.now());
  const [overrideCandidate, setOverrideCandidate] = useState('');
  const [overrideKind, setOverrideKind] = useState('other');
  const [overrideReason, setOverrideReason] = useState('');
  const [overrideError, setOverrideError] = useState<unknown>(null);
  const reloadAttempts = attempts.reload;
  const rooms = [...new Map((seats.data ?? []).filter((seat) => seat.roomId !== null).map((seat) => [seat.roomId as string, seat.roomCode ?? ''])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const checkIns = useLatestCheckIns(sessionId, rooms.map(([roomId]) => roomId));
  const reloadCheckIns = checkIns.reload;
  const onLiveEvent = useCallback(() => {
    reloadCheckIns();
    reloadAttempts();
  }, [reloadCheckIns, reloadAttempts]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
      reloadAttempts();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reloadAttempts]);

  async function override(event: FormEvent) {
    event.preventDefault();
    setOverrideError(null);
    try {
      await unlockCandidate(sessionId, overrideCandidate, overrideKind, overrideReason);
      setOverrideReason('');
      reloadAttempts();
    } catch (caught) {
      setOverrideError(caught);
    }
  }

  if (seats.error !== null) return <ErrorMessage error={seats.error} route={`GET ${EVENT_ROUTES.seats(sessionId)}`} />;
  if (attempts.error !== null) return <ErrorMessage error={attempts.error} route={`GET ${EVENT_ROUTES.attempts(sessionId)}`} />;
  if (seats.data === null || attempts.data === null) return <Loading />;

  const byCandidate = new Map(attempts.data.map((attempt) => [attempt.candidateId, attempt]));
  const started = attempts.data.filter((a) => a.status === 'in_progress').length;

  return (
    <>
      <div className="toolbar" role="group" aria-label={t('monitor.liveRooms')}>
        {rooms.map(([roomId, code]) => <RoomLiveBadge key={roomId} roomId={roomId} roomLabel={code} onEvent={onLiveEvent} />)}
      </div>
      <p role="status" data-testid="monitor-summary">
        {t('monitor.summary', { registered: formatNumber(seats.data.length), unlocked: formatNumber(attempts.data.length), working: formatNumber(started) })}
      </p>
      <table className="table" data-testid="monitor-table">
        <thead>
          <tr>
            <th scope="col">{t('checkIn.number')}</th><th scope="col">{t('candidates.fullName')}</th><th scope="col">{t('monitor.seat')}</th>
            <th scope="col">{t('monitor.admission')}</th><th scope="col">{t('monitor.state')}</th><th scope="col">{t('monitor.answered')}</th><th scope="col">{t('exam.timeLeft')}</th>
            <th scope="col">{t('monitor.lastSave')}</th><th scope="col">{t('monitor.extraTime')}</th>
          </tr>
        </thead>
        <tbody>
          {seats.data.map((seat) => {
            const attempt = byCandidate.get(seat.candidateId);
            const method = admissionMethod(checkIns.byCandidate.get(seat.candidateId), attempt !== undefined);
            const left = timeLeftMs(attempt, now);
            return (
              <tr key={seat.candidateId}>
                <td>{seat.candidateNumber}</td>
                <td>{seat.fullName}</td>
                <td>{seat.roomCode === null ? '' : `${seat.roomCode} · ${seat.seatLabel ?? ''}`}</td>
                <td data-testid="admission">{method === null ? '' : t(`monitor.admission.${method}`)}</td>
                <td data-testid="attempt-state">
                  {attempt === undefined ? t('monitor.notCheckedIn') : t(`monitor.status.${attempt.status}` as Parameters<typeof t>[0])}
                  {attempt !== undefined && (attempt.status === 'locked' || attempt.status === 'suspended') && <HoldDecisionForm attempt={attempt} decisions={decisions.data} onDone={reloadAttempts} />}
                </td>
                <td>{attempt === undefined ? '' : formatNumber(attempt.answered)}</td>
                <td data-testid="time-left">{left === null ? '' : formatCountdown(left)}</td>
                <td>{attempt?.lastSavedAt == null ? '' : formatTime(attempt.lastSavedAt)}</td>
                <td>{attempt !== undefined && attempt.status === 'in_progress' && <ExtraTimeForm attempt={attempt} onDone={reloadAttempts} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form className="form inline-form" onSubmit={override} aria-labelledby="override-title">
        <h2 id="override-title">{t('checkIn.override')}</h2>
        <label htmlFor="override-candidate">{t('checkIn.picker')}</label>
        <select id="override-candidate" required value={overrideCandidate} onChange={(e) => setOverrideCandidate(e.target.value)}>
          <option value="">—</option>
          {seats.data.filter((seat) => !byCandidate.has(seat.candidateId)).map((seat) => (
            <option key={seat.candidateId} value={seat.candidateId}>{seat.candidateNumber} · {seat.fullName}</option>
          ))}
        </select>
        <label htmlFor="override-kind">{t('checkIn.overrideKind')}</label>
        <select id="override-kind" value={overrideKind} onChange={(e) => setOverrideKind(e.target.value)}>
          {Object.entries(decisions.data?.overrides ?? {}).map(([kind, label]) => <option key={kind} value={kind}>{label[language]}</option>)}
        </select>
        <label htmlFor="override-reason-text">{t('checkIn.overrideReason')}</label>
        <textarea id="override-reason-text" required minLength={OVERRIDE_NOTE_MIN_LENGTH} maxLength={500} rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
        {overrideError !== null && <ErrorMessage error={overrideError} route={`POST ${EVENT_ROUTES.unlock(sessionId)}`} />}
        <button type="submit" disabled={!isOverrideNoteLongEnough(overrideReason)}>{t('checkIn.override')}</button>
      </form>
      <MoveSeatForm sessionId={sessionId} seats={seats.data} attempts={attempts.data} onMoved={reloadAttempts} />
    </>
  );
}

export function RoomMonitor({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const [sessionId, setSessionId] = useState('');

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  return (
    <section aria-labelledby="monitor-title">
      <h1 id="monitor-title"><Bilingual k="room.title" /></h1>
      <SessionPicker unitId={session.user.unitId} value={sessionId} onChange={setSessionId} />
      {sessionId !== '' && <Monitor key={sessionId} sessionId={sessionId} />}
    </section>
  );
}
