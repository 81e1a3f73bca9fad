// The shell every audience shares: skip link, header with navigation and language switch, the
// offline/outbox banner, <main>, footer.
import { useEffect, useState } from 'react';
import { Link, useLocation } from './router';
import { audienceOf, Routes } from './routes';
import { LANGS, useLang, useT } from '../i18n';
import { isStaff, useSession } from '../lib/session';
import { OutboxBanner } from '../citizen/OutboxBanner';
import { useClientConfig } from '../lib/client-config';

function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

const LANG_NAMES = { id: 'Indonesia', en: 'English' } as const;

function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT();
  return (
    <div className="lang-switch" role="group" aria-label={t('shell.language')}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => setLang(l)}>
          {LANG_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

export function App() {
  const t = useT();
  const { path } = useLocation();
  const { user } = useSession();
  const online = useOnline();
  const cfg = useClientConfig();
  const wide = audienceOf(path)?.wide ?? false;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="site-header">
        <div className="site-header__top">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              A
            </span>
            <span className="brand__text">
              <span className="brand__name">{t('app.name')}</span>
              <span className="brand__tag">{t('app.tagline')}</span>
            </span>
          </Link>
          <LanguageSwitch />
        </div>
        <nav aria-label={t('shell.nav')} className="site-nav">
          <ul>
            <li>
              <Link to="/lapor">{t('nav.report')}</Link>
            </li>
            <li>
              <Link to="/lacak">{t('nav.track')}</Link>
            </li>
            <li>
              <Link to="/aduan">{t('nav.feed')}</Link>
            </li>
            {isStaff(user) && (
              <li>
                <Link to="/staf">{t('nav.staff')}</Link>
              </li>
            )}
            <li>{user ? <Link to="/akun">{t('nav.account')}</Link> : <Link to="/masuk">{t('nav.login')}</Link>}</li>
          </ul>
        </nav>
      </header>
      {!online && (
        <div className="offline-strip" role="status">
          {t('shell.offline')}
        </div>
      )}
      <OutboxBanner />
      <main id="main" tabIndex={-1} className={wide ? 'main main--wide' : 'main'}>
        <Routes path={path} />
      </main>
      <footer className="site-footer">
        <p>{t('footer.sms', { code: cfg.smsShortCode })}</p>
        <p>
          {t('footer.about')} · <a href="/api/docs">{t('footer.api')}</a>
        </p>
      </footer>
    </>
  );
}
