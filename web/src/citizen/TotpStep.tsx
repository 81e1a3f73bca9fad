// The second step of a staff login with two-step verification (TOTP): the challenge from the
// password step and the 6-digit code of the authenticator app. The session cookie is set by the
// server on success; the caller then asks /api/v1/auth/me as after any login.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { api, ApiError } from '../lib/api';
import { Alert, errorMessage } from '../ui/bits';
import { TextField } from '../ui/fields';

export function TotpStep({ challenge, onDone, onRestart }: { challenge: string; onDone(): Promise<void>; onRestart(message: string): void }) {
  const t = useT();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s+/g, '');
    setFailure(undefined);
    if (!/^\d{6}$/.test(digits)) {
      setError(t('login.totp.err'));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api.post('/api/v1/auth/login/totp', { challenge, code: digits });
      await onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.code === 'invalid_code') setFailure(t('login.totp.wrong'));
      else if (err instanceof ApiError && (err.status === 429 || err.code === 'invalid_challenge')) {
        onRestart(t('login.totp.again'));
      } else setFailure(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="form form--narrow" aria-labelledby="totp-title">
      <h2 id="totp-title" tabIndex={-1} ref={heading}>
        {t('login.totp.title')}
      </h2>
      <p>{t('login.totp.lead')}</p>
      <TextField
        id="totp-code"
        label={t('login.totp.code')}
        required
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={8}
        value={code}
        error={error}
        onChange={(e) => setCode(e.target.value)}
      />
      {failure && <Alert kind="error">{failure}</Alert>}
      <button type="submit" className="button button--large" disabled={busy}>
        {busy ? t('login.busy') : t('login.totp.submit')}
      </button>
    </form>
  );
}
