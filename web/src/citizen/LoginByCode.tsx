// Signing in with a one-time code sent by SMS or email (POST /api/v1/auth/code, then
// /api/v1/auth/code/verify), and the code step that registration shares. The server answers the
// same whether or not the contact has an account, and so does this page.
import { useEffect, useState, type FormEvent } from 'react';
import { navigate } from '../app/router';
import { useT } from '../i18n';
import { ApiError, api } from '../lib/api';
import { useSession } from '../lib/session';
import { Alert, errorMessage } from '../ui/bits';
import { TextField } from '../ui/fields';

export interface Ticket {
  verificationId: string;
  channel: 'sms' | 'email';
  expiresAt: string;
}

/** Enter the six digits; on success the session cookie is set and the person lands on `next`. */
export function CodeEntry({ ticket, contact, next, onRestart }: { ticket: Ticket; contact: string; next: string; onRestart(): void }) {
  const t = useT();
  const { refresh } = useSession();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The form above was replaced by this step: move focus here so keyboard and screen-reader users follow.
  useEffect(() => document.getElementById('otp-code')?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s/g, '');
    setFailure(undefined);
    if (!/^\d{6}$/.test(digits)) {
      setError(t('code.err.format'));
      document.getElementById('otp-code')?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api.post('/api/v1/auth/code/verify', { verificationId: ticket.verificationId, code: digits });
      await refresh();
      navigate(next);
    } catch (err) {
      setFailure(err instanceof ApiError && err.code === 'invalid_code' ? t('code.wrong') : errorMessage(t, err));
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit} className="form form--narrow" aria-labelledby="code-title">
      <h2 id="code-title">{t('code.title')}</h2>
      <Alert kind="info">{t(ticket.channel === 'sms' ? 'code.sentSms' : 'code.sentEmail', { contact })}</Alert>
      <TextField
        id="otp-code"
        label={t('code.label')}
        hint={t('code.hint')}
        required
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={7}
        value={code}
        error={error}
        onChange={(e) => setCode(e.target.value)}
      />
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="inline-actions">
        <button type="submit" className="button button--large" disabled={busy}>
          {busy ? t('login.busy') : t('code.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onRestart}>
          {t('code.restart')}
        </button>
      </div>
    </form>
  );
}

export function LoginByCode({ next }: { next: string }) {
  const t = useT();
  const [contact, setContact] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [ticket, setTicket] = useState<Ticket>();
  const [busy, setBusy] = useState(false);
  if (ticket) return <CodeEntry ticket={ticket} contact={contact.trim()} next={next} onRestart={() => setTicket(undefined)} />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(undefined);
    if (!contact.trim()) {
      setError(t('codeLogin.err.contact'));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      setTicket(await api.post<Ticket>('/api/v1/auth/code', { contact: contact.trim() }));
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 400 ? t('codeLogin.err.contact') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit} className="form form--narrow" aria-labelledby="code-login-title">
      <h2 id="code-login-title">{t('codeLogin.title')}</h2>
      <TextField
        id="code-contact"
        label={t('codeLogin.contact')}
        hint={t('codeLogin.hint')}
        required
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={contact}
        error={error}
        onChange={(e) => setContact(e.target.value)}
      />
      {failure && <Alert kind="error">{failure}</Alert>}
      <button type="submit" className="button button--secondary" disabled={busy}>
        {busy ? t('common.sending') : t('codeLogin.submit')}
      </button>
    </form>
  );
}
