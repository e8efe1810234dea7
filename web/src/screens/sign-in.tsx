import { useState, type FormEvent } from 'react';

import { ApiRequestError } from '../api/client.js';
import { signIn, type SessionInfo } from '../api/auth.js';
import { Bilingual, useI18n } from '../i18n/index.js';

export function SignIn({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const { t, language } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);

    try {
      onSignedIn(await signIn(username, password));
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.localised[language] : t('app.networkError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title"><Bilingual k="signIn.title" /></h1>
      <form onSubmit={submit} className="form">
        <label htmlFor="username">{t('signIn.username')}</label>
        <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error !== null && <p role="alert" className="notice notice-error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('signIn.busy') : t('signIn.submit')}</button>
      </form>
      <p className="muted">{t('signIn.hint')}</p>
    </section>
  );
}
