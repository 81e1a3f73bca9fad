// Similar open complaints while the citizen writes (docs/triage.md): once region, category and a title
// are known, GET /api/v1/complaints/similar (debounced, at most 5, no personal data). Each one can be
// followed instead of filing again. There is no server-side "follow" for guests: following keeps the
// complaint in a list on this device (localStorage) and links to its public tracking page, where
// its progress shows.
import { useEffect, useState, type ReactNode } from 'react';
import { useFormat, useT } from '../i18n';
import { api } from '../lib/api';
import { followedComplaints, follow, unfollow, type Followed } from '../lib/followed';
import type { Status } from '../lib/types';
import { StatusBadge } from '../ui/bits';
import './triage.css';

const DEBOUNCE_MS = 600;
const MIN_TITLE = 5;

export interface SimilarItem {
  trackingNumber: string;
  title: string;
  status: Status;
  categoryCode: string;
  createdAt: string;
  score: number;
}

/** The complaint's tracking page in a new tab, so the draft being written stays as it is. */
function TrackLink({ tn, children }: { tn: string; children: ReactNode }) {
  const t = useT();
  return (
    <a href={`/lacak/${tn}`} target="_blank" rel="noopener">
      {children}
      <span className="visually-hidden"> {t('similar.newTab')}</span>
    </a>
  );
}

export function SimilarComplaints({ regionCode, categoryCode, title, body }: { regionCode: string; categoryCode: string; title: string; body: string }) {
  const t = useT();
  const f = useFormat();
  const [items, setItems] = useState<SimilarItem[]>([]);
  const [followed, setFollowed] = useState<Followed[]>(followedComplaints);
  const ready = !!regionCode && !!categoryCode && title.trim().length >= MIN_TITLE;
  // Only the start of the body: enough for the ranking, and the request stays small.
  const bodyStart = body.trim().slice(0, 300);

  useEffect(() => {
    if (!ready) {
      setItems([]);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ items: SimilarItem[] }>('/api/v1/complaints/similar', { regionCode, categoryCode, title: title.trim().slice(0, 200), body: bodyStart || undefined }, ctl.signal)
        .then((r) => setItems(r.items.slice(0, 5)))
        .catch(() => {
          /* advice only: nothing shown when it fails */
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [ready, regionCode, categoryCode, title, bodyStart]);

  const isFollowed = (tn: string) => followed.some((x) => x.trackingNumber === tn);
  const mine = followed.filter((x) => !items.some((i) => i.trackingNumber === x.trackingNumber)).slice(0, 5);

  return (
    <div className="similar">
      {/* Announced politely when it changes, without moving focus away from what the citizen types. */}
      <p className="visually-hidden" role="status">
        {items.length ? t('similar.found', { n: items.length }) : ''}
      </p>
      {items.length > 0 && (
        <section aria-labelledby="similar-title" className="similar__box">
          <h2 id="similar-title">{t('similar.title')}</h2>
          <p>{t('similar.lead')}</p>
          <ul className="similar__list">
            {items.map((i) => (
              <li key={i.trackingNumber} className="similar__item">
                <h3 className="similar__item-title">{i.title}</h3>
                <p className="badges">
                  <StatusBadge status={i.status} />
                </p>
                <p className="hint">
                  <span className="code-inline">{i.trackingNumber}</span> · {t('similar.since', { date: f.date(i.createdAt) })}
                </p>
                {isFollowed(i.trackingNumber) ? (
                  <p className="similar__following">
                    {t('similar.following')} <TrackLink tn={i.trackingNumber}>{t('similar.open', { tn: i.trackingNumber })}</TrackLink>
                  </p>
                ) : (
                  <p className="inline-actions">
                    <button type="button" className="button button--secondary" onClick={() => setFollowed(follow(i))} aria-describedby="similar-follow-hint" aria-label={`${t('similar.follow')}: ${i.title}`}>
                      {t('similar.follow')}
                    </button>
                    <TrackLink tn={i.trackingNumber}>{t('similar.view')}</TrackLink>
                  </p>
                )}
              </li>
            ))}
          </ul>
          <p className="hint" id="similar-follow-hint">
            {t('similar.followHint')}
          </p>
        </section>
      )}
      {mine.length > 0 && (
        <details className="similar__mine">
          <summary>{t('similar.followedTitle', { n: followed.length })}</summary>
          <ul className="link-list">
            {mine.map((x) => (
              <li key={x.trackingNumber}>
                <TrackLink tn={x.trackingNumber}>{x.title}</TrackLink> <span className="code-inline">{x.trackingNumber}</span>{' '}
                <button type="button" className="button button--secondary button--small" onClick={() => setFollowed(unfollow(x.trackingNumber))} aria-label={`${t('similar.unfollow')}: ${x.title}`}>
                  {t('similar.unfollow')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
