// The app shell: session, language switch, role-based navigation and the screen of the route.
import { useEffect, useState, type ReactNode } from 'react';

import { fetchSession, signOut, type Role, type SessionInfo } from './api/auth.js';
import { ErrorMessage, Loading } from './components/messages.js';
import { useI18n, type MessageKey } from './i18n/index.js';
import { navigate, useRoute } from './router.js';
import { CandidateHome } from './screens/exam/seat-screen.js';
import { HOME_BY_ROLE, SCREENS, type ScreenEntry } from './screens/index.js';
import { ChangePassword } from './screens/change-password.js';
import { SignIn } from './screens/sign-in.js';

function Header({ session, onSignedOut }: { session: SessionInfo | null; onSignedOut: () => void }) {
  const { t, language, setLanguage } = useI18n();

  return (
    <header className="app-header">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <span className="brand">{t('app.name')}</span>
      <span className="tagline">{t('app.tagline')}</span>
      <span className="spacer" />
      {session !== null && <span className="who">{t('app.signedInAs', { name: session.user.displayName })} ({t(`role.${session.user.role}`)})</span>}
      <button type="button" className="link" lang={language === 'vi' ? 'en' : 'vi'} aria-label={`${t('app.language')}: ${t('app.languageSwitch')}`} onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}>
        {t('app.languageSwitch')}
      </button>
      {session !== null && (
        <button type="button" className="link" onClick={() => void signOut().finally(onSignedOut)}>{t('app.signOut')}</button>
      )}
    </header>
  );
}

function Navigation({ entries, route }: { entries: ScreenEntry[]; route: string }) {
  const { t } = useI18n();
  if (entries.length <= 1) return null;

  return (
    <nav className="app-nav" aria-label={t('nav.home')}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.path}>
            <a href={`#${entry.path}`} aria-current={route === entry.path ? 'page' : undefined}>{t(entry.title as MessageKey)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function screensFor(role: Role): ScreenEntry[] {
  return SCREENS.filter((entry) => entry.roles.includes(role));
}

export function App() {
  const { t } = useI18n();
  const route = useRoute();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    fetchSession().then(setSession, setError);
  }, []);

  let content: ReactNode;
  let entries: ScreenEntry[] = [];

  if (error !== null && session === undefined) {
    content = <ErrorMessage error={error} route="GET /api/auth/me" />;
  } else if (session === undefined) {
    content = <Loading />;
  } else if (session === null) {
    content = <SignIn onSignedIn={(next) => { setSession(next); navigate('/'); }} />;
  } else if (session.user.mustChangePassword === true) {
    content = <ChangePassword onChanged={() => setSession({ ...session, user: { ...session.user, mustChangePassword: false } })} />;
  } else if (session.user.role === 'candidate') {
    content = <CandidateHome />;
  } else {
    entries = screensFor(session.user.role);
    const path = route === '/' ? HOME_BY_ROLE[session.user.role] : route;
    const entry = entries.find((e) => e.path === path);
    content = entry === undefined ? <p className="notice">{t('app.notFound')}</p> : entry.render(session);
  }

  const fullScreen = session?.user.role === 'candidate';

  return (
    <>
      <Header session={session ?? null} onSignedOut={() => { setSession(null); navigate('/'); }} />
      <Navigation entries={entries} route={route} />
      {fullScreen ? content : <main id="main" className="app-main" tabIndex={-1}>{content}</main>}
    </>
  );
}


