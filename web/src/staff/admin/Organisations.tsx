// The organisation tree below the admin's node: browse children, add a unit (under a government)
// or a sub-unit (under a unit) with POST /api/v1/organisations.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from '../../app/router';
import { useT } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import type { Organisation } from '../../lib/types';
import { Alert, errorMessage } from '../../ui/bits';
import { Checkbox, ErrorSummary, TextField, type ErrorItem } from '../../ui/fields';
import type { StaffContext } from '../context';
import { forgetChildren, ROOT_ORG, type OrgTree } from '../data';
import { useStaffT, type StaffKey } from '../t';
import { AdminPage, manages, TableWrap, slugify } from './common';

/** What may be added below a node through the API (units under governments, sub-units under units). */
const CHILD_TYPE: Record<string, 'unit' | 'subunit' | undefined> = {
  province: 'unit',
  regency: 'unit',
  city: 'unit',
  ministry: 'unit',
  oversight: 'unit',
  unit: 'subunit',
  subunit: 'subunit',
};

export function OrganisationsPage() {
  const t = useStaffT();
  return (
    <AdminPage title={t('orgs.title')} lead={t('orgs.lead')}>
      {(ctx, tree, reload) => <OrgBrowser ctx={ctx} tree={tree} reload={reload} />}
    </AdminPage>
  );
}

function OrgBrowser({ ctx, tree, reload }: { ctx: StaffContext; tree: OrgTree; reload(): void }) {
  const t = useStaffT();
  const { search } = useLocation();
  const code = search.get('kode') || ctx.adminOrgs[0] || ROOT_ORG;
  const node = tree.byCode.get(code);
  const [flash, setFlash] = useState<string>();
  if (!node) return <Alert kind="error">{t('orgs.unknown', { code })}</Alert>;
  const chain = tree.chain(code);
  const children = tree.children(code);
  const canManage = manages(ctx, tree, code);
  const childType = CHILD_TYPE[node.type];
  return (
    <>
      <nav aria-label={t('orgs.path')} className="breadcrumb">
        <ol>
          {chain.map((o) => (
            <li key={o.code}>{o.code === code ? <span aria-current="page">{o.name}</span> : <Link to={`/staf/admin/organisasi?kode=${encodeURIComponent(o.code)}`}>{o.name}</Link>}</li>
          ))}
        </ol>
      </nav>
      <dl className="facts">
        <div>
          <dt>{t('orgs.code')}</dt>
          <dd className="code-inline">{node.code}</dd>
        </div>
        <div>
          <dt>{t('orgs.type')}</dt>
          <dd>{t(`orgType.${node.type}` as StaffKey)}</dd>
        </div>
        <div>
          <dt>{t('orgs.timeZone')}</dt>
          <dd>{node.timeZone}</dd>
        </div>
        {node.isAdminUnit && (
          <div>
            <dt>{t('orgs.adminUnit')}</dt>
            <dd>{t('common.yes')}</dd>
          </div>
        )}
      </dl>
      {canManage && (
        <p className="inline-actions">
          <Link to={`/staf/admin/pengguna?kode=${encodeURIComponent(code)}`}>{t('orgs.usersHere')}</Link>
          <Link to={`/staf?unit=${encodeURIComponent(code)}`}>{t('orgs.complaintsHere')}</Link>
        </p>
      )}
      {flash && <Alert kind="success">{flash}</Alert>}
      <section aria-labelledby="children-title" className="section">
        <h2 id="children-title">{t('orgs.children', { n: children.length })}</h2>
        {children.length === 0 ? (
          <p>{t('orgs.noChildren')}</p>
        ) : (
          <TableWrap label={t('orgs.children', { n: children.length })}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('orgs.name')}</th>
                  <th scope="col">{t('orgs.code')}</th>
                  <th scope="col">{t('orgs.type')}</th>
                  <th scope="col">{t('orgs.status')}</th>
                </tr>
              </thead>
              <tbody>
                {children.map((o) => (
                  <tr key={o.code}>
                    <th scope="row">
                      <Link to={`/staf/admin/organisasi?kode=${encodeURIComponent(o.code)}`}>{o.name}</Link>
                      {o.isAdminUnit && <span className="badge badge--disposed badge--inline">{t('orgs.adminUnitBadge')}</span>}
                    </th>
                    <td className="code-inline">{o.code}</td>
                    <td>{t(`orgType.${o.type}` as StaffKey)}</td>
                    <td>{o.active ? t('common.active') : t('common.inactive')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      {canManage && childType && (
        <AddOrgForm
          parent={node}
          type={childType}
          onCreated={(o) => {
            setFlash(t('orgs.created', { name: o.name, code: o.code }));
            forgetChildren(node.code);
            reload();
          }}
        />
      )}
      {canManage && !childType && <p className="hint section">{t('orgs.rootHint')}</p>}
      {!canManage && <p className="hint section">{t('orgs.readOnly')}</p>}
    </>
  );
}

function AddOrgForm({ parent, type, onCreated }: { parent: Organisation; type: 'unit' | 'subunit'; onCreated(o: Organisation): void }) {
  const t = useStaffT();
  const shell = useT();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [isAdminUnit, setIsAdminUnit] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; slug?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const effectiveSlug = slugEdited ? slug : slugify(name);
  const code = `${parent.code}.${effectiveSlug}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (name.trim().length < 2) errs.name = t('orgs.err.name');
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(effectiveSlug)) errs.slug = t('orgs.err.slug');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const o = await api.post<Organisation>('/api/v1/organisations', { code, name: name.trim(), type, parentCode: parent.code, ...(type === 'unit' ? { isAdminUnit } : {}) });
      setName('');
      setSlug('');
      setSlugEdited(false);
      setIsAdminUnit(false);
      onCreated(o);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setErrors({ slug: t('orgs.err.taken', { code }) });
      else if (err instanceof ApiError && err.status === 400 && err.fields && (err.fields.code || err.fields.name)) {
        setErrors({ slug: err.fields.code ? t('orgs.err.slug') : undefined, name: err.fields.name ? t('orgs.err.name') : undefined });
      } else setFailure(errorMessage(shell, err));
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  const summary = [errors.name && { id: 'org-name', message: errors.name }, errors.slug && { id: 'org-slug', message: errors.slug }].filter(Boolean) as ErrorItem[];
  return (
    <form noValidate onSubmit={submit} className="action-form section" aria-labelledby="add-org-title">
      <h2 id="add-org-title">{type === 'unit' ? t('orgs.addUnit', { parent: parent.name }) : t('orgs.addSubunit', { parent: parent.name })}</h2>
      <ErrorSummary title={shell('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
      <TextField id="org-name" label={t('orgs.name')} hint={t('orgs.nameHint')} required value={name} error={errors.name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      <TextField
        id="org-slug"
        label={t('orgs.slug')}
        hint={t('orgs.slugHint', { code })}
        required
        value={effectiveSlug}
        error={errors.slug}
        maxLength={40}
        autoCapitalize="none"
        spellCheck={false}
        onChange={(e) => {
          setSlugEdited(true);
          setSlug(e.target.value.toLowerCase());
        }}
      />
      {type === 'unit' && <Checkbox id="org-admin-unit" label={t('orgs.isAdminUnit')} hint={t('orgs.isAdminUnitHint')} checked={isAdminUnit} onChange={setIsAdminUnit} />}
      {failure && <Alert kind="error">{failure}</Alert>}
      <button type="submit" className="button" disabled={busy}>
        {busy ? shell('common.sending') : type === 'unit' ? t('orgs.submitUnit') : t('orgs.submitSubunit')}
      </button>
    </form>
  );
}

