// The citizen's profile (GET/PATCH /api/v1/me) and account deletion (DELETE /api/v1/me), on /akun.
// Deletion anonymises the person; the complaints and their history stay (docs/citizens.md).
import { useRef, useState, type FormEvent } from 'react';
import { navigate } from '../app/router';
import { useT } from '../i18n';
import { ApiError, request } from '../lib/api';
import { useSession } from '../lib/session';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading } from '../ui/bits';
import { TextField } from '../ui/fields';

export interface Profile {
  username: string;
  name: string;
  email: string | null;
  phone: string | null;
  emailVerified: boolean;
  phoneVerified: boolean;
  hasPassword: boolean;
}

export function ProfileSection() {
  const t = useT();
  const { refresh } = useSession();
  const [name, setName] = useState<string | null>(null);
  const [state, setState] = useState<{ busy: boolean; saved: boolean; error?: string }>({ busy: false, saved: false });
  const statusRef = useRef<HTMLDivElement>(null);
  const profile = useAsync(async (signal) => {
    const p = await request<Profile>('GET', '/api/v1/me', { signal });
    if (!signal.aborted) setName(p.name);
    return p;
  }, []);
  const p = profile.data;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (name === null) return;
    if (name.trim().length < 2) {
      setState({ busy: false, saved: false, error: t('register.err.name') });
      document.getElementById('profile-name')?.focus();
      return;
    }
    setState({ busy: true, saved: false });
    try {
      const r = await request<Profile>('PATCH', '/api/v1/me', { body: { name: name.trim() } });
      setName(r.name);
      await refresh();
      setState({ busy: false, saved: true });
    } catch (err) {
      setState({ busy: false, saved: false, error: errorMessage(t, err) });
    }
    statusRef.current?.focus();
  };
  return (
    <section aria-labelledby="profile-title" className="section">
      <h2 id="profile-title">{t('profile.title')}</h2>
      {profile.loading && !p ? (
        <Loading />
      ) : profile.error || !p ? (
        <Alert kind="error">{errorMessage(t, profile.error)}</Alert>
      ) : (
        <form noValidate onSubmit={submit} className="form form--narrow" aria-labelledby="profile-title">
          <dl className="facts">
            {p.phone && (
              <>
                <dt>{t('register.phone')}</dt>
                <dd>
                  {p.phone} {p.phoneVerified && <span className="badge">{t('profile.verified')}</span>}
                </dd>
              </>
            )}
            {p.email && (
              <>
                <dt>{t('register.email')}</dt>
                <dd>
                  {p.email} {p.emailVerified && <span className="badge">{t('profile.verified')}</span>}
                </dd>
              </>
            )}
            <dt>{t('login.username')}</dt>
            <dd>{p.username}</dd>
          </dl>
          <TextField id="profile-name" label={t('register.name')} required autoComplete="name" value={name ?? ''} onChange={(e) => { setName(e.target.value); setState({ busy: false, saved: false }); }} />
          <div ref={statusRef} tabIndex={-1}>
            {state.saved && <Alert kind="success">{t('profile.saved')}</Alert>}
            {state.error && <Alert kind="error">{state.error}</Alert>}
          </div>
          <button type="submit" className="button" disabled={state.busy}>
            {state.busy ? t('common.sending') : t('profile.save')}
          </button>
        </form>
      )}
    </section>
  );
}

export function DeleteAccountSection() {
  const t = useT();
  const { refresh } = useSession();
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ confirm?: string; password?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const profile = useAsync((signal) => request<Profile>('GET', '/api/v1/me', { signal }), []);
  const needsPassword = profile.data?.hasPassword ?? false;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (confirm.trim() !== 'HAPUS') errs.confirm = t('delete.err.confirm');
    if (needsPassword && !password) errs.password = t('login.err.password');
    setErrors(errs);
    setFailure(undefined);
    if (errs.confirm || errs.password) {
      document.getElementById(errs.confirm ? 'delete-confirm' : 'delete-password')?.focus();
      return;
    }
    setBusy(true);
    try {
      await request('DELETE', '/api/v1/me', { body: { confirm: 'HAPUS', ...(needsPassword ? { password } : {}) } });
      await refresh();
      navigate('/');
    } catch (err) {
      if (err instanceof ApiError && err.fields?.password) {
        setErrors({ password: t('delete.err.password') });
        document.getElementById('delete-password')?.focus();
      } else setFailure(errorMessage(t, err));
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="delete-title" className="section">
      <h2 id="delete-title">{t('delete.title')}</h2>
      <p>{t('delete.explain')}</p>
      {!open ? (
        <button type="button" className="button button--secondary" onClick={() => setOpen(true)} aria-expanded={false} aria-controls="delete-form">
          {t('delete.open')}
        </button>
      ) : (
        <form id="delete-form" noValidate onSubmit={submit} className="form form--narrow" aria-labelledby="delete-title">
          <Alert kind="warning">{t('delete.warning')}</Alert>
          <TextField id="delete-confirm" label={t('delete.confirm')} hint={t('delete.confirmHint')} required autoComplete="off" autoCapitalize="characters" spellCheck={false} value={confirm} error={errors.confirm} onChange={(e) => setConfirm(e.target.value)} />
          {needsPassword && (
            <TextField id="delete-password" type="password" label={t('login.password')} required autoComplete="current-password" value={password} error={errors.password} onChange={(e) => setPassword(e.target.value)} />
          )}
          {failure && <Alert kind="error">{failure}</Alert>}
          <div className="inline-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? t('common.sending') : t('delete.submit')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
              {t('delete.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
