// Department administrators: the CSCA certificates, ICAO master lists and CRLs that chip
// verification trusts. Nothing is trusted until it is loaded here.
import { useState, type FormEvent } from 'react';

import { DEPARTMENT_ROUTES, listTrustAnchors, loadTrustAnchor, removeTrustAnchor, type TrustAnchorKind } from '../../api/department.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const KINDS: TrustAnchorKind[] = ['certificate', 'master-list', 'crl'];

export function TrustAnchorsScreen() {
  const { t } = useI18n();
  const anchors = useApi(listTrustAnchors, []);
  const [kind, setKind] = useState<TrustAnchorKind>('certificate');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (file === null) return;
    setError(null);
    try {
      await loadTrustAnchor(kind, file);
      anchors.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  async function remove(id: string) {
    setError(null);
    try {
      await removeTrustAnchor(id);
      anchors.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="trust-title">
      <h1 id="trust-title"><Bilingual k="nav.trust" /></h1>
      <p className="muted">{t('trust.hint')}</p>
      {anchors.error !== null && <ErrorMessage error={anchors.error} route={`GET ${DEPARTMENT_ROUTES.trustAnchors}`} />}
      {anchors.data === null && anchors.error === null && <Loading />}
      {anchors.data !== null && (
        <table className="table" data-testid="trust-anchors">
          <thead>
            <tr><th scope="col">{t('trust.kind')}</th><th scope="col">{t('org.name')}</th><th scope="col">{t('trust.certificates')}</th><th scope="col">SHA-256</th><th scope="col">{t('trust.loadedAt')}</th><th scope="col"></th></tr>
          </thead>
          <tbody>
            {anchors.data.length === 0 && <tr><td colSpan={6}>{t('trust.none')}</td></tr>}
            {anchors.data.map((anchor) => (
              <tr key={anchor.id}>
                <td>{t(`trust.kind.${anchor.kind}`)}</td><td>{anchor.name}</td><td>{formatNumber(anchor.certificateCount)}</td>
                <td><code title={anchor.sha256}>{anchor.sha256.slice(0, 16)}…</code></td><td>{formatDateTime(anchor.createdAt)}</td>
                <td><button type="button" onClick={() => void remove(anchor.id)}>{t('trust.remove', { name: anchor.name })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form inline-form" onSubmit={submit} aria-labelledby="trust-load-title">
        <h2 id="trust-load-title">{t('trust.load')}</h2>
        <label htmlFor="trust-kind">{t('trust.kind')}</label>
        <select id="trust-kind" value={kind} onChange={(e) => setKind(e.target.value as TrustAnchorKind)}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`trust.kind.${k}`)}</option>)}
        </select>
        <label htmlFor="trust-file">{t('trust.file')}</label>
        <input id="trust-file" type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        {error !== null && <ErrorMessage error={error} route={`POST ${DEPARTMENT_ROUTES.loadTrustAnchor(kind)}`} />}
        <button type="submit" className="primary" disabled={file === null}>{t('trust.load')}</button>
      </form>
    </section>
  );
}
