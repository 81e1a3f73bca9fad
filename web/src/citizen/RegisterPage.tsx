// /daftar: a citizen account with a name and a phone number or an email (POST
// /api/v1/citizens/register), confirmed by the code sent there (CodeEntry). Complaints sent earlier
// as a guest with the same number or email become the account's once the code is confirmed.
import { useRef, useState, type FormEvent } from 'react';
import { Link } from '../app/router';
import { useLang, useT } from '../i18n';
import { ApiError, api } from '../lib/api';
import { Alert, errorMessage } from '../ui/bits';
import { ErrorSummary, TextField, type ErrorItem } from '../ui/fields';
import { Page } from '../ui/Page';
import { CodeEntry, type Ticket } from './LoginByCode';

type Field = 'name' | 'contact' | 'password';

export function RegisterPage() {
  const t = useT();
  const { lang } = useLang();
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<'phone' | 'email'>('phone');
  const [contact, setContact] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [ticket, setTicket] = useState<Ticket>();
  const summaryRef = useRef<HTMLDivElement>(null);

  if (ticket) {
    return (
      <Page title={t('register.title')} lead={t('register.codeLead')}>
        <CodeEntry ticket={ticket} contact={contact.trim()} next="/akun" onRestart={() => setTicket(undefined)} />
      </Page>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (name.trim().length < 2) errs.name = t('register.err.name');
    if (channel === 'email' ? !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.trim()) : !/^[+0-9][0-9\s().-]{7,}$/.test(contact.trim())) {
      errs.contact = t(channel === 'email' ? 'register.err.email' : 'register.err.phone');
    }
    if (password && [...password].length < 10) errs.password = t('register.err.password');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const body = { name: name.trim(), [channel]: contact.trim(), ...(password ? { password } : {}), language: lang };
      setTicket(await api.post<Ticket>('/api/v1/citizens/register', body));
    } catch (err) {
      if (err instanceof ApiError && err.fields) {
        const f = err.fields;
        setErrors({
          name: f.name ? t('register.err.name') : undefined,
          contact: f.phone || f.email ? t(channel === 'email' ? 'register.err.email' : 'register.err.phone') : undefined,
          password: f.password ? t('register.err.passwordWeak') : undefined,
        });
        requestAnimationFrame(() => summaryRef.current?.focus());
      } else setFailure(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  const summary = (['name', 'contact', 'password'] as const).filter((k) => errors[k]).map((k) => ({ id: k === 'contact' ? 'reg-contact' : `reg-${k}`, message: errors[k]! })) as ErrorItem[];
  return (
    <Page title={t('register.title')} lead={t('register.lead')}>
      <form noValidate onSubmit={submit} className="form form--narrow">
        <ErrorSummary title={t('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
        <TextField id="reg-name" label={t('register.name')} required autoComplete="name" value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
        <fieldset className="section-box">
          <legend>{t('register.channel')}</legend>
          {(['phone', 'email'] as const).map((c) => (
            <div className="check" key={c}>
              <input type="radio" id={`reg-channel-${c}`} name="reg-channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
              <label htmlFor={`reg-channel-${c}`}>{t(c === 'phone' ? 'register.byPhone' : 'register.byEmail')}</label>
            </div>
          ))}
        </fieldset>
        <TextField
          id="reg-contact"
          type={channel === 'email' ? 'email' : 'tel'}
          label={t(channel === 'email' ? 'register.email' : 'register.phone')}
          hint={t(channel === 'email' ? 'register.emailHint' : 'register.phoneHint')}
          required
          autoComplete={channel === 'email' ? 'email' : 'tel'}
          autoCapitalize="none"
          spellCheck={false}
          value={contact}
          error={errors.contact}
          onChange={(e) => setContact(e.target.value)}
        />
        <TextField
          id="reg-password"
          type="password"
          label={t('register.password')}
          hint={t('register.passwordHint')}
          autoComplete="new-password"
          value={password}
          error={errors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p className="hint">{t('register.privacy')}</p>
        {failure && <Alert kind="error">{failure}</Alert>}
        <button type="submit" className="button button--large" disabled={busy}>
          {busy ? t('common.sending') : t('register.submit')}
        </button>
      </form>
      <p className="hint">
        {t('register.haveAccount')} <Link to="/masuk">{t('nav.login')}</Link>
      </p>
    </Page>
  );
}
