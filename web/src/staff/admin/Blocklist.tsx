// The block list (docs/triage.md): phone numbers and email addresses whose complaints go straight to
// the spam queue (never refused or deleted), per organisation in the admin's scope.
// GET/POST /api/v1/blocklist, DELETE /api/v1/blocklist/{id}.
import { useRef, useState, type FormEvent } from 'react';
import { useFormat, useT } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { Alert, errorMessage, Loading } from '../../ui/bits';
import { ErrorSummary, SelectField, TextArea, TextField, type ErrorItem } from '../../ui/fields';
import type { StaffContext } from '../context';
import type { OrgTree } from '../data';
import { useStaffT } from '../t';
import { AdminPage, ConfirmButton, managedOf, NodeSelect, TableWrap } from './common';

interface BlockEntry {
  id: number;
  kind: 'phone' | 'email';
  value: string;
  organisation: { code: string; name: string };
  reason: string | null;
  createdAt: string;
}

export function BlocklistPage() {
  const t = useStaffT();
  return <AdminPage title={t('block.title')} lead={t('block.lead')}>{(ctx, tree) => <Blocklist ctx={ctx} tree={tree} />}</AdminPage>;
}

function Blocklist({ ctx, tree }: { ctx: StaffContext; tree: OrgTree }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const list = useAsync((signal) => api.get<{ items: BlockEntry[] }>('/api/v1/blocklist', undefined, signal), [version]);
  const remove = async (b: BlockEntry) => {
    try {
      await api.del(`/api/v1/blocklist/${b.id}`);
      setFlash({ kind: 'success', text: t('block.removed', { value: b.value }) });
      setVersion((v) => v + 1);
    } catch (err) {
      setFlash({ kind: 'error', text: errorMessage(shell, err) });
    }
  };
  return (
    <>
      {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      <section aria-labelledby="block-list-title" className="section">
        <h2 id="block-list-title">{t('block.listTitle')}</h2>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <Alert kind="error">{errorMessage(shell, list.error)}</Alert>
        ) : !list.data?.items.length ? (
          <p>{t('block.empty')}</p>
        ) : (
          <TableWrap label={t('block.listTitle')}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('block.value')}</th>
                  <th scope="col">{t('block.kind')}</th>
                  <th scope="col">{t('block.organisation')}</th>
                  <th scope="col">{t('block.reason')}</th>
                  <th scope="col">{t('block.added')}</th>
                  <th scope="col">{t('block.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">
                      <code>{b.value}</code>
                    </th>
                    <td>{b.kind === 'phone' ? t('block.kind.phone') : t('block.kind.email')}</td>
                    <td>{b.organisation.name}</td>
                    <td>{b.reason ?? '–'}</td>
                    <td>{f.date(b.createdAt)}</td>
                    <td>
                      <ConfirmButton label={t('block.remove')} confirmLabel={t('block.removeYes')} question={t('block.removeQ', { value: b.value })} onConfirm={() => void remove(b)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <AddBlock
        ctx={ctx}
        tree={tree}
        onAdded={(b) => {
          setFlash({ kind: 'success', text: t('block.added.done', { value: b.value }) });
          setVersion((v) => v + 1);
        }}
      />
    </>
  );
}

function AddBlock({ ctx, tree, onAdded }: { ctx: StaffContext; tree: OrgTree; onAdded(b: BlockEntry): void }) {
  const t = useStaffT();
  const shell = useT();
  const nodes = managedOf(ctx, tree).filter((o) => o.type !== 'root');
  const [kind, setKind] = useState<'phone' | 'email'>('phone');
  const [value, setValue] = useState('');
  const [org, setOrg] = useState(ctx.adminOrgs[0] ?? nodes[0]?.code ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ value?: string; org?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    const errs: typeof errors = {};
    if (kind === 'phone' && !/^\+?[0-9][0-9 .-]{6,18}$/.test(v)) errs.value = t('block.err.phone');
    if (kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(v)) errs.value = t('block.err.email');
    if (!org) errs.org = t('block.err.org');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const b = await api.post<BlockEntry>('/api/v1/blocklist', { kind, value: v, organisationCode: org, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setValue('');
      setReason('');
      onAdded(b);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields && (err.fields.value || err.fields.organisationCode)) {
        setErrors({ value: err.fields.value && t('form.err.server', { message: err.fields.value }), org: err.fields.organisationCode && t('form.err.server', { message: err.fields.organisationCode }) });
        requestAnimationFrame(() => summaryRef.current?.focus());
      } else setFailure(errorMessage(shell, err));
    } finally {
      setBusy(false);
    }
  };
  const summary = [errors.value && { id: 'block-value', message: errors.value }, errors.org && { id: 'block-org', message: errors.org }].filter(Boolean) as ErrorItem[];
  return (
    <form noValidate onSubmit={submit} className="action-form section" aria-labelledby="block-add-title">
      <h2 id="block-add-title">{t('block.add')}</h2>
      <p className="hint">{t('block.addHint')}</p>
      <ErrorSummary title={shell('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
      <div className="field-row">
        <SelectField id="block-kind" label={t('block.kind')} required value={kind} onChange={(e) => setKind(e.target.value === 'email' ? 'email' : 'phone')}>
          <option value="phone">{t('block.kind.phone')}</option>
          <option value="email">{t('block.kind.email')}</option>
        </SelectField>
        <TextField
          id="block-value"
          type={kind === 'email' ? 'email' : 'tel'}
          label={kind === 'email' ? t('block.kind.email') : t('block.kind.phone')}
          required
          maxLength={200}
          autoComplete="off"
          value={value}
          error={errors.value}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <NodeSelect id="block-org" label={t('block.organisation')} hint={t('block.orgHint')} required nodes={nodes} tree={tree} value={org} error={errors.org} onChange={setOrg} />
      <TextArea id="block-reason" label={t('block.reason')} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      {failure && <Alert kind="error">{failure}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? shell('common.sending') : t('block.addSubmit')}
      </button>
    </form>
  );
}
