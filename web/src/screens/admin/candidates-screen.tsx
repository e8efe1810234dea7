// Unit administrators: the candidate list and its import from Excel, with a preview (a dry run
// on the server), the errors of each row and the upload progress.
import { useState } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { ApiRequestError } from '../../api/client.js';
import { CANDIDATE_ROUTES, listCandidates, uploadCandidateList, type ImportReport, type RowProblem } from '../../api/candidates.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDate, formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

function RowProblems({ problems }: { problems: RowProblem[] }) {
  const { t, language } = useI18n();
  if (problems.length === 0) return <p className="notice notice-success">{t('candidates.noErrors')}</p>;

  return (
    <table className="table" aria-label={t('candidates.rowErrors')} data-testid="row-errors">
      <caption>{t('candidates.rowErrors')}: {formatNumber(problems.length)}</caption>
      <thead><tr><th scope="col">{t('candidates.row')}</th><th scope="col">{t('candidates.field')}</th><th scope="col">{t('candidates.problem')}</th></tr></thead>
      <tbody>
        {problems.map((p, i) => <tr key={i}><td>{p.row}</td><td>{p.column}</td><td>{p.message[language]}</td></tr>)}
      </tbody>
    </table>
  );
}

export function CandidatesScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId ?? '';
  const list = useApi(() => listCandidates(unitId), [unitId]);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  async function upload(dryRun: boolean) {
    if (file === null) return;
    setError(null);
    setProgress(0);

    try {
      const report = await uploadCandidateList(unitId, file, dryRun, setProgress);
      if (dryRun) {
        setPreview(report);
        setDone(null);
      } else {
        setDone(report);
        setPreview(null);
        list.reload();
      }
    } catch (caught) {
      const rows = caught instanceof ApiRequestError ? (caught.details.problems as RowProblem[] | undefined) : undefined;
      if (rows !== undefined) setPreview({ rowCount: Number(caught instanceof ApiRequestError ? caught.details.rowCount ?? 0 : 0), problems: rows });
      setError(caught);
    }
  }

  const validRows = preview === null ? 0 : preview.rowCount - new Set(preview.problems.map((p) => p.row)).size;

  return (
    <section aria-labelledby="candidates-title">
      <h1 id="candidates-title"><Bilingual k="candidates.title" /></h1>

      <form className="form inline-form" onSubmit={(e) => { e.preventDefault(); void upload(true); }} aria-labelledby="import-title">
        <h2 id="import-title">{t('candidates.import')}</h2>
        <label htmlFor="candidate-file">{t('candidates.file')}</label>
        <input id="candidate-file" type="file" accept=".xlsx,.csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPreview(null); setDone(null); }} />
        <button type="submit" disabled={file === null}>{t('candidates.preview')}</button>
        {progress !== null && (
          <label className="progress">
            {t('candidates.progress')}
            <progress max={1} value={progress} data-testid="import-progress" />
          </label>
        )}
      </form>

      {error !== null && <ErrorMessage error={error} route={`POST ${CANDIDATE_ROUTES.import(unitId, true)}`} />}

      {preview !== null && (
        <div className="card" data-testid="import-preview">
          <p>{t('candidates.rows', { count: formatNumber(preview.rowCount) })}</p>
          <RowProblems problems={preview.problems} />
          <button type="button" className="primary" disabled={preview.problems.length > 0 || validRows === 0} onClick={() => void upload(false)}>
            {t('candidates.confirmImport', { count: formatNumber(validRows) })}
          </button>
        </div>
      )}

      {done !== null && (
        <p role="status" className="notice notice-success" data-testid="import-done">
          {t('candidates.imported', { created: formatNumber(done.createdCount ?? 0), updated: formatNumber(done.updatedCount ?? 0) })}
        </p>
      )}

      {list.error !== null && <ErrorMessage error={list.error} route={`GET ${CANDIDATE_ROUTES.list(unitId)}`} />}
      {list.data === null && list.error === null && <Loading />}
      {list.data !== null && (
        <table className="table" data-testid="candidate-list">
          <caption>{t('candidates.count', { count: formatNumber(list.data.length) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('candidates.fullName')}</th><th scope="col">{t('candidates.idNumber')}</th>
              <th scope="col">{t('candidates.birthDate')}</th><th scope="col">{t('candidates.sex')}</th><th scope="col">{t('candidates.chipStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.length === 0 && <tr><td colSpan={5}>{t('candidates.empty')}</td></tr>}
            {list.data.map((c) => (
              <tr key={c.id}>
                <td>{c.fullName}</td><td>{c.idNumber ?? ''}</td><td>{formatDate(`${c.birthDate}T12:00:00Z`)}</td>
                <td>{c.sex === 'M' ? t('candidates.sexM') : t('candidates.sexF')}</td><td>{t(`candidates.chip.${c.chipStatus}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
