// Public statistics (/statistik): verified, non-confidential complaints only, no personal data
// (GET /api/v1/stats/public). Its own small lazy chunk so that the citizen first load stays small;
// it shares the figures, table and chart with the staff dashboards.
import './dashboard.css';
import { Link } from '../app/router';
import { api } from '../lib/api';
import type { Organisation } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { SelectField } from '../ui/fields';
import { Page } from '../ui/Page';
import { orgNames, parentCode, useStatsQuery } from './query';
import { StatsView, unitsTitleOf } from './StatsView';
import { useDashboardT } from './t';
import type { Stats } from './types';

const children = (parent: string) => api.get<{ items: Organisation[] }>('/api/v1/organisations', { parent }).then((r) => r.items.filter((o) => o.active));

function RegionPicker({ org, onChange }: { org: string; onChange(code: string | undefined): void }) {
  const t = useDashboardT();
  const parts = org === 'id' ? [] : org.split('.');
  const province = parts[0] ?? '';
  const regency = parts.length >= 2 ? parts.slice(0, 2).join('.') : '';
  const provinces = useAsync(() => children('id').then((xs) => xs.filter((o) => o.type === 'province')), []);
  const regencies = useAsync(() => (province ? children(province).then((xs) => xs.filter((o) => o.type === 'regency' || o.type === 'city')) : Promise.resolve([])), [province]);
  return (
    <div className="region-picker filters">
      <SelectField id="pub-province" label={t('public.province')} markOptional={false} value={province} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('public.national')}</option>
        {(provinces.data ?? []).map((p) => (
          <option key={p.code} value={p.code}>
            {p.name}
          </option>
        ))}
      </SelectField>
      {province && (
        <SelectField id="pub-regency" label={t('public.regency')} markOptional={false} value={regency} onChange={(e) => onChange(e.target.value || province)}>
          <option value="">{t('public.wholeProvince')}</option>
          {(regencies.data ?? []).map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </SelectField>
      )}
    </div>
  );
}

export default function PublicStatsApp() {
  const t = useDashboardT();
  const { q, go, href } = useStatsQuery('/statistik');
  const org = q.org ?? 'id';
  const openData = (s: Stats | undefined) => {
    const p = new URLSearchParams({ organisation: s?.organisation.code ?? org });
    if (q.from) p.set('from', q.from);
    if (q.to) p.set('to', q.to);
    return `/api/v1/stats/public.csv?${p}`;
  };
  return (
    <Page title={t('public.title')} lead={t('public.lead')}>
      <StatsView
        endpoint="/api/v1/stats/public"
        q={q}
        onQuery={go}
        unitsTitle={(s) => unitsTitleOf(t, s)}
        links={(u) => ({ dashboard: u.self ? undefined : href({ ...q, org: u.organisation.code }) })}
        onLoaded={(s) => {
          orgNames.set(s.organisation.code, s.organisation.name);
          for (const u of s.units) orgNames.set(u.organisation.code, u.organisation.name);
        }}
        header={(s) => (
          <>
            <RegionPicker org={org} onChange={(code) => go({ ...q, org: code })} />
            <p className="inline-actions">
              {org !== 'id' && (
                <Link to={href({ ...q, org: parentCode(org) === 'id' ? undefined : (parentCode(org) ?? undefined) })}>
                  {t('up.to', { name: orgNames.get(parentCode(org) ?? '') || t('public.national') })}
                </Link>
              )}
              <a href={openData(s)} download>
                {t('public.openData')}
              </a>
            </p>
          </>
        )}
      />
      <p className="hint">{t('public.about')}</p>
    </Page>
  );
}
