// One complaint: the reporter's view with an access code (or their account), else the public view.
// The actions offered are exactly the API's `abilities`; no workflow rule is decided here.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { navigate } from '../app/router';
import { useFormat, useLang, useT, type MessageKey } from '../i18n';
import { api, ApiError, normaliseCode } from '../lib/api';
import { accessCodeFor, forgetAccessCode } from '../lib/access-codes';
import type { Action, ComplaintView, TimelineItem } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading, OverdueBadge, StatusBadge } from '../ui/bits';
import { TextArea } from '../ui/fields';
import { Page } from '../ui/Page';
import { Stars } from './Stars';
import { TrackForm } from './TrackPage';

const CITIZEN_ACTIONS: Action[] = ['reply', 'rate', 'reopen'];

export function ComplaintPage({ trackingNumber }: { trackingNumber: string }) {
  const t = useT();
  const tn = normaliseCode(trackingNumber);
  const [code, setCode] = useState(() => accessCodeFor(tn));
  const found = (n: string, c: string) => (n === tn ? setCode(c || undefined) : navigate(`/lacak/${n}`));
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<string>();
  const c = useAsync((signal) => api.get<ComplaintView>(`/api/v1/complaints/${encodeURIComponent(tn)}`, { accessCode: code }, signal), [tn, code, version]);
  const tl = useAsync(
    (signal) => api.get<{ items: TimelineItem[] }>(`/api/v1/complaints/${encodeURIComponent(tn)}/timeline`, { accessCode: code }, signal),
    [tn, code, version],
  );

  useEffect(() => {
    // A code the server does not accept is not kept.
    if (code && c.error instanceof ApiError && c.error.status === 404) forgetAccessCode(tn);
  }, [c.error, code, tn]);

  if (c.loading && !c.data) return <Loading />;
  if (c.error || !c.data) {
    const notFound = c.error instanceof ApiError && c.error.status === 404;
    return (
      <Page title={t('complaint.notFoundTitle')}>
        <Alert kind={notFound ? 'info' : 'error'}>{notFound ? (code ? t('track.notFound') : t('complaint.notPublic')) : errorMessage(t, c.error)}</Alert>
        <TrackForm initialTracking={tn} onFound={found} />
      </Page>
    );
  }
  const v = c.data;
  const actions = v.abilities.filter((a) => CITIZEN_ACTIONS.includes(a));
  const done = (message: string) => {
    setFlash(message);
    setVersion((n) => n + 1);
  };
  return (
    <Page title={v.title} className="complaint">
      <ComplaintHeader v={v} />
      {flash && <Alert kind="success">{flash}</Alert>}
      {v.view === 'public' && (
        <details className="owner-box">
          <summary>{t('complaint.ownerSummary')}</summary>
          <p className="hint">{t('complaint.ownerText')}</p>
          <TrackForm initialTracking={tn} onFound={found} />
        </details>
      )}
      <ComplaintFacts v={v} />
      <section aria-labelledby="body-title" className="section">
        <h2 id="body-title">{t('complaint.body')}</h2>
        <p className="prose">{v.body}</p>
      </section>
      {v.attachments.length > 0 && <Attachments v={v} />}
      {v.rating && (
        <section aria-labelledby="rating-title" className="section">
          <h2 id="rating-title">{t('complaint.rating')}</h2>
          <p>
            <span aria-hidden="true" className="stars-static">
              {'★'.repeat(v.rating.score)}
              {'☆'.repeat(5 - v.rating.score)}
            </span>{' '}
            {t('rate.chosen', { n: v.rating.score })}
          </p>
          {v.rating.comment && <p className="prose">{v.rating.comment}</p>}
        </section>
      )}
      <section aria-labelledby="timeline-title" className="section">
        <h2 id="timeline-title">{t('complaint.timeline')}</h2>
        {tl.loading && !tl.data ? <Loading /> : tl.error ? <Alert kind="error">{errorMessage(t, tl.error)}</Alert> : <Timeline items={tl.data?.items ?? []} />}
      </section>
      {actions.length > 0 && (
        <section aria-labelledby="actions-title" className="section">
          <h2 id="actions-title">{t('complaint.actions')}</h2>
          {actions.includes('rate') && <RateForm tn={tn} code={code} rerate={v.rating !== null} onDone={() => done(t('rate.thanks'))} />}
          {actions.includes('reply') && <ReplyForm tn={tn} code={code} onDone={() => done(t('reply.sent'))} />}
          {actions.includes('reopen') && <ReopenForm tn={tn} code={code} onDone={() => done(t('reopen.done'))} />}
        </section>
      )}
    </Page>
  );
}

function ComplaintHeader({ v }: { v: ComplaintView }) {
  const t = useT();
  return (
    <div className="complaint-head">
      <p className="complaint-head__tn">
        {t('complaint.trackingNumber')} <span className="code-inline">{v.trackingNumber}</span>
      </p>
      <p className="badges">
        <StatusBadge status={v.status} />
        {v.overdue && <OverdueBadge />}
        {v.confidential && <span className="badge badge--muted">{t('complaint.confidential')}</span>}
        {v.anonymous && <span className="badge badge--muted">{t('complaint.anonymous')}</span>}
      </p>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ComplaintFacts({ v }: { v: ComplaintView }) {
  const t = useT();
  const f = useFormat();
  return (
    <dl className="facts">
      <Fact label={t('complaint.handledBy')}>{v.organisation.name}</Fact>
      <Fact label={t('complaint.type')}>{t(`report.type.${v.type}` as MessageKey)}</Fact>
      {v.category && <Fact label={t('category.label')}>{v.category.name}</Fact>}
      <Fact label={t('complaint.submitted')}>{f.dateTime(v.createdAt)}</Fact>
      {v.dueAt && (
        <Fact label={t('complaint.due')}>
          {f.date(v.dueAt)} ({f.relativeDays(v.dueAt)}){v.overdue && <> · {t('complaint.overdue')}</>}
        </Fact>
      )}
      {v.occurredAt && <Fact label={t('complaint.occurred')}>{f.date(v.occurredAt)}</Fact>}
      {v.location.address && <Fact label={t('complaint.address')}>{v.location.address}</Fact>}
      {v.location.lat !== null && v.location.lng !== null && (
        <Fact label={t('complaint.coords')}>
          {f.number(v.location.lat)}, {f.number(v.location.lng)}
        </Fact>
      )}
      {v.reporter?.name && <Fact label={t('complaint.reporter')}>{v.reporter.name}</Fact>}
    </dl>
  );
}

function Attachments({ v }: { v: ComplaintView }) {
  const t = useT();
  const f = useFormat();
  return (
    <section aria-labelledby="att-title" className="section">
      <h2 id="att-title">{t('complaint.attachments')}</h2>
      <ul className="attachments">
        {v.attachments.map((a, i) =>
          a.kind === 'image' ? (
            <li key={a.id}>
              <a href={a.url} target="_blank" rel="noopener">
                <img src={a.url} alt={t('complaint.attachmentAlt', { n: i + 1 })} loading="lazy" />
              </a>
            </li>
          ) : (
            <li key={a.id}>
              <a href={a.url}>{t('complaint.attachmentFile', { n: i + 1, size: f.bytes(a.size) })}</a>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

function Timeline({ items }: { items: TimelineItem[] }) {
  const t = useT();
  const f = useFormat();
  const { lang } = useLang();
  if (!items.length) return <p>{t('complaint.timelineEmpty')}</p>;
  return (
    <ol className="timeline" lang={lang}>
      {items.map((e, i) => (
        <li key={`${e.at}-${i}`}>
          <p className="timeline__head">
            <span className="timeline__action">{t(`action.${e.action}` as MessageKey)}</span>
            <time dateTime={e.at} className="timeline__time">
              {f.dateTime(e.at)}
            </time>
          </p>
          {e.fromStatus !== e.toStatus && <p className="timeline__status">{t('complaint.statusNow', { status: t(`status.${e.toStatus}` as MessageKey) })}</p>}
          <p className="timeline__who">
            {e.actor.role === 'reporter' ? (e.actor.name ?? t('role.reporter')) : (e.actor.organisation?.name ?? t(`role.${e.actor.role}` as MessageKey))}
          </p>
          {e.message && <p className="prose timeline__message">{e.message}</p>}
        </li>
      ))}
    </ol>
  );
}

function useAction(tn: string, code: string | undefined, action: Action, onDone: () => void) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/complaints/${encodeURIComponent(tn)}/actions/${action}`, code ? { ...body, accessCode: code } : body);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 409 ? t('error.conflictAction') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function ReplyForm({ tn, code, onDone }: { tn: string; code?: string; onDone(): void }) {
  const t = useT();
  const [message, setMessage] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const { busy, error, run } = useAction(tn, code, 'reply', () => {
    setMessage('');
    onDone();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return setFieldError(t('reply.err.required'));
    setFieldError(undefined);
    void run({ message: message.trim() });
  };
  return (
    <form noValidate onSubmit={submit} className="action-form">
      <h3>{t('reply.title')}</h3>
      <TextArea id="reply" label={t('reply.label')} hint={t('reply.hint')} required rows={4} value={message} error={fieldError} onChange={(e) => setMessage(e.target.value)} />
      {error && <Alert kind="error">{error}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('common.sending') : t('reply.submit')}
      </button>
    </form>
  );
}

function RateForm({ tn, code, rerate, onDone }: { tn: string; code?: string; rerate: boolean; onDone(): void }) {
  const t = useT();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const { busy, error, run } = useAction(tn, code, 'rate', () => {
    setScore(0);
    setComment('');
    onDone();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!score) return setFieldError(t('rate.err.required'));
    setFieldError(undefined);
    void run(comment.trim() ? { score, comment: comment.trim() } : { score });
  };
  return (
    <form noValidate onSubmit={submit} className="action-form">
      <h3>{t('rate.title')}</h3>
      <p className="hint">{rerate ? t('rate.hintAgain') : t('rate.hint')}</p>
      <Stars name="score" legend={t('rate.legend')} value={score} onChange={setScore} error={fieldError} />
      <TextArea id="rate-comment" label={t('rate.comment')} rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      {error && <Alert kind="error">{error}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('common.sending') : t('rate.submit')}
      </button>
    </form>
  );
}

function ReopenForm({ tn, code, onDone }: { tn: string; code?: string; onDone(): void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const { busy, error, run } = useAction(tn, code, 'reopen', onDone);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setFieldError(t('reopen.err.required'));
    setFieldError(undefined);
    void run({ reason: reason.trim() });
  };
  return (
    <form noValidate onSubmit={submit} className="action-form">
      <h3>{t('reopen.title')}</h3>
      <TextArea id="reopen" label={t('reopen.label')} hint={t('reopen.hint')} required rows={3} value={reason} error={fieldError} onChange={(e) => setReason(e.target.value)} />
      {error && <Alert kind="error">{error}</Alert>}
      <button type="submit" className="button button--secondary" disabled={busy}>
        {busy ? t('common.sending') : t('reopen.submit')}
      </button>
    </form>
  );
}
