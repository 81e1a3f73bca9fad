// /staf/keamanan: two-step verification (TOTP) for the signed-in staff account. Enrolment shows the
// secret and the otpauth:// address as text (no QR image: nothing to load, readable by a screen
// reader, copyable) and asks for the first code; the secret is never shown again after that.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api';
import { useSession } from '../lib/session';
import { useAsync } from '../lib/use-async';
import { Alert, Loading } from '../ui/bits';
import { TextField } from '../ui/fields';
import { Page } from '../ui/Page';
import { useStaffT } from './t';

interface Status {
  enabled: boolean;
  required: boolean;
}

function CodeForm({ id, label, submitLabel, onCode }: { id: string; label: string; submitLabel: string; onCode(code: string): Promise<void> }) {
  const t = useStaffT();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const digits = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(digits)) return setError(t('totp.err.code'));
    setError(undefined);
    setBusy(true);
    try {
      await onCode(digits);
      setCode('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 400 ? t('totp.wrong') : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit} className="form form--narrow">
      <TextField id={id} label={label} required inputMode="numeric" autoComplete="one-time-code" maxLength={8} value={code} error={error} onChange={(e) => setCode(e.target.value)} />
      <button type="submit" className="button" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

export function TwoStepPage() {
  const t = useStaffT();
  const { refresh } = useSession();
  const status = useAsync((signal) => api.get<Status>('/api/v1/auth/totp', undefined, signal), []);
  const [setup, setSetup] = useState<{ secret: string; uri: string }>();
  const [done, setDone] = useState<string>();
  const [failure, setFailure] = useState<string>();

  if (status.loading && !status.data) return <Loading />;
  const s = status.data;
  const start = async () => {
    setFailure(undefined);
    try {
      setSetup(await api.post<{ secret: string; uri: string }>('/api/v1/auth/totp/setup'));
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Page title={t('totp.title')} lead={t('totp.lead')}>
      {s?.required && !s.enabled && <Alert kind="warning">{t('totp.required')}</Alert>}
      {done && <Alert kind="success">{done}</Alert>}
      {failure && <Alert kind="error">{failure}</Alert>}
      {s && !s.enabled && !setup && (
        <>
          <p>{t('totp.off')}</p>
          <button type="button" className="button button--large" onClick={start}>
            {t('totp.start')}
          </button>
        </>
      )}
      {s && !s.enabled && setup && (
        <section aria-labelledby="totp-setup">
          <h2 id="totp-setup">{t('totp.start')}</h2>
          <ol>
            <li>
              <p>{t('totp.step1')}</p>
              <dl>
                <dt>{t('totp.secret')}</dt>
                <dd>
                  <code className="totp-secret">{setup.secret}</code>
                </dd>
                <dt>{t('totp.uri')}</dt>
                <dd>
                  <code className="totp-secret">{setup.uri}</code>
                </dd>
              </dl>
            </li>
            <li>
              <p>{t('totp.step2')}</p>
              <CodeForm
                id="totp-confirm"
                label={t('totp.code')}
                submitLabel={t('totp.confirm')}
                onCode={async (code) => {
                  await api.post('/api/v1/auth/totp/confirm', { code });
                  setSetup(undefined);
                  setDone(t('totp.enabled'));
                  // A session limited to enrolment is a full one now.
                  await refresh();
                  status.reload();
                }}
              />
            </li>
          </ol>
        </section>
      )}
      {s?.enabled && (
        <>
          <p>{t('totp.on')}</p>
          {!s.required && (
            <>
              <p>{t('totp.disableLead')}</p>
              <CodeForm
                id="totp-disable"
                label={t('totp.code')}
                submitLabel={t('totp.disable')}
                onCode={async (code) => {
                  await api.post('/api/v1/auth/totp/disable', { code });
                  setDone(t('totp.disabled'));
                  status.reload();
                }}
              />
            </>
          )}
        </>
      )}
    </Page>
  );
}
