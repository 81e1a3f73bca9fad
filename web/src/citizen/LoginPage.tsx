// Sign in. The session is an HttpOnly cookie; afterwards /api/v1/auth/me says who is signed in.
import { useRef, useState, type FormEvent } from 'react';
import { Link, navigate, useLocation } from '../app/router';
import { useT } from '../i18n';
import { api, ApiError } from '../lib/api';
import { isStaff, useSession } from '../lib/session';
import { Alert, errorMessage } from '../ui/bits';
import { ErrorSummary, TextField, type ErrorItem } from '../ui/fields';
import { Page } from '../ui/Page';
import { LoginByCode } from './LoginByCode';
import { TotpStep } from './TotpStep';

/** Only paths inside this site ("/x", not "//host" or "https://…"). */
export const safeNext = (next: string | null) => (next && /^\/(?!\/)/.test(next) ? next : null);

export function LoginPage() {
  const t = useT();
  const { search } = useLocation();
  const { refresh, user } = useSession();
  // Accounts with two-step verification answer the password with a challenge for the code (TotpStep).
  const [challenge, setChallenge] = useState<string>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!username.trim()) errs.username = t('login.err.username');
    if (!password) errs.password = t('login.err.password');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const answer = await api.post<{ totpRequired?: boolean; challenge?: string; totpSetupRequired?: boolean }>('/api/v1/auth/login', { username: username.trim(), password });
      if (answer.totpRequired && answer.challenge) return setChallenge(answer.challenge);
      const u = await signedIn();
      // A role that must use two-step verification and has none yet: enrol first.
      navigate(answer.totpSetupRequired ? '/staf/keamanan' : (safeNext(search.get('next')) ?? (isStaff(u) ? '/staf' : '/akun')));
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 401 ? t('login.wrong') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  const signedIn = async () => {
    const u = await refresh();
    if (!u) throw new ApiError(401, 'unauthenticated', 'Signed in but the session was not kept (cookies disabled?)');
    return u;
  };
  const afterCode = async () => {
    const u = await signedIn();
    navigate(safeNext(search.get('next')) ?? (isStaff(u) ? '/staf' : '/akun'));
  };
  const summary = [errors.username && { id: 'username', message: errors.username }, errors.password && { id: 'password', message: errors.password }].filter(Boolean) as ErrorItem[];
  return (
    <Page title={t('login.title')} lead={t('login.lead')}>
      {user && <Alert kind="info">{t('login.already', { name: user.displayName })}</Alert>}
      {challenge ? (
        <TotpStep
          challenge={challenge}
          onDone={afterCode}
          onRestart={(message) => {
            setChallenge(undefined);
            setFailure(message);
          }}
        />
      ) : (
        <form noValidate onSubmit={submit} className="form form--narrow">
          <ErrorSummary title={t('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
          <TextField id="username" label={t('login.username')} required autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} error={errors.username} onChange={(e) => setUsername(e.target.value)} />
          <TextField id="password" type="password" label={t('login.password')} required autoComplete="current-password" value={password} error={errors.password} onChange={(e) => setPassword(e.target.value)} />
          {failure && <Alert kind="error">{failure}</Alert>}
          <button type="submit" className="button button--large" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
      )}
      <LoginByCode next={safeNext(search.get('next')) ?? '/akun'} />
      <p className="hint">
        {t('login.noAccount')} <Link to="/lapor">{t('nav.report')}</Link> · <Link to="/daftar">{t('register.link')}</Link>
      </p>
    </Page>
  );
}
