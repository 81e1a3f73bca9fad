// The spam queue (docs/triage.md): complaints whose spam score reached the threshold are held apart,
// never deleted. GET /api/v1/complaints?queue=spam lists them (admins only, in their scope). Each can
// go to the normal queue ("bukan spam": POST /api/v1/complaints/{tn}/not-spam) or be rejected with a
// reason (the lifecycle's reject, which the reporter sees).
import { useRef, useState, type FormEvent } from 'react';
import { Link } from '../../app/router';
import { useFormat, useT } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import type { ComplaintSummary, Page as ApiPage } from '../../lib/types';
import { useAsync } from '../../lib/use-async';
import { Alert, errorMessage, Loading, StatusBadge } from '../../ui/bits';
import { TextArea } from '../../ui/fields';
import { useStaffT } from '../t';
import { OPEN_STATUSES } from '../types';
import { AdminPage } from './common';

const PAGE_SIZE = 50;
/** Decided ones (rejected, archived, closed) leave the queue; their spam score stays on record. */
const OPEN = OPEN_STATUSES.join(',');

export function SpamQueuePage() {
  const t = useStaffT();
  return <AdminPage title={t('spam.title')} lead={t('spam.lead')}>{() => <SpamQueue />}</AdminPage>;
}

function SpamQueue() {
  const t = useStaffT();
  const shell = useT();
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [more, setMore] = useState<{ items: ComplaintSummary[]; cursor: string | null; busy: boolean }>({ items: [], cursor: null, busy: false });
  const flashRef = useRef<HTMLDivElement>(null);
  const first = useAsync(
    async (signal) => {
      const r = await api.get<ApiPage<ComplaintSummary>>('/api/v1/complaints', { queue: 'spam', status: OPEN, sort: 'newest', limit: PAGE_SIZE }, signal);
      setMore({ items: [], cursor: r.nextCursor, busy: false });
      return r;
    },
    [version],
  );
  const items = [...(first.data?.items ?? []), ...more.items];
  const done = (kind: 'success' | 'error', text: string) => {
    setFlash({ kind, text });
    if (kind === 'success') setVersion((v) => v + 1);
    requestAnimationFrame(() => flashRef.current?.focus());
  };
  const loadMore = async () => {
    if (!more.cursor) return;
    setMore((m) => ({ ...m, busy: true }));
    try {
      const r = await api.get<ApiPage<ComplaintSummary>>('/api/v1/complaints', { queue: 'spam', status: OPEN, sort: 'newest', limit: PAGE_SIZE, cursor: more.cursor });
      setMore((m) => ({ items: [...m.items, ...r.items], cursor: r.nextCursor, busy: false }));
    } catch (err) {
      setMore((m) => ({ ...m, busy: false }));
      done('error', errorMessage(shell, err));
    }
  };
  return (
    <>
      <div ref={flashRef} tabIndex={-1} className="flash">
        {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      </div>
      <section aria-labelledby="spam-list-title" className="section">
        <h2 id="spam-list-title">{t('spam.listTitle')}</h2>
        {first.loading && !first.data ? (
          <Loading />
        ) : first.error ? (
          <Alert kind="error">{errorMessage(shell, first.error)}</Alert>
        ) : items.length === 0 ? (
          <p>{t('spam.empty')}</p>
        ) : (
          <>
            <ul className="inbox-list" aria-labelledby="spam-list-title">
              {items.map((c) => (
                <SpamRow key={c.trackingNumber} c={c} onDone={done} />
              ))}
            </ul>
            {more.cursor && (
              <button type="button" className="button button--secondary" onClick={loadMore} disabled={more.busy}>
                {more.busy ? shell('common.loading') : t('inbox.loadMore')}
              </button>
            )}
          </>
        )}
      </section>
    </>
  );
}

function SpamRow({ c, onDone }: { c: ComplaintSummary; onDone(kind: 'success' | 'error', text: string): void }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const notSpam = async () => {
    setBusy(true);
    try {
      await api.post(`/api/v1/complaints/${encodeURIComponent(c.trackingNumber)}/not-spam`, {});
      onDone('success', t('spam.movedBack', { tn: c.trackingNumber }));
    } catch (err) {
      setBusy(false);
      onDone('error', errorMessage(shell, err));
    }
  };
  const reject = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('form.err.reason'));
      return;
    }
    setBusy(true);
    try {
      await api.post(`/api/v1/complaints/${encodeURIComponent(c.trackingNumber)}/actions/reject`, { reason: reason.trim() });
      onDone('success', t('spam.rejected', { tn: c.trackingNumber }));
    } catch (err) {
      setBusy(false);
      onDone('error', err instanceof ApiError && err.status === 409 ? t('spam.cannotReject', { tn: c.trackingNumber }) : errorMessage(shell, err));
    }
  };
  const id = `spam-${c.trackingNumber}`;
  return (
    <li className="inbox-row" data-tn={c.trackingNumber}>
      <div className="inbox-row__main">
        <h3 className="inbox-row__title">
          <Link to={`/staf/aduan/${c.trackingNumber}`}>{c.title}</Link>
        </h3>
        <p className="badges">
          <StatusBadge status={c.status} />
        </p>
        <p className="complaint-card__meta">
          <span className="code-inline">{c.trackingNumber}</span>
          <span>{c.organisation.name}</span>
          <span>
            {t('inbox.received')} <time dateTime={c.createdAt}>{f.date(c.createdAt)}</time>
          </span>
        </p>
        {rejecting ? (
          <form noValidate onSubmit={reject} className="action-form" aria-label={t('spam.rejectForm', { tn: c.trackingNumber })}>
            <TextArea id={`${id}-reason`} label={t('form.reason.reject')} hint={t('spam.reasonHint')} required rows={2} maxLength={5000} value={reason} error={error} onChange={(e) => setReason(e.target.value)} />
            <div className="inline-actions">
              <button type="submit" className="button button--danger button--small" disabled={busy}>
                {t('spam.rejectSubmit')}
              </button>
              <button type="button" className="button button--secondary button--small" onClick={() => setRejecting(false)}>
                {t('form.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <div className="inline-actions">
            <button type="button" className="button button--small" onClick={notSpam} disabled={busy} aria-label={`${t('spam.notSpam')}: ${c.title}`}>
              {t('spam.notSpam')}
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setRejecting(true)} disabled={busy} aria-label={`${t('spam.reject')}: ${c.title}`}>
              {t('spam.reject')}
            </button>
          </div>
        )}
      </div>
    </li>
  );
}
