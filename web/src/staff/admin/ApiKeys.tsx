// Integration API keys of the organisations the admin manages: issue (the key is shown once, with
// a copy button), list, revoke (GET/POST /api/v1/api-keys, DELETE /api/v1/api-keys/{id}).
import { useRef, useState, type FormEvent } from 'react';
import { useFormat, useT } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { useAsync } from '../../lib/use-async';
import { Alert, CopyButton, errorMessage, Loading } from '../../ui/bits';
import { ErrorSummary, TextField, type ErrorItem } from '../../ui/fields';
import type { StaffContext } from '../context';
import type { OrgTree } from '../data';
import { useStaffT, type StaffKey } from '../t';
import { API_KEY_SCOPES, type ApiKey } from '../types';
import { AdminPage, ConfirmButton, managedOf, NodeSelect, TableWrap } from './common';

export function ApiKeysPage() {
  const t = useStaffT();
  return <AdminPage title={t('keys.title')} lead={t('keys.lead')}>{(ctx, tree) => <ApiKeys ctx={ctx} tree={tree} />}</AdminPage>;
}

function ApiKeys({ ctx, tree }: { ctx: StaffContext; tree: OrgTree }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const createdRef = useRef<HTMLHeadingElement>(null);
  const list = useAsync((signal) => api.get<{ items: ApiKey[] }>('/api/v1/api-keys', undefined, signal), [version]);
  const revoke = async (k: ApiKey) => {
    try {
      await api.del(`/api/v1/api-keys/${k.id}`);
      setFlash({ kind: 'success', text: t('keys.revoked', { name: k.name }) });
      setVersion((v) => v + 1);
    } catch (err) {
      setFlash({ kind: 'error', text: errorMessage(shell, err) });
    }
  };
  const status = (k: ApiKey) => (k.revokedAt ? t('keys.status.revoked') : k.active ? t('common.active') : t('keys.status.expired'));
  return (
    <>
      {created && (
        <section className="new-key" aria-labelledby="new-key-title">
          <h2 id="new-key-title" tabIndex={-1} ref={createdRef}>
            {t('keys.createdTitle', { name: created.name })}
          </h2>
          <Alert kind="warning" live={false}>
            {t('keys.onceWarning')}
          </Alert>
          <p className="new-key__key">
            <code data-testid="new-api-key">{created.key}</code>
          </p>
          <p className="inline-actions">
            <CopyButton text={created.key} label={t('keys.copy')} />
          </p>
          <p className="hint">{t('keys.usage')}</p>
          <button type="button" className="button button--secondary" onClick={() => setCreated(null)}>
            {t('keys.hide')}
          </button>
        </section>
      )}
      {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      <section aria-labelledby="keys-list-title" className="section">
        <h2 id="keys-list-title">{t('keys.listTitle')}</h2>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <Alert kind="error">{errorMessage(shell, list.error)}</Alert>
        ) : !list.data?.items.length ? (
          <p>{t('keys.empty')}</p>
        ) : (
          <TableWrap label={t('keys.listTitle')}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('keys.name')}</th>
                  <th scope="col">{t('keys.prefix')}</th>
                  <th scope="col">{t('keys.scopes')}</th>
                  <th scope="col">{t('keys.organisation')}</th>
                  <th scope="col">{t('keys.created')}</th>
                  <th scope="col">{t('keys.expires')}</th>
                  <th scope="col">{t('keys.lastUsed')}</th>
                  <th scope="col">{t('keys.status')}</th>
                  <th scope="col">{t('keys.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{k.scopes.map((s) => t(`keys.scope.${s}` as StaffKey)).join(', ')}</td>
                    <td>{k.organisation.name}</td>
                    <td>{f.date(k.createdAt)}</td>
                    <td>{k.expiresAt ? f.date(k.expiresAt) : t('keys.noExpiry')}</td>
                    <td>{k.lastUsedAt ? f.dateTime(k.lastUsedAt) : t('keys.neverUsed')}</td>
                    <td>{status(k)}</td>
                    <td>{!k.revokedAt && <ConfirmButton label={t('keys.revoke')} confirmLabel={t('keys.revokeYes')} question={t('keys.revokeQ', { name: k.name })} onConfirm={() => void revoke(k)} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <CreateKey
        ctx={ctx}
        tree={tree}
        onCreated={(k) => {
          setCreated(k);
          setFlash(null);
          setVersion((v) => v + 1);
          requestAnimationFrame(() => createdRef.current?.focus());
        }}
      />
    </>
  );
}

function CreateKey({ ctx, tree, onCreated }: { ctx: StaffContext; tree: OrgTree; onCreated(k: ApiKey & { key: string }): void }) {
  const t = useStaffT();
  const shell = useT();
  const nodes = managedOf(ctx, tree).filter((o) => o.type !== 'root');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['submit', 'read']);
  const [org, setOrg] = useState(ctx.adminOrgs[0] ?? nodes[0]?.code ?? '');
  const [expires, setExpires] = useState('');
  const [errors, setErrors] = useState<{ name?: string; scopes?: string; org?: string; expires?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!name.trim()) errs.name = t('keys.err.name');
    if (!scopes.length) errs.scopes = t('keys.err.scopes');
    if (!org) errs.org = t('keys.err.org');
    const expiresAt = expires ? new Date(`${expires}T23:59:59`) : null;
    if (expires && (!expiresAt || Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) errs.expires = t('keys.err.expires');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const k = await api.post<ApiKey & { key: string }>('/api/v1/api-keys', { name: name.trim(), scopes, organisationCode: org, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) });
      setName('');
      setExpires('');
      onCreated(k);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields) {
        const fl = err.fields;
        const mapped = { name: fl.name && t('keys.err.name'), scopes: Object.keys(fl).some((k) => k.startsWith('scopes')) ? t('keys.err.scopes') : undefined, org: fl.organisationCode && t('keys.err.org'), expires: fl.expiresAt && t('keys.err.expires') };
        if (Object.values(mapped).some(Boolean)) setErrors(mapped);
        else setFailure(errorMessage(shell, err));
      } else setFailure(errorMessage(shell, err));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  const summary = [
    errors.name && { id: 'key-name', message: errors.name },
    errors.scopes && { id: 'key-scope-submit', message: errors.scopes },
    errors.org && { id: 'key-org', message: errors.org },
    errors.expires && { id: 'key-expires', message: errors.expires },
  ].filter(Boolean) as ErrorItem[];
  return (
    <form noValidate onSubmit={submit} className="action-form section" aria-labelledby="key-add-title">
      <h2 id="key-add-title">{t('keys.create')}</h2>
      <ErrorSummary title={shell('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
      <TextField id="key-name" label={t('keys.name')} hint={t('keys.nameHint')} required maxLength={100} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
      <fieldset className={errors.scopes ? 'fieldset-plain field--error' : 'fieldset-plain'} aria-describedby={errors.scopes ? 'key-scopes-error' : undefined}>
        <legend>{t('keys.scopes')}</legend>
        {errors.scopes && (
          <p id="key-scopes-error" className="field-error">
            {errors.scopes}
          </p>
        )}
        {API_KEY_SCOPES.map((s) => (
          <div className="check" key={s}>
            <input
              id={`key-scope-${s}`}
              type="checkbox"
              checked={scopes.includes(s)}
              aria-describedby={`key-scope-${s}-hint`}
              onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
            />
            <div>
              <label htmlFor={`key-scope-${s}`}>{t(`keys.scope.${s}` as StaffKey)}</label>
              <p id={`key-scope-${s}-hint`} className="hint">
                {t(`keys.scopeHint.${s}` as StaffKey)}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      <div className="field-row">
        <NodeSelect id="key-org" label={t('keys.organisation')} required nodes={nodes} tree={tree} value={org} error={errors.org} onChange={setOrg} />
        <TextField id="key-expires" type="date" label={t('keys.expires')} hint={t('keys.expiresHint')} value={expires} error={errors.expires} onChange={(e) => setExpires(e.target.value)} />
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? shell('common.sending') : t('keys.createSubmit')}
      </button>
    </form>
  );
}
