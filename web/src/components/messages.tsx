// Shared status blocks: loading, API errors (in the chosen language) and routes the server
// does not offer yet.
import { ApiRequestError } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

export function Loading() {
  const { t } = useI18n();
  return <p role="status" className="muted">{t('app.loading')}</p>;
}

/** Shows an error from the API; a missing route is shown as a screen that waits for its API. */
export function ErrorMessage({ error, route }: { error: unknown; route?: string }) {
  const { t, language } = useI18n();

  if (error instanceof ApiRequestError && error.routeMissing) {
    return <ApiMissing route={route ?? ''} />;
  }

  const message = error instanceof ApiRequestError ? error.localised[language] : error instanceof Error ? error.message : String(error);
  return <p role="alert" className="notice notice-error">{t('app.error', { message })}</p>;
}

export function ApiMissing({ route }: { route: string }) {
  const { t } = useI18n();
  return <p role="note" className="notice notice-waiting">{t('app.apiMissing', { route })}</p>;
}
