// A registered reporter's page: their complaints.
import { useState } from 'react';
import { Link, navigate } from '../app/router';
import { useT } from '../i18n';
import { api } from '../lib/api';
import { isStaff, useSession } from '../lib/session';
import type { ComplaintSummary, Page as ApiPage } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading } from '../ui/bits';
import { Page } from '../ui/Page';
import { ComplaintList } from './ComplaintList';

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
      {isStaff(user) ? <p>{t('account.staffNote')}</p> : <MyComplaints />}
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
