// Unit administrators: the unit's classes and adding one.
import { useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { createClass, listClasses, ORGANISATION_ROUTES } from '../../api/organisation.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

export function ClassesScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId;
  const classes = useApi(() => (unitId === null ? Promise.resolve([]) : listClasses(unitId)), [unitId]);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [schoolYear, setSchoolYear] = useState('');
  const [error, setError] = useState<unknown>(null);

  if (unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await createClass(unitId ?? '', schoolYear === '' ? { code, name } : { code, name, schoolYear });
      setCode('');
      setName('');
      classes.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="classes-title">
      <h1 id="classes-title"><Bilingual k="nav.classes" /></h1>
      {classes.error !== null && <ErrorMessage error={classes.error} route={`GET ${ORGANISATION_ROUTES.classes(unitId)}`} />}
      {classes.data === null && classes.error === null && <Loading />}
      {classes.data !== null && (
        <table className="table">
          <thead><tr><th scope="col">{t('org.code')}</th><th scope="col">{t('org.name')}</th><th scope="col">{t('org.schoolYear')}</th></tr></thead>
          <tbody>
            {classes.data.length === 0 && <tr><td colSpan={3}>{t('org.empty')}</td></tr>}
            {classes.data.map((c) => <tr key={c.id}><td>{c.code}</td><td>{c.name}</td><td>{c.schoolYear ?? ''}</td></tr>)}
          </tbody>
        </table>
      )}
      <form className="form inline-form" onSubmit={submit} aria-labelledby="class-create-title">
        <h2 id="class-create-title">{t('org.createClass')}</h2>
        <label htmlFor="class-code">{t('org.code')}</label>
        <input id="class-code" required value={code} onChange={(e) => setCode(e.target.value)} />
        <label htmlFor="class-name">{t('org.name')}</label>
        <input id="class-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="class-year">{t('org.schoolYear')}</label>
        <input id="class-year" placeholder="2026-2027" value={schoolYear} onChange={(e) => setSchoolYear(e.target.value)} />
        {error !== null && <ErrorMessage error={error} route={`POST ${ORGANISATION_ROUTES.classes(unitId)}`} />}
        <button type="submit" className="primary">{t('org.createClass')}</button>
      </form>
    </section>
  );
}
