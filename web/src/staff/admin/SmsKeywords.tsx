// SMS keywords (read-only): the commands citizens send to the short code, and the region keyword of
// every regency/city. Region keywords are not configured anywhere: the SMS module derives them from
// the region's name in the organisation tree (server/modules/sms, resolveRegion), which this page
// mirrors: "Kabupaten Buleleng" → BULELENG; a Kabupaten and a Kota of the same name → KAB X / KOTA X.
import { navigate, useLocation } from '../../app/router';
import { useClientConfig } from '../../lib/client-config';
import type { Organisation } from '../../lib/types';
import { SelectField } from '../../ui/fields';
import type { StaffContext } from '../context';
import type { OrgTree } from '../data';
import { useStaffT, type StaffKey } from '../t';
import { AdminPage, TableWrap } from './common';

const baseName = (name: string) =>
  name
    .replace(/^(Kabupaten|Kota)\s+(Administrasi\s+)?/i, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

export function regionKeywords(regions: Organisation[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const r of regions) count.set(baseName(r.name), (count.get(baseName(r.name)) ?? 0) + 1);
  return new Map(regions.map((r) => {
    const b = baseName(r.name);
    return [r.code, (count.get(b) ?? 0) > 1 ? `${r.type === 'city' ? 'KOTA' : 'KAB'} ${b}` : b];
  }));
}

const COMMANDS = ['lapor', 'region', 'open', 'cek', 'balas', 'nilai', 'other'] as const;

export function SmsPage() {
  const t = useStaffT();
  return <AdminPage title={t('sms.title')} lead={t('sms.lead')}>{(ctx, tree) => <Sms ctx={ctx} tree={tree} />}</AdminPage>;
}

function Sms({ ctx, tree }: { ctx: StaffContext; tree: OrgTree }) {
  const t = useStaffT();
  const cfg = useClientConfig();
  const loc = useLocation();
  const provinces = tree.all.filter((o) => o.type === 'province').sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  const regions = tree.all.filter((o) => o.type === 'regency' || o.type === 'city');
  const keywords = regionKeywords(regions);
  const own = ctx.adminOrgs[0]?.split('.')[0];
  const province = loc.search.get('provinsi') || (own && provinces.some((p) => p.code === own) ? own : provinces[0]?.code) || '';
  const shown = tree.children(province).filter((o) => o.type === 'regency' || o.type === 'city');
  const example = keywords.get(shown[0]?.code ?? '') ?? 'BULELENG';
  return (
    <>
      <section aria-labelledby="sms-cmd-title" className="section section--first">
        <h2 id="sms-cmd-title">{t('sms.commands', { code: cfg.smsShortCode })}</h2>
        <TableWrap label={t('sms.commands', { code: cfg.smsShortCode })}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('sms.format')}</th>
                <th scope="col">{t('sms.meaning')}</th>
                <th scope="col">{t('sms.example')}</th>
              </tr>
            </thead>
            <tbody>
              {COMMANDS.map((c) => (
                <tr key={c}>
                  <th scope="row">
                    <code>{t(`sms.cmd.${c}` as StaffKey, { region: example })}</code>
                  </th>
                  <td>{t(`sms.cmd.${c}.meaning` as StaffKey)}</td>
                  <td>
                    <code>{t(`sms.cmd.${c}.example` as StaffKey, { region: example })}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p className="hint">{t('sms.notes')}</p>
      </section>
      <section aria-labelledby="sms-kw-title" className="section">
        <h2 id="sms-kw-title">{t('sms.keywords')}</h2>
        <p>{t('sms.derived')}</p>
        <SelectField id="sms-province" label={t('sms.province')} markOptional={false} value={province} onChange={(e) => navigate(`/staf/admin/sms?provinsi=${encodeURIComponent(e.target.value)}`)}>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <TableWrap label={t('sms.keywords')}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('sms.region')}</th>
                <th scope="col">{t('sms.regionCode')}</th>
                <th scope="col">{t('sms.keyword')}</th>
                <th scope="col">{t('sms.example')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.code}>
                  <th scope="row">{r.name}</th>
                  <td className="code-inline">{r.code}</td>
                  <td>
                    <code>{keywords.get(r.code)}</code>
                  </td>
                  <td>
                    <code>{t('sms.regionExample', { keyword: keywords.get(r.code) ?? '' })}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
}
