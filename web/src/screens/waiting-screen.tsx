// A screen whose server routes do not exist yet: it requests its list route and shows the list when
// the route answers, or says plainly which route is missing. It never shows made-up data.
import { apiRequest } from '../api/client.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { useApi } from '../components/use-api.js';
import { Bilingual, useI18n, type MessageKey } from '../i18n/index.js';

export function WaitingScreen({ title, route }: { title: MessageKey; route: string }) {
  const { t } = useI18n();
  const result = useApi(() => apiRequest<unknown>(route), [route]);
  const rows = Array.isArray(result.data) ? (result.data as Record<string, unknown>[]) : null;
  const columns = rows !== null && rows.length > 0 ? Object.keys(rows[0] ?? {}) : [];

  return (
    <section aria-labelledby="waiting-title">
      <h1 id="waiting-title"><Bilingual k={title} /></h1>
      {result.error !== null && <ErrorMessage error={result.error} route={`GET ${route}`} />}
      {result.data === null && result.error === null && <Loading />}
      {rows !== null && rows.length === 0 && <p>{t('org.empty')}</p>}
      {rows !== null && rows.length > 0 && (
        <table className="table">
          <thead><tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
          <tbody>{rows.map((row, i) => <tr key={i}>{columns.map((c) => <td key={c}>{String(row[c] ?? '')}</td>)}</tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
