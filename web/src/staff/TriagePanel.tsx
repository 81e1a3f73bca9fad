// Triage on the staff complaint page (docs/triage.md), for the complaint's admins only (the API
// answers 403/404 to anyone else, and then nothing is shown):
//  - RoutingSuggestions: destination and category with confidence; one click fills the verify (or
//    forward) form; the intake quality and spam scores, shown discreetly;
//  - PossibleDuplicates: open look-alikes of the same government, each with a merge (choose which
//    one goes on, confirm) through POST /api/v1/complaints/{tn}/actions/merge.
import { useState } from 'react';
import { Link } from '../app/router';
import { useFormat, useT } from '../i18n';
import { api, ApiError } from '../lib/api';
import { useSession } from '../lib/session';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, StatusBadge } from '../ui/bits';
import { TextArea } from '../ui/fields';
import { ConfirmButton } from './admin/common';
import { staffContext } from './context';
import { useStaffT, type StaffKey } from './t';
import type { Duplicate, RoutingPreset, StaffComplaintView, Suggestions } from './types';

const pct = (x: number) => Math.round(x * 100);
const FIRST_DUPLICATES = 3;

/** Loads for admins only; a 403/404 (not this complaint's admin) is "nothing to show". */
function useAdminData<T>(path: string, deps: unknown[]) {
  const { user } = useSession();
  const isAdmin = staffContext(user).isAdmin;
  const r = useAsync((signal) => (isAdmin ? api.get<T>(path, undefined, signal) : Promise.resolve(undefined)), [isAdmin, path, ...deps]);
  const hidden = !isAdmin || (r.error instanceof ApiError && (r.error.status === 403 || r.error.status === 404));
  return { ...r, hidden };
}

export function RoutingSuggestions({ v, version, canFill, onUse }: { v: StaffComplaintView; version: number; canFill: boolean; onUse(p: RoutingPreset): void }) {
  const t = useStaffT();
  const shell = useT();
  const s = useAdminData<Suggestions>(`/api/v1/complaints/${encodeURIComponent(v.trackingNumber)}/suggestions`, [version]);
  if (s.hidden || (s.loading && !s.data)) return null;
  if (s.error || !s.data) {
    return (
      <section aria-labelledby="suggest-title" className="section triage">
        <h2 id="suggest-title">{t('triage.suggestions')}</h2>
        <Alert kind="error">{errorMessage(shell, s.error)}</Alert>
      </section>
    );
  }
  const d = s.data;
  const topCategory = d.categories[0]?.code;
  return (
    <section aria-labelledby="suggest-title" className="section triage">
      <h2 id="suggest-title">{t('triage.suggestions')}</h2>
      {canFill && d.organisations.length > 0 ? (
        <>
          <p className="hint">{t('triage.suggestionsLead')}</p>
          <h3 className="triage__sub">{t('triage.destination')}</h3>
          <ul className="triage__list">
            {d.organisations.map((o) => (
              <li key={o.code}>
                <span className="triage__name">{o.name}</span> <span className="triage__conf">{t('triage.confidence', { pct: pct(o.confidence) })}</span>
                {o.sources.length > 0 && <span className="hint-inline"> · {o.sources.map((x) => t(`triage.source.${x}` as StaffKey)).join(', ')}</span>}{' '}
                <button type="button" className="button button--secondary button--small" onClick={() => onUse({ organisationCode: o.code, organisationName: o.name, categoryCode: topCategory })} aria-label={`${t('triage.use')}: ${o.name}`}>
                  {t('triage.use')}
                </button>
              </li>
            ))}
          </ul>
          {d.categories.length > 0 && (
            <>
              <h3 className="triage__sub">{t('triage.category')}</h3>
              <ul className="triage__list">
                {d.categories.map((c) => (
                  <li key={c.code}>
                    <span className="triage__name">{c.name}</span> <span className="triage__conf">{t('triage.confidence', { pct: pct(c.confidence) })}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="hint">{t('triage.model', { n: d.model.examples })}</p>
        </>
      ) : (
        canFill && <p className="hint">{t('triage.noSuggestions')}</p>
      )}
      {d.scores && <Scores scores={d.scores} />}
    </section>
  );
}

function Scores({ scores }: { scores: NonNullable<Suggestions['scores']> }) {
  const t = useStaffT();
  return (
    <dl className="facts facts--single triage__scores">
      {scores.quality !== null && (
        <div>
          <dt>{t('triage.quality')}</dt>
          <dd>{t('triage.qualityValue', { pct: pct(scores.quality) })}</dd>
        </div>
      )}
      <div>
        <dt>{t('triage.spam')}</dt>
        <dd>
          {t('triage.spamValue', { pct: pct(scores.spam) })}
          {scores.spamReasons.length > 0 && <> ({scores.spamReasons.map((r) => t(`triage.reason.${r}` as StaffKey) || r).join(', ')})</>}
          {scores.inSpamQueue && (
            <>
              {' '}
              <span className="badge badge--muted">{t('triage.inSpamQueue')}</span>
            </>
          )}
        </dd>
      </div>
    </dl>
  );
}

export function PossibleDuplicates({ v, version, canMerge, onMerged }: { v: StaffComplaintView; version: number; canMerge: boolean; onMerged(text: string, away: boolean): void }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const d = useAdminData<{ items: Duplicate[] }>(`/api/v1/complaints/${encodeURIComponent(v.trackingNumber)}/duplicates`, [version]);
  const [open, setOpen] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  if (d.hidden || (d.loading && !d.data)) return null;
  const items = d.data?.items ?? [];
  // The likeliest few first: the list can reach ten, and the actions come after it on a phone.
  const shown = all ? items : items.slice(0, FIRST_DUPLICATES);
  return (
    <section aria-labelledby="dup-title" className="section triage">
      <h2 id="dup-title">{t('dup.title')}</h2>
      {d.error || !d.data ? (
        <Alert kind="error">{errorMessage(shell, d.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="hint">{t('dup.none')}</p>
      ) : (
        <>
          <ul className="dup-list">
            {shown.map((x) => (
              <li key={x.trackingNumber} className="dup-row">
                <h3 className="dup-row__title">
                  <Link to={`/staf/aduan/${x.trackingNumber}`}>{x.title}</Link>
                </h3>
                <p className="badges">
                  <StatusBadge status={x.status} />
                </p>
                <p className="complaint-card__meta">
                  <span className="code-inline">{x.trackingNumber}</span>
                  <span>{x.organisation.name}</span>
                  <span>
                    {t('inbox.received')} <time dateTime={x.createdAt}>{f.date(x.createdAt)}</time>
                  </span>
                  <span>{t('dup.likeness', { pct: Math.min(100, pct(x.score)) })}</span>
                </p>
                {canMerge &&
                  (open === x.trackingNumber ? (
                    <MergeForm v={v} other={x} onCancel={() => setOpen(null)} onMerged={onMerged} />
                  ) : (
                    <button type="button" className="button button--secondary button--small" onClick={() => setOpen(x.trackingNumber)} aria-label={`${t('dup.merge')}: ${x.title}`}>
                      {t('dup.merge')}
                    </button>
                  ))}
              </li>
            ))}
          </ul>
          {shown.length < items.length && (
            <button type="button" className="button button--secondary button--small" onClick={() => setAll(true)}>
              {t('dup.showAll', { n: items.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function MergeForm({ v, other, onCancel, onMerged }: { v: StaffComplaintView; other: Duplicate; onCancel(): void; onMerged(text: string, away: boolean): void }) {
  const t = useStaffT();
  const shell = useT();
  // Which one goes on: by default the older one (it has the longer history and its reporter waited longer).
  const [keep, setKeep] = useState<'this' | 'other'>(new Date(other.createdAt) < new Date(v.createdAt) ? 'other' : 'this');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const survivor = keep === 'this' ? v.trackingNumber : other.trackingNumber;
  const merged = keep === 'this' ? other.trackingNumber : v.trackingNumber;
  const name = `keep-${other.trackingNumber}`;
  const merge = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const body: Record<string, string> = { targetTrackingNumber: survivor };
      if (reason.trim()) body.reason = reason.trim();
      await api.post(`/api/v1/complaints/${encodeURIComponent(merged)}/actions/merge`, body);
      onMerged(t('dup.done', { merged, survivor }), merged === v.trackingNumber);
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 409 ? t('dup.conflict') : errorMessage(shell, err));
      setBusy(false);
    }
  };
  return (
    <div className="merge-form">
      <fieldset className="fieldset-plain">
        <legend>{t('dup.keep')}</legend>
        {(['this', 'other'] as const).map((k) => {
          const tn = k === 'this' ? v.trackingNumber : other.trackingNumber;
          return (
            <div className="check" key={k}>
              <input type="radio" id={`${name}-${k}`} name={name} checked={keep === k} onChange={() => setKeep(k)} />
              <div>
                <label htmlFor={`${name}-${k}`}>{k === 'this' ? t('dup.keepThis', { tn }) : t('dup.keepOther', { tn })}</label>
              </div>
            </div>
          );
        })}
      </fieldset>
      <p className="hint">{t('dup.explain', { merged, survivor })}</p>
      <TextArea id={`${name}-reason`} label={t('dup.reason')} rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="inline-actions">
        <ConfirmButton label={t('dup.mergeNow')} confirmLabel={t('dup.confirmYes')} question={t('dup.confirm', { merged, survivor })} onConfirm={merge} busy={busy} />
        <button type="button" className="button button--secondary button--small" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </div>
  );
}
