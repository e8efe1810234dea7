// Department administrators: pilot rounds (lần 1, 2, 3) and adding one.
import { useState, type FormEvent } from 'react';

import { createPilotRound, listPilotRounds, PILOT_ROUND_ROUTE } from '../../api/organisation.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDate } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const showDate = (iso: string | null) => (iso === null ? '' : formatDate(`${iso}T12:00:00Z`));

export function PilotRoundsScreen() {
  const { t } = useI18n();
  const rounds = useApi(listPilotRounds, []);
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await createPilotRound({ number: Number(number), name, ...(startsOn === '' ? {} : { startsOn }), ...(endsOn === '' ? {} : { endsOn }) });
      setNumber('');
      setName('');
      rounds.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="rounds-title">
      <h1 id="rounds-title"><Bilingual k="nav.pilotRounds" /></h1>
      {rounds.error !== null && <ErrorMessage error={rounds.error} route={`GET ${PILOT_ROUND_ROUTE}`} />}
      {rounds.data === null && rounds.error === null && <Loading />}
      {rounds.data !== null && (
        <table className="table">
          <thead><tr><th scope="col">{t('rounds.number')}</th><th scope="col">{t('org.name')}</th><th scope="col">{t('rounds.startsOn')}</th><th scope="col">{t('rounds.endsOn')}</th></tr></thead>
          <tbody>
            {rounds.data.length === 0 && <tr><td colSpan={4}>{t('org.empty')}</td></tr>}
            {rounds.data.map((r) => <tr key={r.id}><td>{r.number}</td><td>{r.name}</td><td>{showDate(r.startsOn)}</td><td>{showDate(r.endsOn)}</td></tr>)}
          </tbody>
        </table>
      )}
      <form className="form inline-form" onSubmit={submit} aria-labelledby="round-create-title">
        <h2 id="round-create-title">{t('rounds.create')}</h2>
        <label htmlFor="round-number">{t('rounds.number')}</label>
        <input id="round-number" type="number" min={1} max={99} required value={number} onChange={(e) => setNumber(e.target.value)} />
        <label htmlFor="round-name">{t('org.name')}</label>
        <input id="round-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="round-start">{t('rounds.startsOn')}</label>
        <input id="round-start" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
        <label htmlFor="round-end">{t('rounds.endsOn')}</label>
        <input id="round-end" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
        {error !== null && <ErrorMessage error={error} route={`POST ${PILOT_ROUND_ROUTE}`} />}
        <button type="submit" className="primary">{t('rounds.create')}</button>
      </form>
    </section>
  );
}
