// Sign in. The session is an HttpOnly cookie; afterwards /api/v1/auth/me says who is signed in.
import { useRef, useState, type FormEvent } from 'react';
import { Link, navigate, useLocation } from '../app/router';
import { useT } from '../i18n';
import { ApiError } from '../lib/api';
import { isStaff, useSession } from '../lib/session';
import { Alert, errorMessage } from '../ui/bits';
import { ErrorSummary, TextField, type ErrorItem } from '../ui/fields';
import { Page } from '../ui/Page';

/** Only paths inside this site ("/x", not "//host" or "https://…"). */
export const safeNext = (next: string | null) => (next && /^\/(?!\/)/.test(next) ? next : null);

export function LoginPage() {
  const t = useT();
  const { search } = useLocation();
  const { login, user } = useSession();
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
      const u = await login(username.trim(), password);
      navigate(safeNext(search.get('next')) ?? (isStaff(u) ? '/staf' : '/akun'));
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 401 ? t('login.wrong') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  const summary = [errors.username && { id: 'username', message: errors.username }, errors.password && { id: 'password', message: errors.password }].filter(Boolean) as ErrorItem[];
  return (
    <Page title={t('login.title')} lead={t('login.lead')}>
      {user && <Alert kind="info">{t('login.already', { name: user.displayName })}</Alert>}
      <form noValidate onSubmit={submit} className="form form--narrow">
        <ErrorSummary title={t('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
        <TextField id="username" label={t('login.username')} required autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} error={errors.username} onChange={(e) => setUsername(e.target.value)} />
        <TextField id="password" type="password" label={t('login.password')} required autoComplete="current-password" value={password} error={errors.password} onChange={(e) => setPassword(e.target.value)} />
        {failure && <Alert kind="error">{failure}</Alert>}
        <button type="submit" className="button button--large" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
      <p className="hint">
        {t('login.noAccount')} <Link to="/lapor">{t('nav.report')}</Link>
      </p>
    </Page>
  );
}
