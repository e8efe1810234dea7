// Unit administrators: the candidate list and its import from Excel, with a preview (a dry run
// on the server), the errors of each row, the candidates without a chipped card and the upload
// progress.
import { useState } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { ApiRequestError } from '../../api/client.js';
import { CANDIDATE_ROUTES, listCandidates, uploadCandidateList, type ImportReport, type RowProblem } from '../../api/candidates.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDate, formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const PAGE_SIZE = 100;

function ProblemTable({ problems, caption, testId }: { problems: RowProblem[]; caption: string; testId: string }) {
  const { t, language } = useI18n();
  if (problems.length === 0) return null;

  return (
    <table className="table" data-testid={testId}>
      <caption>{caption}: {formatNumber(problems.length)}</caption>
      <thead>
        <tr><th scope="col">{t('candidates.row')}</th><th scope="col">{t('candidates.field')}</th><th scope="col">{t('candidates.value')}</th><th scope="col">{t('candidates.problem')}</th></tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i}>
            <td>{p.row}</td>
            <td>{t(`candidates.column.${p.column}` as Parameters<typeof t>[0])}</td>
            <td>{p.value ?? ''}</td>
            <td>{p.message[language]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImportSummary({ report }: { report: ImportReport }) {
  const { t } = useI18n();

  return (
    <>
      <p data-testid="import-counts">
        {t('candidates.reportCounts', { rows: formatNumber(report.rowCount), valid: formatNumber(report.validRows), invalid: formatNumber(report.invalidRows), created: formatNumber(report.created), updated: formatNumber(report.updated) })}
      </p>
      {report.errors.length === 0 && <p className="notice notice-success">{t('candidates.noErrors')}</p>}
      <ProblemTable problems={report.errors} caption={t('candidates.rowErrors')} testId="row-errors" />
      <ProblemTable problems={report.warnings} caption={t('candidates.rowWarnings')} testId="row-warnings" />
      {report.withoutChipCard.length > 0 && (
        <p className="notice notice-warning" data-testid="without-chip">
          {t('candidates.withoutChip', { count: formatNumber(report.withoutChipCard.length), list: report.withoutChipCard.map((c) => `${c.fullName} (${t('candidates.row')} ${c.row})`).join(', ') })}
        </p>
      )}
    </>
  );
}

export function CandidatesScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId ?? '';
  const [offset, setOffset] = useState(0);
  const list = useApi(() => listCandidates(unitId, PAGE_SIZE, offset), [unitId, offset]);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const canImport = session.user.role === 'unit_admin';

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  async function upload(dryRun: boolean) {
    if (file === null) return;
    setError(null);
    setProgress(0);

    try {
      const report = await uploadCandidateList(unitId, file, dryRun, setProgress);
      setPreview(dryRun ? report : null);
      setDone(dryRun ? null : report);
      if (!dryRun) list.reload();
    } catch (caught) {
      const report = caught instanceof ApiRequestError ? (caught.details.report as ImportReport | undefined) : undefined;
      if (report !== undefined) setPreview(report);
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="candidates-title">
      <h1 id="candidates-title"><Bilingual k="candidates.title" /></h1>

      {canImport && (
        <form className="form inline-form" onSubmit={(e) => { e.preventDefault(); void upload(true); }} aria-labelledby="import-title">
          <h2 id="import-title">{t('candidates.import')}</h2>
          <p className="muted">
            {t('candidates.templateHint')} <a href={CANDIDATE_ROUTES.template}>{t('candidates.template')}</a>
          </p>
          <label htmlFor="candidate-file">{t('candidates.file')}</label>
          <input id="candidate-file" type="file" accept=".xlsx,.csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPreview(null); setDone(null); setProgress(null); }} />
          <button type="submit" disabled={file === null}>{t('candidates.preview')}</button>
          {progress !== null && (
            <label className="progress">
              {t('candidates.progress')}
              <progress max={1} value={progress} data-testid="import-progress" />
              <span>{formatNumber(Math.round(progress * 100))} %</span>
            </label>
          )}
        </form>
      )}

      {error !== null && <ErrorMessage error={error} route={`POST ${CANDIDATE_ROUTES.import(unitId, true)}`} />}

      {preview !== null && (
        <div className="card" data-testid="import-preview">
          <h2>{t('candidates.preview')}: {preview.fileName}</h2>
          <ImportSummary report={preview} />
          <button type="button" className="primary" aria-describedby="import-blocked" disabled={preview.invalidRows > 0 || preview.validRows === 0} onClick={() => void upload(false)}>
            {t('candidates.confirmImport', { count: formatNumber(preview.validRows) })}
          </button>
          {preview.invalidRows > 0 && (
            <p id="import-blocked" className="notice notice-warning" data-testid="import-blocked">
              {t('candidates.importBlocked', { invalid: formatNumber(preview.invalidRows) })}
            </p>
          )}
          {preview.invalidRows === 0 && preview.validRows === 0 && (
            <p id="import-blocked" className="notice notice-warning" data-testid="import-blocked">{t('candidates.importEmpty')}</p>
          )}
        </div>
      )}

      {done !== null && (
        <p role="status" className="notice notice-success" data-testid="import-done">
          {t('candidates.imported', { created: formatNumber(done.created), updated: formatNumber(done.updated) })}
        </p>
      )}

      {list.error !== null && <ErrorMessage error={list.error} route={`GET ${CANDIDATE_ROUTES.list(unitId, PAGE_SIZE, offset)}`} />}
      {list.data === null && list.error === null && <Loading />}
      {list.data !== null && (
        <>
          <p>
            <a href={CANDIDATE_ROUTES.export(unitId)}>{t('candidates.export')}</a>
          </p>
          <table className="table" data-testid="candidate-list">
            <caption>{t('candidates.count', { count: formatNumber(list.data.total) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('candidates.fullName')}</th><th scope="col">{t('candidates.idNumber')}</th>
                <th scope="col">{t('candidates.birthDate')}</th><th scope="col">{t('candidates.sex')}</th><th scope="col">{t('candidates.chipStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.candidates.length === 0 && <tr><td colSpan={5}>{t('candidates.empty')}</td></tr>}
              {list.data.candidates.map((c) => (
                <tr key={c.id}>
                  <td>{c.fullNameDisplay}</td><td>{c.idNumber ?? c.legacyIdNumber ?? ''}</td><td>{formatDate(`${c.birthDate}T12:00:00Z`)}</td>
                  <td>{c.sex === 'M' ? t('candidates.sexM') : t('candidates.sexF')}</td><td>{t(`candidates.chip.${c.chipStatus}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.total > PAGE_SIZE && (
            <div className="pager">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>← {t('candidates.previousPage')}</button>
              <span>{t('candidates.pageRange', { from: formatNumber(offset + 1), to: formatNumber(Math.min(offset + PAGE_SIZE, list.data.total)), total: formatNumber(list.data.total) })}</span>
              <button type="button" disabled={offset + PAGE_SIZE >= list.data.total} onClick={() => setOffset(offset + PAGE_SIZE)}>{t('candidates.nextPage')} →</button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
