// The staff workspace (/staf/…), a lazy chunk: the inbox, one complaint with its actions, and the
// admin console (/staf/admin/…). See web/README.md for the conventions.
import './staff.css';
import { useEffect } from 'react';
import { Link, match, useLocation } from '../app/router';
import { useT as useShellT } from '../i18n';
import { api } from '../lib/api';
import { isStaff, useSession } from '../lib/session';
import { useAsync } from '../lib/use-async';
import { Loading } from '../ui/bits';
import { Page } from '../ui/Page';
import { AdminHome } from './admin/AdminHome';
import { ApiKeysPage } from './admin/ApiKeys';
import { CategoriesPage } from './admin/Categories';
import { HolidaysPage } from './admin/Holidays';
import { OrganisationsPage } from './admin/Organisations';
import { SmsPage } from './admin/SmsKeywords';
import { SpamQueuePage } from './admin/SpamQueue';
import { BlocklistPage } from './admin/Blocklist';
import { UsersPage } from './admin/Users';
import { StaffComplaint } from './ComplaintPage';
import { staffContext } from './context';
import { Inbox } from './Inbox';
import { TwoStepPage } from './TwoStep';
import { NOTIFICATIONS_CHANGED, NotificationsPage, type InboxPage } from './Notifications';
import { useStaffT } from './t';

export { useStaffT } from './t';

function StaffNav() {
  const t = useStaffT();
  const { user } = useSession();
  const ctx = staffContext(user);
  const { path } = useLocation();
  const unread = useAsync((signal) => api.get<InboxPage>('/api/v1/me/notifications', { unread: true, limit: 1 }, signal), [path, user?.username]);
  const { reload } = unread;
  useEffect(() => {
    window.addEventListener(NOTIFICATIONS_CHANGED, reload);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, reload);
  }, [reload]);
  const count = unread.data?.unread ?? 0;
  return (
    <nav aria-label={t('nav.label')} className="subnav">
      <ul>
        <li>
          <Link to="/staf">{t('nav.inbox')}</Link>
        </li>
        <li>
          <Link to="/staf/notifikasi">
            {t('nav.notifications')}
            {count > 0 && (
              <>
                {' '}
                <span className="badge badge--overdue">{t('nav.unread', { n: count })}</span>
              </>
            )}
          </Link>
        </li>
        <li>
          <Link to="/dasbor">{t('nav.dashboard')}</Link>
        </li>
        {ctx.isAdmin && (
          <li>
            <Link to="/staf/admin">{t('nav.admin')}</Link>
          </li>
        )}
        <li>
          <Link to="/staf/keamanan">{t('nav.security')}</Link>
        </li>
        {user && <li className="subnav__who">{t('staff.signedInAs', { name: user.displayName })}</li>}
      </ul>
    </nav>
  );
}

function Routes({ path }: { path: string }) {
  const t = useStaffT();
  if (path === '/staf') return <Inbox />;
  const c = match('/staf/aduan/:tn', path);
  if (c) return <StaffComplaint key={c.tn} trackingNumber={c.tn!} />;
  if (path === '/staf/notifikasi') return <NotificationsPage />;
  if (path === '/staf/keamanan') return <TwoStepPage />;
  if (path === '/staf/admin') return <AdminHome />;
  if (path === '/staf/admin/organisasi') return <OrganisationsPage />;
  if (path === '/staf/admin/pengguna') return <UsersPage />;
  if (path === '/staf/admin/kategori') return <CategoriesPage />;
  if (path === '/staf/admin/hari-libur') return <HolidaysPage />;
  if (path === '/staf/admin/kunci-api') return <ApiKeysPage />;
  if (path === '/staf/admin/sms') return <SmsPage />;
  if (path === '/staf/admin/antrean-spam') return <SpamQueuePage />;
  if (path === '/staf/admin/daftar-blokir') return <BlocklistPage />;
  return (
    <Page title={t('staff.notFound')}>
      <p>
        <Link to="/staf">{t('case.back')}</Link>
      </p>
    </Page>
  );
}

export default function StaffApp() {
  const t = useStaffT();
  const shell = useShellT();
  const { path } = useLocation();
  const { user, loading } = useSession();
  if (loading) return <Loading />;
  if (!user || !isStaff(user)) {
    return (
      <Page title={t('staff.title')}>
        {!user ? (
          <p>
            {t('staff.signInFirst')} <Link to={`/masuk?next=${encodeURIComponent(path)}`}>{shell('nav.login')}</Link>
          </p>
        ) : (
          <p>{t('staff.notStaff')}</p>
        )}
      </Page>
    );
  }
  return (
    <>
      <StaffNav />
      <Routes path={path} />
    </>
  );
}
