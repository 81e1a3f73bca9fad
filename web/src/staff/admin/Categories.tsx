// Categories with their resolution class and, per region, the default destination unit; admins of
// the region change it with PUT /api/v1/categories/{code}/destinations/{region}.
import { useState } from 'react';
import { navigate, useLocation } from '../../app/router';
import { useLang, useT } from '../../i18n';
import { api, request } from '../../lib/api';
import type { Category, Organisation } from '../../lib/types';
import { useAsync } from '../../lib/use-async';
import { Alert, errorMessage, Loading } from '../../ui/bits';
import type { StaffContext } from '../context';
import { childrenOf, forgetCategories, type OrgTree } from '../data';
import { useStaffT, type StaffKey } from '../t';
import { AdminPage, managedOf, NodeSelect, TableWrap } from './common';

const REGION_TYPES = new Set(['province', 'regency', 'city']);

export function CategoriesPage() {
  const t = useStaffT();
  return <AdminPage title={t('cats.title')} lead={t('cats.lead')}>{(ctx, tree) => <Categories ctx={ctx} tree={tree} />}</AdminPage>;
}

function Categories({ ctx, tree }: { ctx: StaffContext; tree: OrgTree }) {
  const t = useStaffT();
  const shell = useT();
  const { lang } = useLang();
  const loc = useLocation();
  const regions = managedOf(ctx, tree).filter((o) => REGION_TYPES.has(o.type));
  const fallback = regions.find((o) => o.type !== 'province') ?? regions[0];
  const region = loc.search.get('wilayah') || fallback?.code || '';
  const data = useAsync(
    async (signal) => {
      if (!region) return { cats: [] as Category[], units: [] as Organisation[] };
      const [cats, units] = await Promise.all([api.get<{ items: Category[] }>('/api/v1/categories', { region }, signal), childrenOf(region)]);
      return { cats: cats.items, units: units.filter((u) => u.type === 'unit' || u.type === 'subunit') };
    },
    [region],
  );
  if (!regions.length) return <Alert kind="info">{t('cats.noRegion')}</Alert>;
  const name = (c: Category) => (lang === 'en' ? c.nameEn : c.nameId);
  const groups = (data.data?.cats ?? []).filter((c) => c.parentCode === null);
  return (
    <>
      <NodeSelect id="cats-region" label={t('cats.region')} nodes={regions} tree={tree} value={region} onChange={(c) => navigate(`/staf/admin/kategori?wilayah=${encodeURIComponent(c)}`)} />
      <p className="hint">{t('cats.classes')}</p>
      <section aria-labelledby="cats-table-title" className="section">
        <h2 id="cats-table-title">{t('cats.tableTitle', { region: tree.byCode.get(region)?.name ?? region })}</h2>
        {data.loading && !data.data ? (
          <Loading />
        ) : data.error ? (
          <Alert kind="error">{errorMessage(shell, data.error)}</Alert>
        ) : (
          <TableWrap label={t('cats.tableTitle', { region: tree.byCode.get(region)?.name ?? region })}>
            <table className="data-table cats-table">
              <thead>
                <tr>
                  <th scope="col">{t('cats.category')}</th>
                  <th scope="col">{t('cats.class')}</th>
                  <th scope="col">{t('cats.destination')}</th>
                </tr>
              </thead>
              {groups.map((g) => (
                <tbody key={g.code}>
                  <tr className="group-row">
                    <th scope="colgroup" colSpan={3}>
                      {name(g)}
                    </th>
                  </tr>
                  {(data.data?.cats ?? [])
                    .filter((c) => c.parentCode === g.code)
                    .map((c) => (
                      <CategoryRow key={`${region}-${c.code}`} c={c} label={name(c)} region={region} units={data.data?.units ?? []} />
                    ))}
                </tbody>
              ))}
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}

function CategoryRow({ c, label, region, units }: { c: Category; label: string; region: string; units: Organisation[] }) {
  const t = useStaffT();
  const shell = useT();
  const [value, setValue] = useState(c.defaultDestination ?? '');
  const [saved, setSaved] = useState(c.defaultDestination ?? '');
  const [state, setState] = useState<{ busy: boolean; note?: string; error?: boolean }>({ busy: false });
  const selectId = `dest-${c.code.replace(/[^a-z0-9]/g, '-')}`;
  const save = async () => {
    setState({ busy: true });
    try {
      await request('PUT', `/api/v1/categories/${encodeURIComponent(c.code)}/destinations/${encodeURIComponent(region)}`, { body: { organisationCode: value } });
      setSaved(value);
      forgetCategories();
      setState({ busy: false, note: t('cats.saved') });
    } catch (err) {
      setState({ busy: false, note: errorMessage(shell, err), error: true });
    }
  };
  return (
    <tr>
      <th scope="row">
        {label}
        <br />
        <span className="code-inline hint-inline">{c.code}</span>
      </th>
      <td>{t(`class.${c.resolutionClass}` as StaffKey)}</td>
      <td>
        <div className="dest-cell">
          <label htmlFor={selectId} className="visually-hidden">
            {t('cats.destinationFor', { category: label })}
          </label>
          <select id={selectId} value={value} onChange={(e) => setValue(e.target.value)}>
            {!value && <option value="">{t('cats.none')}</option>}
            {value && !units.some((u) => u.code === value) && <option value={value}>{value}</option>}
            {units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="button" className="button button--small" disabled={state.busy || !value || value === saved} onClick={save} aria-label={t('cats.saveFor', { category: label })}>
            {t('cats.save')}
          </button>
          <span role="status" className={state.error ? 'copy-note copy-note--fail' : 'copy-note'}>
            {state.note ?? ''}
          </span>
        </div>
      </td>
    </tr>
  );
}
