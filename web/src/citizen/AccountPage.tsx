// A registered reporter's page: their complaints and their notification channels
// (GET/PUT /api/v1/me/notification-preferences, docs/notifications.md).
import { useRef, useState, type FormEvent } from 'react';
import { Link, navigate } from '../app/router';
import { useT } from '../i18n';
import { api, request } from '../lib/api';
import { isStaff, useSession } from '../lib/session';
import type { ComplaintSummary, Page as ApiPage } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading } from '../ui/bits';
import { Checkbox } from '../ui/fields';
import { Page } from '../ui/Page';
import { ComplaintList } from './ComplaintList';
import { DeleteAccountSection, ProfileSection } from './AccountProfile';

export function AccountPage() {
  const t = useT();
  const { user, loading, logout } = useSession();
  if (loading) return <Loading />;
  if (!user) {
    return (
      <Page title={t('account.title')}>
        <p>
          {t('account.signInFirst')} <Link to="/masuk?next=/akun">{t('nav.login')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('account.title')} lead={t('account.hello', { name: user.displayName })}>
      <div className="inline-actions">
        <Link to="/lapor" className="button">
          {t('nav.report')}
        </Link>
        {isStaff(user) && (
          <Link to="/staf" className="button button--secondary">
            {t('nav.staff')}
          </Link>
        )}
        <button
          type="button"
          className="button button--secondary"
          onClick={async () => {
            await logout();
            navigate('/');
          }}
        >
          {t('account.logout')}
        </button>
      </div>
      {isStaff(user) ? (
        <p>{t('account.staffNote')}</p>
      ) : (
        <>
          <ProfileSection />
          <MyComplaints />
          <NotificationPrefs />
          <DeleteAccountSection />
        </>
      )}
    </Page>
  );
}

function MyComplaints() {
  const t = useT();
  const [extra, setExtra] = useState<{ items: ComplaintSummary[]; cursor: string | null; busy: boolean }>({ items: [], cursor: null, busy: false });
  const [moreError, setMoreError] = useState<unknown>();
  const first = useAsync(async (signal) => {
    const r = await api.get<ApiPage<ComplaintSummary>>('/api/v1/complaints', { limit: 20 }, signal);
    if (!signal.aborted) setExtra({ items: [], cursor: r.nextCursor, busy: false });
    return r;
  }, []);
  const items = [...(first.data?.items ?? []), ...extra.items];
  const more = async () => {
    if (!extra.cursor) return;
    setExtra((x) => ({ ...x, busy: true }));
    setMoreError(undefined);
    try {
      const r = await api.get<ApiPage<ComplaintSummary>>('/api/v1/complaints', { limit: 20, cursor: extra.cursor });
      setExtra((x) => ({ items: [...x.items, ...r.items], cursor: r.nextCursor, busy: false }));
    } catch (err) {
      setMoreError(err);
      setExtra((x) => ({ ...x, busy: false }));
    }
  };
  return (
    <section aria-labelledby="mine-title" className="section">
      <h2 id="mine-title">{t('account.mine')}</h2>
      <p className="hint">{t('account.mineClaimed')}</p>
      {first.loading && !first.data ? (
        <Loading />
      ) : first.error ? (
        <Alert kind="error">{errorMessage(t, first.error)}</Alert>
      ) : items.length === 0 ? (
        <p>
          {t('account.none')} <Link to="/lapor">{t('nav.report')}</Link>
        </p>
      ) : (
        <>
          <ComplaintList items={items} labelledBy="mine-title" />
          {moreError !== undefined && <Alert kind="error">{errorMessage(t, moreError)}</Alert>}
          {extra.cursor && (
            <button type="button" className="button button--secondary" onClick={more} disabled={extra.busy}>
              {extra.busy ? t('common.loading') : t('feed.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface Prefs {
  email: boolean;
  sms: boolean;
  language: 'id' | 'en';
  emailAddress: string | null;
  phone: string | null;
}
type PrefsForm = Pick<Prefs, 'email' | 'sms' | 'language'>;

function NotificationPrefs() {
  const t = useT();
  const [form, setForm] = useState<PrefsForm | null>(null);
  const [state, setState] = useState<{ busy: boolean; saved: boolean; error?: unknown }>({ busy: false, saved: false });
  const statusRef = useRef<HTMLDivElement>(null);
  const prefs = useAsync(async (signal) => {
    const p = await api.get<Prefs>('/api/v1/me/notification-preferences', undefined, signal);
    if (!signal.aborted) setForm({ email: p.email, sms: p.sms, language: p.language });
    return p;
  }, []);
  const change = (patch: Partial<PrefsForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setState((s) => ({ ...s, saved: false }));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setState({ busy: true, saved: false });
    try {
      const p = await request<Prefs>('PUT', '/api/v1/me/notification-preferences', { body: form });
      setForm({ email: p.email, sms: p.sms, language: p.language });
      setState({ busy: false, saved: true });
    } catch (error) {
      setState({ busy: false, saved: false, error });
    }
    statusRef.current?.focus();
  };
  const p = prefs.data;
  return (
    <section aria-labelledby="prefs-title" className="section">
      <h2 id="prefs-title">{t('prefs.title')}</h2>
      {prefs.loading && !form ? (
        <Loading />
      ) : prefs.error || !form ? (
        <Alert kind="error">{errorMessage(t, prefs.error)}</Alert>
      ) : (
        <form noValidate onSubmit={submit} aria-labelledby="prefs-title">
          <p className="hint">{t('prefs.inapp')}</p>
          <fieldset className="section-box">
            <legend>{t('prefs.channels')}</legend>
            <Checkbox id="prefs-email" label={t('prefs.email')} hint={p?.emailAddress ? t('prefs.to', { to: p.emailAddress }) : t('prefs.noEmail')} checked={form.email} onChange={(email) => change({ email })} />
            <Checkbox id="prefs-sms" label={t('prefs.sms')} hint={p?.phone ? t('prefs.to', { to: p.phone }) : t('prefs.noPhone')} checked={form.sms} onChange={(sms) => change({ sms })} />
          </fieldset>
          <fieldset className="section-box">
            <legend>{t('prefs.language')}</legend>
            {(['id', 'en'] as const).map((l) => (
              <div className="check" key={l}>
                <input type="radio" id={`prefs-lang-${l}`} name="prefs-lang" value={l} checked={form.language === l} onChange={() => change({ language: l })} />
                <label htmlFor={`prefs-lang-${l}`}>{l === 'id' ? t('prefs.lang.id') : t('prefs.lang.en')}</label>
              </div>
            ))}
          </fieldset>
          <div ref={statusRef} tabIndex={-1}>
            {state.saved && <Alert kind="success">{t('prefs.saved')}</Alert>}
            {state.error !== undefined && <Alert kind="error">{errorMessage(t, state.error)}</Alert>}
          </div>
          <button type="submit" className="button" disabled={state.busy}>
            {state.busy ? t('common.sending') : t('prefs.save')}
          </button>
        </form>
      )}
    </section>
  );
}
