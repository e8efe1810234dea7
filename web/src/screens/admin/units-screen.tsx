// Department administrators: the units (schools, centres) and adding one.
import { useState, type FormEvent } from 'react';

import { createUnit, listUnits, ORGANISATION_ROUTES, type UnitKind } from '../../api/organisation.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDate } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const KINDS: UnitKind[] = ['continuing_education_centre', 'school', 'centre'];

export function UnitsScreen() {
  const { t } = useI18n();
  const units = useApi(listUnits, []);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('continuing_education_centre');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const unit = await createUnit({ code, name, kind });
      setSaved(unit.name);
      setCode('');
      setName('');
      units.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="units-title">
      <h1 id="units-title"><Bilingual k="nav.units" /></h1>
      {units.error !== null && <ErrorMessage error={units.error} route={`GET ${ORGANISATION_ROUTES.units}`} />}
      {units.data === null && units.error === null && <Loading />}
      {units.data !== null && (
        <table className="table">
          <thead><tr><th scope="col">{t('org.code')}</th><th scope="col">{t('org.name')}</th><th scope="col">{t('org.kind')}</th><th scope="col">{t('org.created')}</th></tr></thead>
          <tbody>
            {units.data.length === 0 && <tr><td colSpan={4}>{t('org.empty')}</td></tr>}
            {units.data.map((unit) => (
              <tr key={unit.id}><td>{unit.code}</td><td>{unit.name}</td><td>{t(`org.kind.${unit.kind}`)}</td><td>{formatDate(unit.createdAt)}</td></tr>
            ))}
          </tbody>
        </table>
      )}

      <form className="form inline-form" onSubmit={submit} aria-labelledby="unit-create-title">
        <h2 id="unit-create-title">{t('org.createUnit')}</h2>
        <label htmlFor="unit-code">{t('org.code')}</label>
        <input id="unit-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <label htmlFor="unit-name">{t('org.name')}</label>
        <input id="unit-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="unit-kind">{t('org.kind')}</label>
        <select id="unit-kind" value={kind} onChange={(e) => setKind(e.target.value as UnitKind)}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`org.kind.${k}`)}</option>)}
        </select>
        {error !== null && <ErrorMessage error={error} route={`POST ${ORGANISATION_ROUTES.units}`} />}
        {saved !== null && <p role="status" className="notice notice-success">{t('org.saved', { name: saved })}</p>}
        <button type="submit" className="primary">{t('org.createUnit')}</button>
      </form>
    </section>
  );
}
