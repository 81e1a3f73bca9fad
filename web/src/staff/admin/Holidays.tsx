// The working-day calendar: national holidays, cuti bersama and the regional days of a node, per
// year (GET/POST/DELETE /api/v1/calendar/holidays). Organisation admins add regional days; the
// national admin also national days and cuti bersama. Deadlines are counted in working days.
import { useRef, useState, type FormEvent } from 'react';
import { navigate, useLocation } from '../../app/router';
import { useFormat, useT } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { Alert, errorMessage, Loading } from '../../ui/bits';
import { ErrorSummary, TextField, type ErrorItem } from '../../ui/fields';
import type { StaffContext } from '../context';
import type { OrgTree } from '../data';
import { useStaffT, type StaffKey } from '../t';
import type { Holiday } from '../types';
import { AdminPage, ConfirmButton, localDay, managedOf, manages, NodeSelect, TableWrap } from './common';

type Kind = Holiday['kind'];

export function HolidaysPage() {
  const t = useStaffT();
  return <AdminPage title={t('hol.title')} lead={t('hol.lead')}>{(ctx, tree) => <Holidays ctx={ctx} tree={tree} />}</AdminPage>;
}

function Holidays({ ctx, tree }: { ctx: StaffContext; tree: OrgTree }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const loc = useLocation();
  const thisYear = new Date().getFullYear();
  const year = Number(loc.search.get('tahun')) || thisYear;
  const nodes = managedOf(ctx, tree).filter((o) => o.type !== 'root');
  const org = loc.search.get('kode') ?? ctx.adminOrgs[0] ?? '';
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const list = useAsync((signal) => api.get<{ items: Holiday[] }>('/api/v1/calendar/holidays', { year, organisation: org || undefined }, signal), [year, org, version]);
  const go = (y: number, o: string) => navigate(`/staf/admin/hari-libur?tahun=${y}${o ? `&kode=${encodeURIComponent(o)}` : ''}`);
  const remove = async (h: Holiday) => {
    try {
      await api.del(`/api/v1/calendar/holidays/${h.id}`);
      setFlash({ kind: 'success', text: t('hol.removed', { name: h.name }) });
      setVersion((v) => v + 1);
    } catch (err) {
      setFlash({ kind: 'error', text: errorMessage(shell, err) });
    }
  };
  const canRemove = (h: Holiday) => (h.kind === 'regional' ? !!h.organisation && manages(ctx, tree, h.organisation) : ctx.isNational);
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];
  if (!years.includes(year)) years.push(year);
  return (
    <>
      <div className="staff-filters__grid filters">
        <div className="field">
          <label htmlFor="hol-year">{t('hol.year')}</label>
          <select id="hol-year" value={year} onChange={(e) => go(Number(e.target.value), org)}>
            {years.sort().map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <NodeSelect id="hol-org" label={t('hol.org')} hint={t('hol.orgHint')} nodes={nodes} tree={tree} value={org} allowEmpty={t('hol.noOrg')} onChange={(o) => go(year, o)} />
      </div>
      {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      <section aria-labelledby="hol-list-title" className="section">
        <h2 id="hol-list-title">{t('hol.listTitle', { year })}</h2>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <Alert kind="error">{errorMessage(shell, list.error)}</Alert>
        ) : !list.data?.items.length ? (
          <p>{t('hol.empty')}</p>
        ) : (
          <TableWrap label={t('hol.listTitle', { year })}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('hol.date')}</th>
                  <th scope="col">{t('hol.name')}</th>
                  <th scope="col">{t('hol.kind')}</th>
                  <th scope="col">{t('hol.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <time dateTime={h.date}>{f.date(localDay(h.date))}</time>
                    </td>
                    <th scope="row">{h.name}</th>
                    <td>
                      {t(`hol.kind.${h.kind}` as StaffKey)}
                      {h.organisation && <span className="hint-inline"> ({tree.byCode.get(h.organisation)?.name ?? h.organisation})</span>}
                    </td>
                    <td>
                      {canRemove(h) && (
                        <ConfirmButton label={t('hol.remove')} confirmLabel={t('hol.removeYes')} question={t('hol.removeQ', { name: h.name })} onConfirm={() => void remove(h)} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <AddHoliday
        key={`${org}-${year}`}
        ctx={ctx}
        org={org}
        orgName={tree.byCode.get(org)?.name ?? org}
        year={year}
        onAdded={(h) => {
          setFlash({ kind: 'success', text: t('hol.added', { name: h.name }) });
          if (h.date.startsWith(String(year))) setVersion((v) => v + 1);
          else go(Number(h.date.slice(0, 4)), org);
        }}
      />
    </>
  );
}

function AddHoliday({ ctx, org, orgName, year, onAdded }: { ctx: StaffContext; org: string; orgName: string; year: number; onAdded(h: Holiday): void }) {
  const t = useStaffT();
  const shell = useT();
  const kinds: Kind[] = [...(org ? (['regional'] as Kind[]) : []), ...(ctx.isNational ? (['cuti_bersama', 'national'] as Kind[]) : [])];
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>(kinds[0] ?? 'regional');
  const [errors, setErrors] = useState<{ date?: string; name?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  if (!kinds.length) return <p className="hint section">{t('hol.chooseOrg')}</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errs.date = t('hol.err.date');
    if (name.trim().length < 2) errs.name = t('hol.err.name');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const h = await api.post<Holiday>('/api/v1/calendar/holidays', { date, name: name.trim(), kind, ...(kind === 'regional' ? { organisationCode: org } : {}) });
      setDate('');
      setName('');
      onAdded(h);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setErrors({ date: t('hol.err.taken') });
      else if (err instanceof ApiError && err.status === 400 && err.fields?.date) setErrors({ date: t('hol.err.date') });
      else setFailure(errorMessage(shell, err));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  const summary = [errors.date && { id: 'hol-date', message: errors.date }, errors.name && { id: 'hol-name', message: errors.name }].filter(Boolean) as ErrorItem[];
  return (
    <form noValidate onSubmit={submit} className="action-form section" aria-labelledby="hol-add-title">
      <h2 id="hol-add-title">{t('hol.add')}</h2>
      <ErrorSummary title={shell('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
      <div className="field-row">
        <TextField id="hol-date" type="date" label={t('hol.date')} required value={date} error={errors.date} min={`${year - 1}-01-01`} onChange={(e) => setDate(e.target.value)} />
        <TextField id="hol-name" label={t('hol.name')} hint={t('hol.nameHint')} required value={name} error={errors.name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </div>
      <fieldset className="fieldset-plain">
        <legend>{t('hol.kind')}</legend>
        {kinds.map((k) => (
          <div className="check" key={k}>
            <input type="radio" id={`hol-kind-${k}`} name="hol-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            <label htmlFor={`hol-kind-${k}`}>{k === 'regional' ? t('hol.kind.regionalFor', { org: orgName }) : t(`hol.kind.${k}` as StaffKey)}</label>
          </div>
        ))}
      </fieldset>
      {failure && <Alert kind="error">{failure}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? shell('common.sending') : t('hol.addSubmit')}
      </button>
    </form>
  );
}
