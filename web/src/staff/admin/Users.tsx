// Staff accounts of a node (GET /api/v1/users?organisation=): create an account with one role,
// add or remove role grants, deactivate. The server enforces scope (its node and below; national
// roles only by the national admin); the page shows its answers.
import { useRef, useState, type FormEvent } from 'react';
import { navigate, useLocation } from '../../app/router';
import { useFormat, useT, type MessageKey } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import type { Organisation } from '../../lib/types';
import { useAsync } from '../../lib/use-async';
import { Alert, errorMessage, Loading } from '../../ui/bits';
import { ErrorSummary, SelectField, TextField, type ErrorItem } from '../../ui/fields';
import type { StaffContext } from '../context';
import { ROOT_ORG, type OrgTree } from '../data';
import { useStaffT } from '../t';
import { STAFF_ROLES, type AdminUser, type StaffRole, type UserList } from '../types';
import { AdminPage, ConfirmButton, managedOf, NodeSelect } from './common';

const NATIONAL_ROLES: StaffRole[] = ['national_admin', 'oversight'];

export function UsersPage() {
  const t = useStaffT();
  return <AdminPage title={t('users.title')} lead={t('users.lead')}>{(ctx, tree) => <Users ctx={ctx} tree={tree} />}</AdminPage>;
}

function Users({ ctx, tree }: { ctx: StaffContext; tree: OrgTree }) {
  const t = useStaffT();
  const shell = useT();
  const { user } = useSession();
  const loc = useLocation();
  const nodes = managedOf(ctx, tree);
  const code = loc.search.get('kode') || ctx.adminOrgs[0] || ROOT_ORG;
  const q = loc.search.get('q') ?? '';
  const [qInput, setQInput] = useState(q);
  const [version, setVersion] = useState(0);
  const [flash, setFlash] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const list = useAsync((signal) => api.get<UserList>('/api/v1/users', { organisation: code, q: q || undefined }, signal), [code, q, version]);
  const go = (c: string, query: string) => {
    const s = new URLSearchParams();
    s.set('kode', c);
    if (query.trim()) s.set('q', query.trim());
    navigate(`/staf/admin/pengguna?${s}`);
  };
  const changed = (text: string, kind: 'success' | 'error' = 'success') => {
    setFlash({ kind, text });
    setVersion((v) => v + 1);
  };
  return (
    <>
      <form
        role="search"
        aria-label={t('users.search')}
        className="filters staff-filters"
        onSubmit={(e) => {
          e.preventDefault();
          go(code, qInput);
        }}
      >
        <div className="staff-filters__grid">
          <NodeSelect id="users-node" label={t('users.node')} nodes={nodes} tree={tree} value={code} onChange={(c) => go(c, qInput)} />
          <TextField id="users-q" type="search" label={t('users.q')} markOptional={false} value={qInput} onChange={(e) => setQInput(e.target.value)} />
        </div>
        <button type="submit" className="button">
          {t('users.searchSubmit')}
        </button>
      </form>
      {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      <section aria-labelledby="users-list-title" className="section">
        <h2 id="users-list-title">{list.data ? t('users.listTitle', { name: list.data.organisation.name, n: list.data.items.length }) : t('users.listTitleShort')}</h2>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <Alert kind="error">{errorMessage(shell, list.error)}</Alert>
        ) : !list.data?.items.length ? (
          <p>{t('users.empty')}</p>
        ) : (
          <ul className="user-list">
            {list.data.items.map((u) => (
              <UserCard key={u.username} u={u} self={u.username === user?.username} ctx={ctx} tree={tree} nodes={nodes} defaultOrg={code} onChanged={changed} />
            ))}
          </ul>
        )}
        {list.data?.truncated && <p className="hint">{t('users.truncated')}</p>}
      </section>
      <CreateUser key={code} ctx={ctx} tree={tree} nodes={nodes} defaultOrg={code} onCreated={(u) => changed(t('users.created', { username: u.username }))} />
    </>
  );
}

function RoleOptions({ ctx }: { ctx: StaffContext }) {
  const shell = useT();
  return (
    <>
      {STAFF_ROLES.filter((r) => ctx.isNational || !NATIONAL_ROLES.includes(r)).map((r) => (
        <option key={r} value={r}>
          {shell(`role.${r}` as MessageKey)}
        </option>
      ))}
    </>
  );
}

function UserCard({
  u,
  self,
  ctx,
  tree,
  nodes,
  defaultOrg,
  onChanged,
}: {
  u: AdminUser;
  self: boolean;
  ctx: StaffContext;
  tree: OrgTree;
  nodes: Organisation[];
  defaultOrg: string;
  onChanged(text: string, kind?: 'success' | 'error'): void;
}) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [role, setRole] = useState<StaffRole>('liaison');
  const [org, setOrg] = useState(defaultOrg);
  const call = async (path: string, body: unknown, ok: string) => {
    setBusy(true);
    try {
      await api.post(`/api/v1/users/${encodeURIComponent(u.username)}/${path}`, body);
      onChanged(ok);
    } catch (err) {
      onChanged(err instanceof ApiError && err.status === 409 ? t('users.roleExists') : errorMessage(shell, err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const titleId = `user-${u.username.replace(/[^a-z0-9]/g, '-')}`;
  return (
    <li className="user-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="user-card__name">
        {u.displayName} <span className="code-inline user-card__username">{u.username}</span>
      </h3>
      <p className="badges">
        <span className={u.active ? 'badge badge--closed' : 'badge badge--rejected'}>{u.active ? t('common.active') : t('common.inactive')}</span>
        {self && <span className="badge badge--muted">{t('users.you')}</span>}
      </p>
      <p className="complaint-card__meta">
        {u.email && <span>{u.email}</span>}
        {u.phone && <span>{u.phone}</span>}
        <span>{u.lastLoginAt ? t('users.lastLogin', { when: f.dateTime(u.lastLoginAt) }) : t('users.neverLoggedIn')}</span>
      </p>
      <h4 className="user-card__sub">{t('users.roles')}</h4>
      <ul className="role-list">
        {u.roles.map((r) => (
          <li key={`${r.role}-${r.organisation?.code}`}>
            <span>
              {shell(`role.${r.role}` as MessageKey)}
              {r.organisation && <> · {r.organisation.name}</>}
            </span>
            {!self && r.organisation && u.active && (
              <ConfirmButton
                label={t('users.removeRole')}
                confirmLabel={t('users.removeRoleYes')}
                question={t('users.removeRoleQ', { role: shell(`role.${r.role}` as MessageKey), org: r.organisation.name })}
                busy={busy}
                onConfirm={() => void call('roles', { action: 'remove', role: r.role, organisationCode: r.organisation!.code }, t('users.roleRemoved', { username: u.username }))}
              />
            )}
          </li>
        ))}
      </ul>
      {u.otherRoles > 0 && <p className="hint">{t('users.otherRoles', { n: u.otherRoles })}</p>}
      {!self && u.active && (
        <>
          <details className="user-card__more">
            <summary>{t('users.addRole')}</summary>
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void call('roles', { action: 'add', role, organisationCode: org }, t('users.roleAdded', { username: u.username }));
              }}
            >
              <div className="field-row">
                <SelectField id={`${titleId}-role`} label={t('users.role')} required value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
                  <RoleOptions ctx={ctx} />
                </SelectField>
                <NodeSelect id={`${titleId}-org`} label={t('users.organisation')} required nodes={nodes} tree={tree} value={org} onChange={setOrg} />
              </div>
              <button type="submit" className="button button--small" disabled={busy}>
                {t('users.addRoleSubmit')}
              </button>
            </form>
          </details>
          <div className="inline-actions">
            <ConfirmButton
              label={t('users.deactivate')}
              confirmLabel={t('users.deactivateYes')}
              question={t('users.deactivateQ', { name: u.displayName })}
              busy={busy}
              onConfirm={() => void call('deactivate', undefined, t('users.deactivated', { username: u.username }))}
            />
          </div>
        </>
      )}
    </li>
  );
}

type NewUserField = 'username' | 'displayName' | 'password' | 'email' | 'phone' | 'role' | 'organisationCode';

function CreateUser({ ctx, tree, nodes, defaultOrg, onCreated }: { ctx: StaffContext; tree: OrgTree; nodes: Organisation[]; defaultOrg: string; onCreated(u: AdminUser): void }) {
  const t = useStaffT();
  const shell = useT();
  const empty = { username: '', displayName: '', password: '', email: '', phone: '', role: 'liaison', organisationCode: defaultOrg };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<Partial<Record<NewUserField, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const set = (k: NewUserField) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<NewUserField, string>> = {};
    const username = v.username.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username)) errs.username = t('users.err.username');
    if (!v.displayName.trim()) errs.displayName = t('users.err.displayName');
    if (v.password.length < 10) errs.password = t('users.err.password');
    if (v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) errs.email = t('users.err.email');
    if (v.phone.trim() && !/^\+?[0-9][0-9 -]{6,18}$/.test(v.phone.trim())) errs.phone = t('users.err.phone');
    if (!v.organisationCode) errs.organisationCode = t('users.err.organisation');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const body = {
        username,
        displayName: v.displayName.trim(),
        password: v.password,
        role: v.role,
        organisationCode: v.organisationCode,
        ...(v.email.trim() ? { email: v.email.trim() } : {}),
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
      };
      const u = await api.post<AdminUser>('/api/v1/users', body);
      setV(empty);
      onCreated(u);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setErrors({ username: t('users.err.taken') });
      else if (err instanceof ApiError && err.status === 400 && err.fields) {
        const mapped: Partial<Record<NewUserField, string>> = {};
        for (const k of Object.keys(err.fields)) {
          const f = k as NewUserField;
          if (['username', 'displayName', 'password', 'email', 'phone', 'role', 'organisationCode'].includes(f)) mapped[f] = t(`users.err.${f === 'organisationCode' ? 'organisation' : f}` as 'users.err.username');
        }
        if (Object.keys(mapped).length) setErrors(mapped);
        else setFailure(errorMessage(shell, err));
      } else setFailure(errorMessage(shell, err));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  const ids: Record<NewUserField, string> = { username: 'nu-username', displayName: 'nu-name', password: 'nu-password', email: 'nu-email', phone: 'nu-phone', role: 'nu-role', organisationCode: 'nu-org' };
  const summary: ErrorItem[] = (Object.entries(errors) as [NewUserField, string][]).filter(([, m]) => m).map(([k, message]) => ({ id: ids[k], message }));
  return (
    <form noValidate onSubmit={submit} className="action-form section" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('users.create')}</h2>
      <ErrorSummary title={shell('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
      <div className="field-row">
        <TextField id="nu-username" label={t('users.username')} hint={t('users.usernameHint')} required autoComplete="off" autoCapitalize="none" spellCheck={false} value={v.username} error={errors.username} onChange={set('username')} />
        <TextField id="nu-name" label={t('users.displayName')} required value={v.displayName} error={errors.displayName} maxLength={120} onChange={set('displayName')} />
      </div>
      <TextField id="nu-password" type="password" label={t('users.password')} hint={t('users.passwordHint')} required autoComplete="new-password" value={v.password} error={errors.password} onChange={set('password')} />
      <div className="field-row">
        <TextField id="nu-email" type="email" label={t('users.email')} value={v.email} error={errors.email} onChange={set('email')} />
        <TextField id="nu-phone" type="tel" label={t('users.phone')} value={v.phone} error={errors.phone} onChange={set('phone')} />
      </div>
      <div className="field-row">
        <SelectField id="nu-role" label={t('users.role')} required value={v.role} error={errors.role} onChange={set('role')}>
          <RoleOptions ctx={ctx} />
        </SelectField>
        <NodeSelect id="nu-org" label={t('users.organisation')} required nodes={nodes} tree={tree} value={v.organisationCode} error={errors.organisationCode} onChange={(c) => setV({ ...v, organisationCode: c })} />
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? shell('common.sending') : t('users.createSubmit')}
      </button>
    </form>
  );
}
