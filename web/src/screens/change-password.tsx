// Replaces a one-time password: the server refuses every other route until this is done.
import { useState, type FormEvent } from 'react';

import { changePassword } from '../api/auth.js';
import { ErrorMessage } from '../components/messages.js';
import { Bilingual, useI18n } from '../i18n/index.js';

const MIN_LENGTH = 10;

export function ChangePassword({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const mismatch = repeat !== '' && repeat !== next;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await changePassword(current, next);
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="password-title">
      <h1 id="password-title"><Bilingual k="password.title" /></h1>
      <p>{t('password.hint', { min: MIN_LENGTH })}</p>
      <form className="form" onSubmit={submit}>
        <label htmlFor="password-current">{t('password.current')}</label>
        <input id="password-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <label htmlFor="password-new">{t('password.new')}</label>
        <input id="password-new" type="password" autoComplete="new-password" required minLength={MIN_LENGTH} value={next} onChange={(e) => setNext(e.target.value)} />
        <label htmlFor="password-repeat">{t('password.repeat')}</label>
        <input id="password-repeat" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} aria-invalid={mismatch} />
        {mismatch && <p role="alert" className="notice notice-error">{t('password.mismatch')}</p>}
        {error !== null && <ErrorMessage error={error} route="POST /api/auth/password" />}
        <button type="submit" className="primary" disabled={mismatch || next.length < MIN_LENGTH}>{t('password.submit')}</button>
      </form>
    </section>
  );
}
