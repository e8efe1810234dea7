// Unit administrators: the unit's staff accounts and adding one with a one-time password, which
// is shown once and must be changed at the first sign-in.
import { useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { createUser, listUsers, USER_ROUTES, type StaffRole, type UserAccount } from '../../api/organisation.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

const ROLES: StaffRole[] = ['proctor', 'teacher', 'unit_admin'];

function accountState(user: UserAccount): 'users.disabled' | 'users.mustChange' | 'users.active' {
  if (user.disabled) return 'users.disabled';
  if (user.mustChangePassword) return 'users.mustChange';
  return 'users.active';
}

export function UsersScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const unitId = session.user.unitId ?? '';
  const users = useApi(() => listUsers(unitId), [unitId]);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<StaffRole>('proctor');
  const [created, setCreated] = useState<UserAccount | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setCreated(await createUser({ username, displayName, role, unitId }));
      setUsername('');
      setDisplayName('');
      users.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title"><Bilingual k="nav.users" /></h1>
      {users.error !== null && <ErrorMessage error={users.error} route={`GET ${USER_ROUTES.list(unitId)}`} />}
      {users.data === null && users.error === null && <Loading />}
      {users.data !== null && (
        <table className="table">
          <thead><tr><th scope="col">{t('signIn.username')}</th><th scope="col">{t('org.name')}</th><th scope="col">{t('users.role')}</th><th scope="col">{t('users.state')}</th></tr></thead>
          <tbody>
            {users.data.filter((u) => u.role !== 'candidate').map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td><td>{u.displayName}</td><td>{t(`role.${u.role}` as Parameters<typeof t>[0])}</td>
                <td>{t(accountState(u))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form inline-form" onSubmit={submit} aria-labelledby="user-create-title">
        <h2 id="user-create-title">{t('users.create')}</h2>
        <label htmlFor="user-username">{t('signIn.username')}</label>
        <input id="user-username" required pattern="[a-z0-9][a-z0-9._\-]{1,63}" value={username} onChange={(e) => setUsername(e.target.value.toLowerCase())} />
        <label htmlFor="user-display">{t('org.name')}</label>
        <input id="user-display" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        <label htmlFor="user-role">{t('users.role')}</label>
        <select id="user-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </select>
        {error !== null && <ErrorMessage error={error} route={`POST ${USER_ROUTES.create}`} />}
        <button type="submit" className="primary">{t('users.create')}</button>
      </form>
      {created?.oneTimePassword !== undefined && (
        <p role="status" className="notice notice-warning" data-testid="one-time-password">
          {t('users.oneTime', { username: created.username })} <code>{created.oneTimePassword}</code>
        </p>
      )}
    </section>
  );
}
