// The proctor's check-in panel: choose session and room, name the candidate at the station
// (list, candidate number or QR scan of the card), follow the chip verification, compare the chip
// photo with the registration and the person, confirm the face, or admit without chip with a
// written reason.
// Live room events arrive over the server's WebSocket and reload the panel at once; a slower
// poll stays as the fallback while the socket is down.
import { useEffect, useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import {
  cancelCheckIn,
  CHECKIN_ROUTES,
  confirmFace,
  fetchCheckIn,
  fetchDecisions,
  fetchRoomPanel,
  overrideCheckIn,
  startCheckIn,
  type CandidateSelection,
  type CheckIn,
  type CheckInDetail,
} from '../../api/checkin.js';
import { EVENT_ROUTES, listRooms } from '../../api/events.js';
import { parseCccdQr } from '../../check-in/cccd-qr.js';
import { useRoomLive } from '../../check-in/use-room-live.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { SessionPicker } from '../../components/session-picker.js';
import { useApi } from '../../components/use-api.js';
import { formatDate, formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';
import { isOverrideNoteLongEnough, OVERRIDE_NOTE_MIN_LENGTH } from './override-note.js';

const REFRESH_MS = 3000;
const LIVE_REFRESH_MS = 15_000;

function checkInState(checkIn: CheckIn | null, t: ReturnType<typeof useI18n>['t']): string {
  if (checkIn === null) return t('monitor.notCheckedIn');
  if (checkIn.outcome !== null) return t(`checkIn.outcome.${checkIn.outcome}`);
  return t(`checkIn.status.${checkIn.status}`);
}

function CurrentCheckIn({ checkInId, refresh, onChanged }: { checkInId: string; refresh: number; onChanged: () => void }) {
  const { t, language } = useI18n();
  const detail = useApi(() => fetchCheckIn(checkInId), [checkInId, refresh]);
  const [error, setError] = useState<unknown>(null);
  const reload = detail.reload;

  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      reload();
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }

  if (detail.error !== null) return <ErrorMessage error={detail.error} route={`GET ${CHECKIN_ROUTES.checkIn(checkInId)}`} />;
  if (detail.data === null) return <Loading />;

  const checkIn: CheckInDetail = detail.data;
  const open = checkIn.status === 'waiting_card' || checkIn.status === 'verifying' || checkIn.status === 'verified';

  return (
    <section className="card" aria-labelledby="current-check-in" data-testid="current-check-in">
      <h2 id="current-check-in">{t('checkIn.decision')}: {checkInState(checkIn, t)}</h2>
      <div className="photo-pair">
        <figure>
          {checkIn.photoUrl === null ? (
            <div className="photo-frame">{t('checkIn.noPhoto')}</div>
          ) : (
            <img className="photo-frame" src={checkIn.photoUrl} alt={t('checkIn.chipPhotoOf', { name: checkIn.registration?.fullName ?? '' })} />
          )}
          <figcaption>{t('checkIn.chipPhoto')}</figcaption>
        </figure>
        <div>
          <h3>{t('checkIn.registration')}</h3>
          {checkIn.registration === null ? (
            <p className="muted">{t('org.empty')}</p>
          ) : (
            <dl className="facts">
              <dt>{t('candidates.fullName')}</dt><dd>{checkIn.registration.fullName}</dd>
              <dt>{t('candidates.birthDate')}</dt><dd>{formatDate(`${checkIn.registration.birthDate}T12:00:00Z`)}</dd>
              <dt>{t('checkIn.number')}</dt><dd>{checkIn.registration.candidateNumber}</dd>
              <dt>{t('monitor.seat')}</dt><dd>{checkIn.registration.seatLabel ?? ''}</dd>
            </dl>
          )}
          {checkIn.decision !== null && !checkIn.decision.override && (
            <p className="notice notice-error">{checkIn.decision[language]} {checkIn.decision.nextStep[language]}</p>
          )}
          {checkIn.decision !== null && checkIn.decision.override && checkIn.decision.label !== null && (
            <p className="notice notice-warning">{t('checkIn.overrideKind')}: {checkIn.decision.label[language]}. {checkIn.overrideReason ?? ''}</p>
          )}
          {checkIn.checks.length > 0 && (
            <ul className="checks">
              {checkIn.checks.map((check) => <li key={check.id}>{check.id}: {check.status}{check.threat === undefined ? '' : ` (${check.threat})`}</li>)}
            </ul>
          )}
        </div>
      </div>
      <div className="toolbar">
        <button type="button" className="primary" disabled={checkIn.status !== 'verified'} onClick={() => void act(() => confirmFace(checkIn.id, true))}>{t('checkIn.confirmFace')}</button>
        <button type="button" disabled={checkIn.status !== 'verified'} onClick={() => void act(() => confirmFace(checkIn.id, false))}>{t('checkIn.faceMismatch')}</button>
        <button type="button" disabled={!open} onClick={() => void act(() => cancelCheckIn(checkIn.id))}>{t('checkIn.cancel')}</button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}

function RoomCheckIn({ sessionId, roomId }: { sessionId: string; roomId: string }) {
  const { t, language } = useI18n();
  const panel = useApi(() => fetchRoomPanel(sessionId, roomId), [sessionId, roomId]);
  const decisions = useApi(fetchDecisions, []);
  const [candidateId, setCandidateId] = useState('');
  const [number, setNumber] = useState('');
  const [qrText, setQrText] = useState('');
  const [stationId, setStationId] = useState('');
  const [current, setCurrent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [overrideCandidate, setOverrideCandidate] = useState('');
  const [overrideKind, setOverrideKind] = useState('broken_chip');
  const [overrideReason, setOverrideReason] = useState('');
  const reloadPanel = panel.reload;
  const [liveEvents, setLiveEvents] = useState(0);
  const live = useRoomLive(roomId, () => {
    setLiveEvents((n) => n + 1);
    reloadPanel();
  });

  useEffect(() => {
    const timer = window.setInterval(reloadPanel, live === 'live' ? LIVE_REFRESH_MS : REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reloadPanel, live]);

  const qr = qrText.trim() === '' ? null : parseCccdQr(qrText);

  async function start(selection: CandidateSelection) {
    setError(null);
    try {
      const checkIn = await startCheckIn(sessionId, roomId, selection, stationId === '' ? undefined : stationId);
      setCurrent(checkIn.id);
      setQrText('');
      setNumber('');
      reloadPanel();
    } catch (caught) {
      setError(caught);
    }
  }

  async function override(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const checkIn = await overrideCheckIn(sessionId, roomId, overrideCandidate, overrideKind, overrideReason);
      setCurrent(checkIn.id);
      setOverrideReason('');
      reloadPanel();
    } catch (caught) {
      setError(caught);
    }
  }

  if (panel.error !== null) return <ErrorMessage error={panel.error} route={`GET ${CHECKIN_ROUTES.room(sessionId, roomId)}`} />;
  if (panel.data === null) return <Loading />;

  const candidates = panel.data.candidates;
  const admitted = candidates.filter((c) => c.latestCheckIn?.outcome === 'admitted' || c.latestCheckIn?.outcome === 'override').length;

  return (
    <>
      <p role="status" data-testid="check-in-summary">
        {t('checkIn.summary', { admitted: formatNumber(admitted), total: formatNumber(candidates.length), stations: formatNumber(panel.data.stations.length) })}
      </p>
      <p className={live === 'live' ? 'live-state live' : 'live-state'} data-testid="live-state">{t(`checkIn.live.${live}`)}</p>
      <div className="columns">
        <div className="form">
          <label htmlFor="check-in-station">{t('checkIn.station')}</label>
          <select id="check-in-station" value={stationId} onChange={(e) => setStationId(e.target.value)}>
            <option value="">{t('checkIn.anyStation')}</option>
            {panel.data.stations.map((station) => <option key={station.stationId} value={station.stationId}>{station.name}</option>)}
          </select>

          <label htmlFor="check-in-picker">{t('checkIn.picker')}</label>
          <div className="toolbar">
            <select id="check-in-picker" value={candidateId} onChange={(e) => setCandidateId(e.target.value)}>
              <option value="">—</option>
              {candidates.map((c) => <option key={c.candidateId} value={c.candidateId}>{c.candidateNumber} · {c.fullName}</option>)}
            </select>
            <button type="button" disabled={candidateId === ''} onClick={() => void start({ candidateId })}>{t('checkIn.readCard')}</button>
          </div>

          <label htmlFor="check-in-number">{t('checkIn.number')}</label>
          <div className="toolbar">
            <input id="check-in-number" inputMode="numeric" value={number} onChange={(e) => setNumber(e.target.value.replace(/\D/g, ''))} />
            <button type="button" disabled={number === ''} onClick={() => void start({ candidateNumber: number })}>{t('checkIn.readCard')}</button>
          </div>

          <label htmlFor="check-in-qr">{t('checkIn.qr')}</label>
          <input
            id="check-in-qr"
            aria-describedby="check-in-qr-hint"
            value={qrText}
            autoComplete="off"
            onChange={(e) => setQrText(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && qr?.ok === true) void start({ qr: qrText }); }}
          />
          <p id="check-in-qr-hint" className="muted">{t('checkIn.qrHint')}</p>
          {qr !== null && !qr.ok && <p role="alert" className="notice notice-error">{t('checkIn.qrInvalid', { reason: qr.reason })}</p>}
          {qr !== null && qr.ok && (
            <p role="status" className="notice notice-success" data-testid="qr-parsed">
              {t('checkIn.qrParsed', { name: qr.value.fullName, birthDate: formatDate(`${qr.value.birthDate}T12:00:00Z`), idNumber: qr.value.idNumber })}{' '}
              <button type="button" onClick={() => void start({ qr: qrText })}>{t('checkIn.readCard')}</button>
            </p>
          )}
          {error !== null && <ErrorMessage error={error} />}
        </div>
        <div>{current !== null && <CurrentCheckIn key={current} checkInId={current} refresh={liveEvents} onChanged={reloadPanel} />}</div>
      </div>

      <form className="form inline-form" onSubmit={override} aria-labelledby="check-in-override-title">
        <h2 id="check-in-override-title">{t('checkIn.override')}</h2>
        <label htmlFor="check-in-override-candidate">{t('checkIn.picker')}</label>
        <select id="check-in-override-candidate" required value={overrideCandidate} onChange={(e) => setOverrideCandidate(e.target.value)}>
          <option value="">—</option>
          {candidates.map((c) => <option key={c.candidateId} value={c.candidateId}>{c.candidateNumber} · {c.fullName}</option>)}
        </select>
        <label htmlFor="check-in-override-kind">{t('checkIn.overrideKind')}</label>
        <select id="check-in-override-kind" value={overrideKind} onChange={(e) => setOverrideKind(e.target.value)}>
          {Object.entries(decisions.data?.overrides ?? {}).map(([kind, label]) => <option key={kind} value={kind}>{label[language]}</option>)}
        </select>
        <label htmlFor="check-in-override-reason">{t('checkIn.overrideReason')}</label>
        <textarea id="check-in-override-reason" required minLength={OVERRIDE_NOTE_MIN_LENGTH} maxLength={500} rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
        <button type="submit" disabled={!isOverrideNoteLongEnough(overrideReason)}>{t('checkIn.override')}</button>
      </form>

      <table className="table" data-testid="check-in-table">
        <caption>{t('checkIn.roomList')}</caption>
        <thead>
          <tr><th scope="col">{t('checkIn.number')}</th><th scope="col">{t('candidates.fullName')}</th><th scope="col">{t('monitor.seat')}</th><th scope="col">{t('candidates.chipStatus')}</th><th scope="col">{t('monitor.state')}</th></tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={c.candidateId}>
              <td>{c.candidateNumber}</td><td>{c.fullName}</td><td>{c.seatLabel ?? ''}</td>
              <td>{c.hasChippedCard ? t('candidates.chip.chipped') : t('checkIn.noChip')}</td>
              <td>{checkInState(c.latestCheckIn, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CheckInPanel({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId ?? '';
  const rooms = useApi(() => listRooms(unitId), [unitId]);
  const [sessionId, setSessionId] = useState('');
  const [roomId, setRoomId] = useState('');

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  return (
    <section aria-labelledby="check-in-title" className="check-in">
      <h1 id="check-in-title"><Bilingual k="checkIn.title" /></h1>
      <div className="toolbar">
        <SessionPicker unitId={unitId} value={sessionId} onChange={setSessionId} />
        <label htmlFor="check-in-room">{t('nav.rooms')}</label>
        <select id="check-in-room" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
          <option value="">—</option>
          {(rooms.data ?? []).map((room) => <option key={room.id} value={room.id}>{room.code} · {room.name}</option>)}
        </select>
      </div>
      {rooms.error !== null && <ErrorMessage error={rooms.error} route={`GET ${EVENT_ROUTES.rooms(unitId)}`} />}
      {sessionId !== '' && roomId !== '' && <RoomCheckIn key={`${sessionId}/${roomId}`} sessionId={sessionId} roomId={roomId} />}
    </section>
  );
}
