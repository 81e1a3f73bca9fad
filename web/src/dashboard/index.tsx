// Dashboards (/dasbor/…), a lazy chunk: the leader's view of their organisation (/dasbor), the
// oversight view nationwide (/dasbor/nasional: provinces → regencies → units), and the side-by-side
// view of the regencies of the province for regency admins (/dasbor/wilayah). The public statistics
// page (/statistik) is a separate small chunk (public.tsx) sharing these parts.
import './dashboard.css';
import { Link, useLocation } from '../app/router';
import { useT as useShellT } from '../i18n';
import { isStaff, useSession } from '../lib/session';
import type { User } from '../lib/types';
import { Loading } from '../ui/bits';
import { Page } from '../ui/Page';
import { orgNames, parentCode, useStatsQuery } from './query';
import { StatsView, unitsTitleOf } from './StatsView';
import { useDashboardT } from './t';
import type { Stats } from './types';

export { useDashboardT } from './t';

interface Who {
  nationwide: boolean;
  orgAdmin: boolean;
  /** Where the user's first staff role is held (the dashboard's default organisation). */
  home: string | null;
}

function who(user: User | null): Who {
  const roles = user?.roles ?? [];
  const nationwide = roles.some((r) => r.role === 'national_admin' || r.role === 'oversight');
  const order = ['org_admin', 'leader', 'liaison'];
  const home = [...roles].filter((r) => order.includes(r.role) && r.organisation).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))[0]?.organisation ?? null;
  return { nationwide, orgAdmin: roles.some((r) => r.role === 'org_admin'), home: nationwide ? null : home };
}

const remember = (s: Stats) => {
  orgNames.set(s.organisation.code, s.organisation.name);
  for (const u of s.units) orgNames.set(u.organisation.code, u.organisation.name);
};

function DashNav({ w }: { w: Who }) {
  const t = useDashboardT();
  return (
    <nav aria-label={t('nav.label')} className="subnav">
      <ul>
        <li>
          <Link to="/dasbor">{t('nav.mine')}</Link>
        </li>
        {w.nationwide && (
          <li>
            <Link to="/dasbor/nasional">{t('nav.national')}</Link>
          </li>
        )}
        {w.orgAdmin && !w.nationwide && (
          <li>
            <Link to="/dasbor/wilayah">{t('nav.region')}</Link>
          </li>
        )}
        <li>
          <Link to="/statistik">{t('nav.public')}</Link>
        </li>
        <li>
          <Link to="/staf">{t('nav.inbox')}</Link>
        </li>
      </ul>
    </nav>
  );
}

function UpLink({ code, href }: { code: string; href: string }) {
  const t = useDashboardT();
  const name = orgNames.get(code);
  return (
    <p className="up-link">
      <Link to={href}>{code === 'id' ? t('up.national') : t('up.to', { name: name || code })}</Link>
    </p>
  );
}

function LeaderDashboard({ w }: { w: Who }) {
  const t = useDashboardT();
  const { q, go, href } = useStatsQuery('/dasbor');
  const drilled = q.org && q.org !== w.home;
  return (
    <Page title={t('leader.title')} lead={t('leader.lead')}>
      <StatsView
        endpoint="/api/v1/stats/summary"
        q={q}
        onQuery={go}
        unitsTitle={(s) => unitsTitleOf(t, s)}
        links={(u) => ({ dashboard: href({ ...q, org: u.organisation.code }), inbox: `/staf?unit=${encodeURIComponent(u.organisation.code)}` })}
        header={() => {
          if (!drilled) return null;
          const up = parentCode(q.org!);
          return up ? <UpLink code={up} href={href({ ...q, org: up === w.home || (w.nationwide && up === 'id') ? undefined : up })} /> : null;
        }}
        onLoaded={remember}
        reports
        map
        notVisible={t('error.notVisible')}
      />
    </Page>
  );
}

function NationalDashboard() {
  const t = useDashboardT();
  const { q, go, href } = useStatsQuery('/dasbor/nasional');
  const org = q.org ?? 'id';
  return (
    <Page title={t('national.title')} lead={t('national.lead')}>
      <StatsView
        endpoint="/api/v1/stats/summary"
        q={{ ...q, org }}
        onQuery={(n) => go({ ...n, org: n.org === 'id' ? undefined : n.org })}
        unitsTitle={(s) => unitsTitleOf(t, s)}
        links={(u) => ({ dashboard: href({ ...q, org: u.organisation.code }), inbox: `/staf?unit=${encodeURIComponent(u.organisation.code)}` })}
        header={() => {
          const up = parentCode(org);
          return up ? <UpLink code={up} href={href({ ...q, org: up === 'id' ? undefined : up })} /> : null;
        }}
        onLoaded={remember}
        reports
        notVisible={t('error.notVisible')}
      />
    </Page>
  );
}

function RegionDashboard({ w }: { w: Who }) {
  const t = useDashboardT();
  const { q, go } = useStatsQuery('/dasbor/wilayah');
  const province = q.org ?? w.home?.split('.')[0] ?? '';
  const ownRegency = w.home?.split('.').slice(0, 2).join('.');
  if (!province) {
    return (
      <Page title={t('region.title')}>
        <p>{t('region.noProvince')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('region.title')} lead={t('region.lead')}>
      <StatsView
        endpoint="/api/v1/stats/summary"
        q={{ ...q, org: province }}
        onQuery={(n) => go({ ...n, org: q.org })}
        unitsTitle={() => t('region.units')}
        links={(u) => ({
          dashboard: `/dasbor?org=${encodeURIComponent(u.organisation.code)}`,
          inbox: ownRegency && u.organisation.code === ownRegency ? `/staf` : undefined,
        })}
        highlight={ownRegency}
        onLoaded={remember}
        notVisible={t('error.notVisible')}
      />
    </Page>
  );
}

export default function DashboardApp() {
  const t = useDashboardT();
  const shell = useShellT();
  const { path } = useLocation();
  const { user, loading } = useSession();
  if (loading) return <Loading />;
  if (!user || !isStaff(user)) {
    return (
      <Page title={t('dashboard.title')}>
        {!user ? (
          <p>
            {t('dashboard.signIn')} <Link to={`/masuk?next=${encodeURIComponent(path)}`}>{shell('nav.login')}</Link>
          </p>
        ) : (
          <p>{t('dashboard.notStaff')}</p>
        )}
        <p>
          <Link to="/statistik">{t('dashboard.publicLink')}</Link>
        </p>
      </Page>
    );
  }
  const w = who(user);
  let page;
  if (path === '/dasbor/nasional') page = <NationalDashboard />;
  else if (path === '/dasbor/wilayah') page = <RegionDashboard w={w} />;
  else if (path === '/dasbor') page = <LeaderDashboard w={w} />;
  else
    page = (
      <Page title={t('dashboard.notFound')}>
        <p>
          <Link to="/dasbor">{t('nav.mine')}</Link>
        </p>
      </Page>
    );
  return (
    <>
      <DashNav w={w} />
      {page}
    </>
  );
}
