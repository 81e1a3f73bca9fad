// The signed-in staff member's in-app notifications (GET /api/v1/me/notifications, newest first,
// paged with `before`), "mark read", and their channel preferences (GET/PUT
// /api/v1/me/notification-preferences). See docs/notifications.md.
import { useRef, useState, type FormEvent } from 'react';
import { Link } from '../app/router';
import { useFormat, useT } from '../i18n';
import { request, api } from '../lib/api';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading } from '../ui/bits';
import { Checkbox } from '../ui/fields';
import { Page } from '../ui/Page';
import { useStaffT } from './t';

export interface InboxItem {
  id: number;
  type: string;
  template: string;
  trackingNumber: string | null;
  subject: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
export interface InboxPage {
  items: InboxItem[];
  unread: number;
  nextBefore: number | null;
}
interface Prefs {
  inapp: boolean;
  email: boolean;
  sms: boolean;
  language: 'id' | 'en';
  emailAddress: string | null;
  phone: string | null;
}

const PAGE_SIZE = 20;
/** Fired after a notification is marked read, so the nav's unread count refreshes. */
export const NOTIFICATIONS_CHANGED = 'aduan:notifications-changed';

export function NotificationsPage() {
  const t = useStaffT();
  return (
    <Page title={t('notif.title')} lead={t('notif.lead')}>
      <NotificationList />
      <Preferences />
    </Page>
  );
}

function NotificationList() {
  const t = useStaffT();
  const shell = useT();
  const [more, setMore] = useState<{ items: InboxItem[]; before: number | null; busy: boolean; error?: unknown }>({ items: [], before: null, busy: false });
  const [read, setRead] = useState<Map<number, string>>(new Map());
  const [failure, setFailure] = useState<unknown>();
  const first = useAsync(async (signal) => {
    const r = await api.get<InboxPage>('/api/v1/me/notifications', { limit: PAGE_SIZE }, signal);
    if (!signal.aborted) setMore({ items: [], before: r.nextBefore, busy: false });
    return r;
  }, []);
  const items = [...(first.data?.items ?? []), ...more.items];
  const loadMore = async () => {
    if (!more.before) return;
    setMore((m) => ({ ...m, busy: true, error: undefined }));
    try {
      const r = await api.get<InboxPage>('/api/v1/me/notifications', { limit: PAGE_SIZE, before: more.before });
      setMore((m) => ({ items: [...m.items, ...r.items], before: r.nextBefore, busy: false }));
    } catch (error) {
      setMore((m) => ({ ...m, busy: false, error }));
    }
  };
  const markRead = async (n: InboxItem) => {
    setFailure(undefined);
    try {
      await api.post(`/api/v1/me/notifications/${n.id}/read`);
      setRead((m) => new Map(m).set(n.id, new Date().toISOString()));
      window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
    } catch (err) {
      setFailure(err);
    }
  };
  const unread = first.data ? Math.max(0, first.data.unread - [...read.keys()].filter((id) => items.some((i) => i.id === id && !i.readAt)).length) : 0;
  return (
    <section aria-labelledby="notif-list-title" className="section">
      <h2 id="notif-list-title">{t('notif.list')}</h2>
      {first.loading && !first.data ? (
        <Loading />
      ) : first.error ? (
        <Alert kind="error">{errorMessage(shell, first.error)}</Alert>
      ) : items.length === 0 ? (
        <p>{t('notif.empty')}</p>
      ) : (
        <>
          <p className="hint" role="status">
            {t('notif.unreadCount', { n: unread })}
          </p>
          {failure !== undefined && <Alert kind="error">{errorMessage(shell, failure)}</Alert>}
          <ul className="inbox-list" aria-labelledby="notif-list-title">
            {items.map((n) => (
              <NotificationRow key={n.id} n={n} readAt={n.readAt ?? read.get(n.id) ?? null} onRead={() => markRead(n)} />
            ))}
          </ul>
          {more.error !== undefined && <Alert kind="error">{errorMessage(shell, more.error)}</Alert>}
          {more.before && (
            <button type="button" className="button button--secondary" onClick={loadMore} disabled={more.busy}>
              {more.busy ? shell('common.loading') : t('notif.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function NotificationRow({ n, readAt, onRead }: { n: InboxItem; readAt: string | null; onRead(): void }) {
  const t = useStaffT();
  const f = useFormat();
  const titleId = `notif-${n.id}-title`;
  return (
    <li className={readAt ? 'inbox-row' : 'inbox-row inbox-row--selected'} aria-labelledby={titleId}>
      <div className="inbox-row__main">
        <h3 className="inbox-row__title" id={titleId}>
          {!readAt && <span className="badge badge--overdue">{t('notif.unread')}</span>} {n.subject}
        </h3>
        <p style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-line' }}>{n.body}</p>
        <p className="complaint-card__meta">
          <time dateTime={n.createdAt}>{f.dateTime(n.createdAt)}</time>
          {n.trackingNumber && <Link to={`/staf/aduan/${n.trackingNumber}`}>{t('notif.open', { tn: n.trackingNumber })}</Link>}
          {readAt && <span>{t('notif.readAt', { at: f.dateTime(readAt) })}</span>}
        </p>
        {!readAt && (
          <button type="button" className="button button--secondary" onClick={onRead} aria-describedby={titleId}>
            {t('notif.markRead')}
          </button>
        )}
      </div>
    </li>
  );
}

function Preferences() {
  const t = useStaffT();
  const shell = useT();
  const [form, setForm] = useState<Pick<Prefs, 'email' | 'sms' | 'language'> | null>(null);
  const [state, setState] = useState<{ busy: boolean; saved: boolean; error?: unknown }>({ busy: false, saved: false });
  const statusRef = useRef<HTMLDivElement>(null);
  const prefs = useAsync(async (signal) => {
    const p = await api.get<Prefs>('/api/v1/me/notification-preferences', undefined, signal);
    if (!signal.aborted) setForm({ email: p.email, sms: p.sms, language: p.language });
    return p;
  }, []);
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
  const change = (patch: Partial<Pick<Prefs, 'email' | 'sms' | 'language'>>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setState((s) => ({ ...s, saved: false }));
  };
  return (
    <section aria-labelledby="notif-prefs-title" className="section">
      <h2 id="notif-prefs-title">{t('notif.prefs')}</h2>
      {prefs.loading && !form ? (
        <Loading />
      ) : prefs.error || !form ? (
        <Alert kind="error">{errorMessage(shell, prefs.error)}</Alert>
      ) : (
        <form noValidate onSubmit={submit} className="action-form" aria-labelledby="notif-prefs-title">
          <p className="hint">{t('notif.prefs.inapp')}</p>
          <fieldset className="fieldset-plain">
            <legend>{t('notif.prefs.channels')}</legend>
            <Checkbox
              id="pref-email"
              label={t('notif.prefs.email')}
              hint={prefs.data?.emailAddress ? t('notif.prefs.emailTo', { to: prefs.data.emailAddress }) : t('notif.prefs.noEmail')}
              checked={form.email}
              onChange={(email) => change({ email })}
            />
            <Checkbox
              id="pref-sms"
              label={t('notif.prefs.sms')}
              hint={prefs.data?.phone ? t('notif.prefs.smsTo', { to: prefs.data.phone }) : t('notif.prefs.noPhone')}
              checked={form.sms}
              onChange={(sms) => change({ sms })}
            />
          </fieldset>
          <fieldset className="fieldset-plain">
            <legend>{t('notif.prefs.language')}</legend>
            {(['id', 'en'] as const).map((l) => (
              <div className="check" key={l}>
                <input type="radio" id={`pref-lang-${l}`} name="pref-lang" value={l} checked={form.language === l} onChange={() => change({ language: l })} />
                <label htmlFor={`pref-lang-${l}`}>{l === 'id' ? t('notif.prefs.lang.id') : t('notif.prefs.lang.en')}</label>
              </div>
            ))}
          </fieldset>
          <div ref={statusRef} tabIndex={-1}>
            {state.saved && <Alert kind="success">{t('notif.prefs.saved')}</Alert>}
            {state.error !== undefined && <Alert kind="error">{errorMessage(shell, state.error)}</Alert>}
          </div>
          <button type="submit" className="button" disabled={state.busy}>
            {state.busy ? shell('common.sending') : t('notif.prefs.save')}
          </button>
        </form>
      )}
    </section>
  );
}
