// One complaint as staff see it: the whole case (body, location, the reporter only when the API
// includes it, attachments, the timeline with internal entries, recorded obstacles) and a button
// for each action in the API's `abilities` that this workspace has a form for.
import { useRef, useState, type ReactNode } from 'react';
import { Link, navigate } from '../app/router';
import { useFormat, useLang, useT, type MessageKey } from '../i18n';
import { api, ApiError, normaliseCode } from '../lib/api';
import type { Action, TimelineItem } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading, OverdueBadge, StatusBadge } from '../ui/bits';
import { Page } from '../ui/Page';
import { ActionForm, STAFF_ACTIONS, type ActionResult } from './ActionForms';
import { childrenOf } from './data';
import { setNextFlash } from './flash';
import { useStaffT, type StaffKey } from './t';
import { PossibleDuplicates, RoutingSuggestions } from './TriagePanel';
import type { RoutingPreset, StaffComplaintView } from './types';

const INTERNAL: Action[] = ['obstacle', 'escalate'];

export function StaffComplaint({ trackingNumber }: { trackingNumber: string }) {
  const t = useStaffT();
  const shell = useT();
  const tn = normaliseCode(trackingNumber);
  const [version, setVersion] = useState(0);
  const [open, setOpen] = useState<Action | null>(null);
  const [preset, setPreset] = useState<RoutingPreset | undefined>();
  const [flash, setFlash] = useState<{ kind: 'success' | 'warning'; text: string } | null>(null);
  const flashRef = useRef<HTMLDivElement>(null);
  const buttonsRef = useRef<HTMLUListElement>(null);
  const c = useAsync((signal) => api.get<StaffComplaintView>(`/api/v1/complaints/${encodeURIComponent(tn)}`, undefined, signal), [tn, version]);
  const tl = useAsync((signal) => api.get<{ items: TimelineItem[] }>(`/api/v1/complaints/${encodeURIComponent(tn)}/timeline`, undefined, signal), [tn, version]);

  if (c.loading && !c.data) return <Loading />;
  if (c.error || !c.data) {
    return (
      <Page title={t('case.notFound')}>
        <Alert kind={c.error instanceof ApiError && c.error.status === 404 ? 'info' : 'error'}>{errorMessage(shell, c.error)}</Alert>
        <p>
          <Link to="/staf">{t('case.back')}</Link>
        </p>
      </Page>
    );
  }
  const v = c.data;
  const actions = STAFF_ACTIONS.filter((a) => v.abilities.includes(a));
  const show = (kind: 'success' | 'warning', text: string) => {
    setFlash({ kind, text });
    setOpen(null);
    setVersion((n) => n + 1);
    requestAnimationFrame(() => flashRef.current?.focus());
  };
  const done = (r: ActionResult, text: string) => {
    if (r.view === 'none') {
      // The step took the complaint out of this unit's sight (e.g. returned a confidential one).
      setNextFlash(text);
      navigate('/staf');
      return;
    }
    show('success', text);
  };
  const conflict = () => show('warning', t('case.conflict'));
  // A routing suggestion fills the form that routes the complaint now: verify, or forward after a return.
  const fillAction: Action | null = actions.includes('verify') ? 'verify' : actions.includes('forward') ? 'forward' : null;
  const obstacles = (tl.data?.items ?? []).filter((e) => e.action === 'obstacle');

  return (
    <Page title={v.title} className="case">
      <p>
        <Link to="/staf">{t('case.back')}</Link>
      </p>
      <div className="complaint-head">
        <p className="complaint-head__tn">
          {shell('complaint.trackingNumber')} <span className="code-inline">{v.trackingNumber}</span>
        </p>
        <p className="badges">
          <StatusBadge status={v.status} />
          {v.overdue && <OverdueBadge />}
          {v.confidential && <span className="badge badge--muted">{shell('complaint.confidential')}</span>}
          {v.anonymous && <span className="badge badge--muted">{shell('complaint.anonymous')}</span>}
          {(v.escalationLevel ?? 0) > 0 && <span className="badge badge--returned">{t('case.escalated', { n: v.escalationLevel ?? 0 })}</span>}
        </p>
      </div>
      <div ref={flashRef} tabIndex={-1} className="flash">
        {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      </div>

      <div className="case__grid">
        <div className="case__main">
          <section aria-labelledby="body-title" className="section section--first">
            <h2 id="body-title">{shell('complaint.body')}</h2>
            <p className="prose case__body">{v.body}</p>
          </section>
          {v.attachments.length > 0 && <Attachments v={v} />}
          {v.rating && (
            <section aria-labelledby="rating-title" className="section">
              <h2 id="rating-title">{shell('complaint.rating')}</h2>
              <p>{t('case.rating', { n: v.rating.score })}</p>
              {v.rating.comment && <p className="prose">{v.rating.comment}</p>}
            </section>
          )}
          <PossibleDuplicates v={v} version={version} canMerge={v.abilities.includes('merge')} onMerged={(text) => show('success', text)} />
        </div>
        <div className="case__side">
          <section aria-labelledby="actions-title" className="section section--first case__actions">
            <h2 id="actions-title">{t('case.actions')}</h2>
            {actions.length === 0 ? (
              <p className="hint">{t('case.noActions')}</p>
            ) : (
              <ul className="action-buttons" ref={buttonsRef}>
                {actions.map((a) => (
                  <li key={a}>
                    <button
                      type="button"
                      className={open === a ? 'button' : 'button button--secondary'}
                      aria-expanded={open === a}
                      aria-controls={open === a ? `form-${a}` : undefined}
                      onClick={() => {
                        setPreset(undefined);
                        setOpen(open === a ? null : a);
                      }}
                    >
                      {t(`act.${a}` as StaffKey)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {open && (
              <ActionForm
                key={`${open}-${version}-${preset?.organisationCode ?? ''}`}
                action={open}
                v={v}
                preset={open === fillAction ? preset : undefined}
                onDone={done}
                onConflict={conflict}
                onCancel={() => {
                  const a = open;
                  setOpen(null);
                  requestAnimationFrame(() => buttonsRef.current?.querySelector<HTMLButtonElement>(`li:nth-child(${actions.indexOf(a) + 1}) button`)?.focus());
                }}
              />
            )}
          </section>
          <RoutingSuggestions
            v={v}
            version={version}
            canFill={!!fillAction}
            onUse={(p) => {
              setPreset(p);
              setOpen(fillAction);
            }}
          />
          <Facts v={v} />
          {v.reporter && <Reporter r={v.reporter} />}
        </div>
      </div>

      {obstacles.length > 0 && (
        <section aria-labelledby="obstacles-title" className="section">
          <h2 id="obstacles-title">{t('case.obstacles')}</h2>
          <Timeline items={obstacles} />
        </section>
      )}
      <section aria-labelledby="timeline-title" className="section">
        <h2 id="timeline-title">{shell('complaint.timeline')}</h2>
        {tl.loading && !tl.data ? <Loading /> : tl.error ? <Alert kind="error">{errorMessage(shell, tl.error)}</Alert> : <Timeline items={tl.data?.items ?? []} />}
      </section>
    </Page>
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

function Facts({ v }: { v: StaffComplaintView }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  return (
    <section aria-labelledby="facts-title" className="section">
      <h2 id="facts-title">{t('case.facts')}</h2>
      <dl className="facts facts--single">
        <Fact label={shell('complaint.handledBy')}>{v.organisation.name}</Fact>
        {v.government.code !== v.organisation.code && <Fact label={t('case.government')}>{v.government.name}</Fact>}
        <Fact label={shell('complaint.type')}>{shell(`report.type.${v.type}` as MessageKey)}</Fact>
        <Fact label={t('case.category')}>{v.category ? v.category.name : t('case.noCategory')}</Fact>
        <Fact label={t('case.channel')}>{t(`channel.${v.channel}` as StaffKey) || v.channel}</Fact>
        <Fact label={t('case.received')}>{f.dateTime(v.createdAt)}</Fact>
        {v.dueAt && (
          <Fact label={v.dueKind ? t(`due.${v.dueKind}` as StaffKey) : shell('complaint.due')}>
            {f.dateTime(v.dueAt)} ({f.relativeDays(v.dueAt)}){v.overdue && <> · {shell('complaint.overdue')}</>}
          </Fact>
        )}
        {v.verifiedAt && <Fact label={t('case.verifiedAt')}>{f.dateTime(v.verifiedAt)}</Fact>}
        {v.firstResponseAt && <Fact label={t('case.firstResponseAt')}>{f.dateTime(v.firstResponseAt)}</Fact>}
        {v.closedAt && <Fact label={t('case.closedAt')}>{f.dateTime(v.closedAt)}</Fact>}
        {v.occurredAt && <Fact label={shell('complaint.occurred')}>{f.date(v.occurredAt)}</Fact>}
        <Fact label={t('case.location')}>
          {v.location.address ?? t('case.noAddress')}
          {v.location.regionCode && <span className="hint-inline"> ({t('case.region', { code: v.location.regionCode })})</span>}
        </Fact>
        {v.location.lat !== null && v.location.lng !== null && (
          <Fact label={shell('complaint.coords')}>
            {f.number(v.location.lat)}, {f.number(v.location.lng)}
          </Fact>
        )}
        {v.suggestedOrganisation && (
          <Fact label={t('case.suggested')}>
            <OrgName code={v.suggestedOrganisation} parent={v.government.code} />
          </Fact>
        )}
      </dl>
    </section>
  );
}

/** An organisation's name when it is one of `parent`'s units (else its code). */
function OrgName({ code, parent }: { code: string; parent: string }) {
  const units = useAsync(() => childrenOf(parent), [parent]);
  return <>{units.data?.find((o) => o.code === code)?.name ?? code}</>;
}

function Reporter({ r }: { r: NonNullable<StaffComplaintView['reporter']> }) {
  const t = useStaffT();
  return (
    <section aria-labelledby="reporter-title" className="section">
      <h2 id="reporter-title">{t('case.reporter')}</h2>
      <dl className="facts facts--single">
        <Fact label={t('case.reporterName')}>{r.name ?? t('case.unknown')}</Fact>
        {r.phone && (
          <Fact label={t('case.reporterPhone')}>
            <a href={`tel:${r.phone.replace(/[\s-]/g, '')}`}>{r.phone}</a>
          </Fact>
        )}
        {r.email && (
          <Fact label={t('case.reporterEmail')}>
            <a href={`mailto:${r.email}`}>{r.email}</a>
          </Fact>
        )}
        <Fact label={t('case.reporterAccount')}>{r.registered ? t('case.registered') : t('case.guest')}</Fact>
      </dl>
      <p className="hint">{t('case.reporterAudited')}</p>
    </section>
  );
}

function Attachments({ v }: { v: StaffComplaintView }) {
  const shell = useT();
  const t = useStaffT();
  const f = useFormat();
  return (
    <section aria-labelledby="att-title" className="section">
      <h2 id="att-title">{shell('complaint.attachments')}</h2>
      <ul className="attachments">
        {v.attachments.map((a, i) => (
          <li key={a.id}>
            {a.kind === 'image' ? (
              <a href={a.url} target="_blank" rel="noopener">
                <img src={a.url} alt={shell('complaint.attachmentAlt', { n: i + 1 })} loading="lazy" />
                <span className="visually-hidden"> {t('case.opensNewTab')}</span>
              </a>
            ) : (
              <a href={a.url}>{shell('complaint.attachmentFile', { n: i + 1, size: f.bytes(a.size) })}</a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Timeline({ items }: { items: TimelineItem[] }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const { lang } = useLang();
  if (!items.length) return <p>{shell('complaint.timelineEmpty')}</p>;
  return (
    <ol className="timeline" lang={lang}>
      {items.map((e, i) => (
        <li key={`${e.at}-${i}`} className={INTERNAL.includes(e.action) ? 'timeline__internal' : undefined}>
          <p className="timeline__head">
            <span className="timeline__action">{shell(`action.${e.action}` as MessageKey)}</span>
            {INTERNAL.includes(e.action) && <span className="badge badge--muted">{t('case.internal')}</span>}
            <time dateTime={e.at} className="timeline__time">
              {f.dateTime(e.at)}
            </time>
          </p>
          {e.fromStatus !== e.toStatus && <p className="timeline__status">{shell('complaint.statusNow', { status: shell(`status.${e.toStatus}` as MessageKey) })}</p>}
          <p className="timeline__who">
            {e.actor.role === 'reporter'
              ? (e.actor.name ?? shell('role.reporter'))
              : `${e.actor.role === 'apikey' ? t('case.apikey') : shell(`role.${e.actor.role}` as MessageKey)}${e.actor.organisation ? ` · ${e.actor.organisation.name}` : ''}`}
          </p>
          {e.message && <p className="prose timeline__message">{e.message}</p>}
        </li>
      ))}
    </ol>
  );
}
