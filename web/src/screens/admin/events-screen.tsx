// Unit administrators: exam events, their sessions, registration of the candidates, automatic
// seating and the exam (question bank) of each session.
import { useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import {
  createEvent,
  createSession,
  EVENT_ROUTES,
  fetchEvent,
  listEvents,
  registerAll,
  seatAutomatically,
  setUpSessionExam,
  type ExamEventKind,
  type ExamSession,
} from '../../api/events.js';
import { listBanks, type QuestionBank } from '../../api/question-banks.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDate, formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const KINDS: ExamEventKind[] = ['exam', 'contest', 'certification_test'];

/** The results report of an exam event: scores, distribution and item statistics. */
const resultsFile = (eventId: string, format: 'pdf' | 'xlsx') => `/api/reports/results?examEventId=${encodeURIComponent(eventId)}&format=${format}`;

function SessionRow({ session, banks, onChanged }: { session: ExamSession; banks: QuestionBank[]; onChanged: (message: string) => void }) {
  const { t } = useI18n();
  const [bankId, setBankId] = useState(banks[0]?.id ?? '');
  const [resultsAllowed, setResultsAllowed] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(action: () => Promise<string>) {
    setError(null);
    try {
      onChanged(await action());
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <tr>
      <td>{session.code}</td>
      <td>{formatDate(`${session.date}T12:00:00Z`)} {session.startTime}</td>
      <td>{t('events.minutes', { minutes: formatNumber(session.durationMinutes) })}</td>
      <td>
        <div className="toolbar">
          <button type="button" onClick={() => void run(async () => t('events.seated', { count: formatNumber((await seatAutomatically(session.id)).seated) }))}>{t('events.seatAuto')}</button>
          <label htmlFor={`bank-${session.id}`} className="visually-hidden">{t('questions.bank')}</label>
          <select id={`bank-${session.id}`} value={bankId} onChange={(e) => setBankId(e.target.value)}>
            {banks.length === 0 && <option value="">{t('events.noBank')}</option>}
            {banks.map((bank) => <option key={bank.id} value={bank.id}>{bank.name}</option>)}
          </select>
          <label><input type="checkbox" checked={resultsAllowed} onChange={(e) => setResultsAllowed(e.target.checked)} /> {t('events.resultsAllowed')}</label>
          <button type="button" disabled={bankId === ''} onClick={() => void run(async () => t('events.setUp', { count: formatNumber((await setUpSessionExam(session.id, { bankId, resultsAllowed })).questionCount) }))}>
            {t('events.setUpExam')}
          </button>
        </div>
        {error !== null && <ErrorMessage error={error} route={`POST ${EVENT_ROUTES.seatsAuto(session.id)}`} />}
      </td>
    </tr>
  );
}

function EventDetail({ eventId, unitId }: { eventId: string; unitId: string }) {
  const { t } = useI18n();
  const detail = useApi(() => fetchEvent(eventId), [eventId]);
  const banks = useApi(() => listBanks(unitId), [unitId]);
  const [code, setCode] = useState('CA1');
  const [date, setDate] = useState('');
  const [startTime, setStartTime] = useState('07:30');
  const [duration, setDuration] = useState('45');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function addSession(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await createSession(eventId, { code, date, startTime, durationMinutes: Number(duration) });
      detail.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function register() {
    setError(null);
    try {
      setMessage(t('events.registered', { count: formatNumber((await registerAll(eventId)).registered) }));
    } catch (caught) {
      setError(caught);
    }
  }

  if (detail.error !== null) return <ErrorMessage error={detail.error} route={`GET ${EVENT_ROUTES.event(eventId)}`} />;
  if (detail.data === null) return <Loading />;

  return (
    <section className="card" aria-labelledby="event-detail-title">
      <h2 id="event-detail-title">{detail.data.title} ({detail.data.code})</h2>
      <p>
        {t('events.results')}: <a href={resultsFile(eventId, 'pdf')}>PDF</a> · <a href={resultsFile(eventId, 'xlsx')}>Excel</a>
      </p>
      <button type="button" onClick={() => void register()}>{t('events.registerAll')}</button>
      {message !== null && <p role="status" className="notice notice-success">{message}</p>}
      <table className="table">
        <caption>{t('events.sessions')}</caption>
        <thead><tr><th scope="col">{t('org.code')}</th><th scope="col">{t('events.start')}</th><th scope="col">{t('events.duration')}</th><th scope="col">{t('events.actions')}</th></tr></thead>
        <tbody>
          {detail.data.sessions.length === 0 && <tr><td colSpan={4}>{t('org.empty')}</td></tr>}
          {detail.data.sessions.map((session) => <SessionRow key={session.id} session={session} banks={banks.data ?? []} onChanged={setMessage} />)}
        </tbody>
      </table>
      <form className="form inline-form" onSubmit={addSession} aria-labelledby="session-create-title">
        <h3 id="session-create-title">{t('events.addSession')}</h3>
        <label htmlFor="session-code">{t('org.code')}</label>
        <input id="session-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <label htmlFor="session-date">{t('events.date')}</label>
        <input id="session-date" type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        <label htmlFor="session-time">{t('events.startTime')}</label>
        <input id="session-time" type="time" required value={startTime} onChange={(e) => setStartTime(e.target.value)} />
        <label htmlFor="session-duration">{t('events.duration')}</label>
        <input id="session-duration" type="number" min={1} required value={duration} onChange={(e) => setDuration(e.target.value)} />
        {error !== null && <ErrorMessage error={error} route={`POST ${EVENT_ROUTES.sessions(eventId)}`} />}
        <button type="submit" className="primary">{t('events.addSession')}</button>
      </form>
    </section>
  );
}

export function EventsScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId ?? '';
  const events = useApi(() => listEvents(unitId), [unitId]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ExamEventKind>('exam');
  const [error, setError] = useState<unknown>(null);

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const created = await createEvent(unitId, { code, title, kind });
      setChosen(created.id);
      setCode('');
      setTitle('');
      events.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title"><Bilingual k="nav.events" /></h1>
      {events.error !== null && <ErrorMessage error={events.error} route={`GET ${EVENT_ROUTES.events(unitId)}`} />}
      {events.data === null && events.error === null && <Loading />}
      {events.data !== null && (
        <table className="table">
          <thead><tr><th scope="col">{t('org.code')}</th><th scope="col">{t('events.title')}</th><th scope="col">{t('events.kind')}</th><th scope="col"></th></tr></thead>
          <tbody>
            {events.data.length === 0 && <tr><td colSpan={4}>{t('org.empty')}</td></tr>}
            {events.data.map((event) => (
              <tr key={event.id} aria-selected={event.id === chosen}>
                <td>{event.code}</td><td>{event.title}</td><td>{t(`events.kind.${event.kind}`)}</td>
                <td><button type="button" onClick={() => setChosen(event.id)}>{t('events.open', { code: event.code })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen !== null && <EventDetail key={chosen} eventId={chosen} unitId={unitId} />}
      <form className="form inline-form" onSubmit={submit} aria-labelledby="event-create-title">
        <h2 id="event-create-title">{t('events.create')}</h2>
        <label htmlFor="event-code">{t('org.code')}</label>
        <input id="event-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <label htmlFor="event-title">{t('events.title')}</label>
        <input id="event-title" required value={title} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="event-kind">{t('events.kind')}</label>
        <select id="event-kind" value={kind} onChange={(e) => setKind(e.target.value as ExamEventKind)}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`events.kind.${k}`)}</option>)}
        </select>
        {error !== null && <ErrorMessage error={error} route={`POST ${EVENT_ROUTES.events(unitId)}`} />}
        <button type="submit" className="primary">{t('events.create')}</button>
      </form>
    </section>
  );
}
