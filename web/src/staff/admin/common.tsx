// Pieces the admin console pages share: the guard, the section navigation, the organisation tree
// and the nodes an admin manages, a node picker, scrollable tables and inline confirmation.
import { useState, type ReactNode } from 'react';
import { Link } from '../../app/router';
import { useT } from '../../i18n';
import { useSession } from '../../lib/session';
import type { Organisation } from '../../lib/types';
import { useAsync } from '../../lib/use-async';
import { Alert, errorMessage, Loading } from '../../ui/bits';
import { SelectField } from '../../ui/fields';
import { Page } from '../../ui/Page';
import { staffContext, type StaffContext } from '../context';
import { managedNodes, orgTree, type OrgTree } from '../data';
import { useStaffT, type StaffKey } from '../t';

export const ADMIN_SECTIONS = [
  ['organisasi', 'admin.orgs'],
  ['pengguna', 'admin.users'],
  ['kategori', 'admin.categories'],
  ['hari-libur', 'admin.holidays'],
  ['kunci-api', 'admin.apiKeys'],
  ['sms', 'admin.sms'],
  ['antrean-spam', 'admin.spam'],
  ['daftar-blokir', 'admin.blocklist'],
] as const satisfies readonly (readonly [string, StaffKey])[];

export function AdminNav() {
  const t = useStaffT();
  return (
    <nav aria-label={t('admin.nav')} className="subnav subnav--admin">
      <ul>
        <li>
          <Link to="/staf/admin">{t('admin.home')}</Link>
        </li>
        {ADMIN_SECTIONS.map(([slug, key]) => (
          <li key={slug}>
            <Link to={`/staf/admin/${slug}`}>{t(key)}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Admin pages: only for organisation admins and the national admin (the server checks each call too). */
export function AdminPage({ title, lead, children }: { title: string; lead?: ReactNode; children(ctx: StaffContext, tree: OrgTree, reloadTree: () => void): ReactNode }) {
  const t = useStaffT();
  const shell = useT();
  const { user } = useSession();
  const ctx = staffContext(user);
  const [fresh, setFresh] = useState(0);
  const tree = useAsync(() => orgTree(fresh > 0), [fresh]);
  if (!ctx.isAdmin) {
    return (
      <Page title={title}>
        <Alert kind="info">{t('admin.onlyAdmins')}</Alert>
      </Page>
    );
  }
  return (
    <Page title={title} lead={lead}>
      <AdminNav />
      {tree.loading && !tree.data ? <Loading /> : tree.error || !tree.data ? <Alert kind="error">{errorMessage(shell, tree.error)}</Alert> : children(ctx, tree.data, () => setFresh((n) => n + 1))}
    </Page>
  );
}

export const managedOf = (ctx: StaffContext, tree: OrgTree) => managedNodes(tree, ctx.adminOrgs, ctx.isNational);

/** Is `code` at or below one of the admin's nodes? Presentation only; the server decides. */
export function manages(ctx: StaffContext, tree: OrgTree, code: string): boolean {
  if (ctx.isNational) return true;
  return tree.chain(code).some((o) => ctx.adminOrgs.includes(o.code));
}

/** A select of organisations, indented by depth below the first one's level. */
export function NodeSelect({
  id,
  label,
  nodes,
  tree,
  value,
  onChange,
  error,
  hint,
  required,
  allowEmpty,
}: {
  id: string;
  label: string;
  nodes: Organisation[];
  tree: OrgTree;
  value: string;
  onChange(code: string): void;
  error?: string | null;
  hint?: string;
  required?: boolean;
  allowEmpty?: string;
}) {
  const base = Math.min(...nodes.map((n) => tree.chain(n.code).length));
  return (
    <SelectField id={id} label={label} hint={hint} error={error} required={required} markOptional={!required && !!allowEmpty} value={value} onChange={(e) => onChange(e.target.value)}>
      {allowEmpty !== undefined && <option value="">{allowEmpty}</option>}
      {nodes.map((n) => (
        <option key={n.code} value={n.code}>
          {`${'\u00a0\u00a0'.repeat(Math.max(0, tree.chain(n.code).length - base))}${n.name} (${n.code})`}
        </option>
      ))}
    </SelectField>
  );
}

/** A table that scrolls sideways inside itself on a phone, reachable by keyboard. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  const t = useStaffT();
  return (
    <div className="table-wrap" role="region" aria-label={t('table.label', { title: label })} tabIndex={0}>
      {children}
    </div>
  );
}

/** A destructive button that asks once more inline ("Sure? Yes / No"). */
export function ConfirmButton({ label, confirmLabel, question, onConfirm, busy }: { label: string; confirmLabel: string; question: string; onConfirm(): void; busy?: boolean }) {
  const t = useStaffT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button--secondary button--small" onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm__q">{question}</span>{' '}
      <button
        type="button"
        className="button button--danger button--small"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" className="button button--secondary button--small" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}

/** "Kabupaten Buleleng" → "buleleng"-style slugs for codes. */
export function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** Local date (YYYY-MM-DD) as a Date at local midnight, for formatting a calendar day. */
export const localDay = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, day);
};
