// One form per workflow action the API lists in `abilities` (never decided here). Reasons are
// required where the lifecycle requires them (return, reject, hold, archive, reopen), routing
// actions pick a unit, respond takes a message and the "final" flag, obstacle a message. Server
// errors: 409 → the caller reloads the complaint; 400 fields → shown on the fields.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLang, useT } from '../i18n';
import { api, ApiError } from '../lib/api';
import type { Action } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage } from '../ui/bits';
import { Checkbox, ErrorSummary, SelectField, TextArea, type ErrorItem } from '../ui/fields';
import { categories } from './data';
import { OrgPicker } from './OrgPicker';
import { useStaffT, type StaffKey } from './t';
import type { RoutingPreset, StaffComplaintView } from './types';

/** The actions this workspace has a form for, in the order buttons are shown. */
export const STAFF_ACTIONS: Action[] = ['verify', 'accept', 'respond', 'assign', 'forward', 'return', 'obstacle', 'hold', 'resume', 'reject', 'close', 'escalate', 'archive', 'reopen'];

const REASON: Action[] = ['return', 'reject', 'hold', 'archive', 'reopen'];
const ORG: Action[] = ['verify', 'forward', 'assign'];
const MESSAGE: Action[] = ['respond', 'obstacle'];
const NOTE: Action[] = ['forward', 'close', 'escalate'];

type Field = 'organisationCode' | 'categoryCode' | 'reason' | 'message' | 'note';

export interface ActionResult {
  view?: string;
  status?: string;
}

export function ActionForm({
  action,
  v,
  onDone,
  onConflict,
  onCancel,
  preset,
}: {
  action: Action;
  v: StaffComplaintView;
  /** Filled in from a routing suggestion (TriagePanel); the admin can still change it. */
  preset?: RoutingPreset;
  onDone(result: ActionResult, message: string): void;
  onConflict(): void;
  onCancel(): void;
}) {
  const t = useStaffT();
  const shell = useT();
  const { lang } = useLang();
  const [org, setOrg] = useState(preset?.organisationCode ?? '');
  const [orgName, setOrgName] = useState(preset?.organisationName ?? '');
  const [categoryCode, setCategoryCode] = useState((action === 'verify' && preset?.categoryCode) || v.category?.code || '');
  const [confidential, setConfidential] = useState(v.confidential);
  const [anonymous, setAnonymous] = useState(v.anonymous);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [note, setNote] = useState('');
  const [final, setFinal] = useState(true);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = (f: Field) => `${action}-${f}`;

  useEffect(() => headingRef.current?.focus(), []);

  // Verification: the category list of the complaint's government, with each one's default unit there.
  const cats = useAsync(() => (action === 'verify' ? categories(v.government.code) : Promise.resolve([])), [action, v.government.code]);
  const suggestion = (() => {
    if (action !== 'verify') return null;
    const s = v.suggestedOrganisation;
    if (s && s.startsWith(`${v.government.code}.`)) return s;
    const cat = cats.data?.find((c) => c.code === (categoryCode || v.category?.code));
    return cat?.defaultDestination ?? null;
  })();
  useEffect(() => {
    if (suggestion && !org) setOrg(suggestion);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggestion]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Field, string>> = {};
    if (ORG.includes(action) && !org) errs.organisationCode = t(action === 'assign' ? 'form.err.subunit' : 'form.err.unit');
    if (REASON.includes(action) && !reason.trim()) errs.reason = t('form.err.reason');
    if (MESSAGE.includes(action) && !message.trim()) errs.message = t(action === 'obstacle' ? 'form.err.obstacle' : 'form.err.message');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const body: Record<string, unknown> = {};
    if (ORG.includes(action)) body.organisationCode = org;
    if (action === 'verify') {
      if (categoryCode && categoryCode !== v.category?.code) body.categoryCode = categoryCode;
      body.confidential = confidential;
      body.anonymous = anonymous;
    }
    if (REASON.includes(action)) body.reason = reason.trim();
    if (MESSAGE.includes(action)) body.message = message.trim();
    if (action === 'respond') body.final = final;
    if (NOTE.includes(action) && note.trim()) body.note = note.trim();
    setBusy(true);
    try {
      const r = await api.post<ActionResult>(`/api/v1/complaints/${encodeURIComponent(v.trackingNumber)}/actions/${action}`, body);
      onDone(r, t(`done.${action}` as StaffKey, { unit: orgName || org }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        onConflict();
        return;
      }
      if (err instanceof ApiError && err.status === 400 && err.fields) {
        const mapped: Partial<Record<Field, string>> = {};
        for (const [k, msg] of Object.entries(err.fields)) {
          const f = (['organisationCode', 'categoryCode', 'reason', 'message', 'note'] as Field[]).find((x) => k === x);
          if (f) mapped[f] = t('form.err.server', { message: msg });
        }
        if (Object.keys(mapped).length) {
          setErrors(mapped);
          requestAnimationFrame(() => summaryRef.current?.focus());
          return;
        }
      }
      setFailure(errorMessage(shell, err));
    } finally {
      setBusy(false);
    }
  };

  const summary: ErrorItem[] = (Object.entries(errors) as [Field, string][]).map(([f, message]) => ({ id: id(f), message }));
  const catName = (c: { nameId: string; nameEn: string }) => (lang === 'en' ? c.nameEn : c.nameId);

  return (
    <form noValidate onSubmit={submit} className="action-form" id={`form-${action}`} aria-labelledby={`form-${action}-title`}>
      <h3 id={`form-${action}-title`} tabIndex={-1} ref={headingRef}>
        {t(`act.${action}` as StaffKey)}
      </h3>
      <p className="hint">{t(`help.${action}` as StaffKey)}</p>
      <ErrorSummary title={shell('form.errorSummary')} errors={summary} summaryRef={summaryRef} />

      {action === 'verify' && (
        <>
          <OrgPicker
            id={id('organisationCode')}
            label={t('form.unit')}
            hint={preset?.organisationCode ? t('form.unitFromTriage') : suggestion ? t('form.unitSuggested') : t('form.unitHint')}
            rootCode={v.government.code}
            value={org}
            onChange={(c, n) => {
              setOrg(c);
              setOrgName(n);
            }}
            required
            error={errors.organisationCode}
          />
          <SelectField id={id('categoryCode')} label={t('form.category')} value={categoryCode} error={errors.categoryCode} onChange={(e) => setCategoryCode(e.target.value)}>
            <option value="">{t('form.category.none')}</option>
            {(cats.data ?? [])
              .filter((c) => c.parentCode === null)
              .map((g) => (
                <optgroup key={g.code} label={catName(g)}>
                  {(cats.data ?? [])
                    .filter((c) => c.parentCode === g.code)
                    .map((c) => (
                      <option key={c.code} value={c.code}>
                        {catName(c)}
                      </option>
                    ))}
                </optgroup>
              ))}
          </SelectField>
          <fieldset className="fieldset-plain">
            <legend>{t('form.privacy')}</legend>
            <Checkbox id={`${action}-confidential`} label={t('form.confidential')} hint={t('form.confidentialHint')} checked={confidential} onChange={setConfidential} />
            <Checkbox id={`${action}-anonymous`} label={t('form.anonymous')} hint={t('form.anonymousHint')} checked={anonymous} onChange={setAnonymous} />
          </fieldset>
        </>
      )}
      {action === 'forward' && (
        <OrgPicker
          id={id('organisationCode')}
          label={t('form.unit')}
          hint={t('form.forwardHint')}
          rootCode={v.government.code}
          value={org}
          exclude={v.status === 'returned' ? [] : [v.organisation.code]}
          onChange={(c, n) => {
            setOrg(c);
            setOrgName(n);
          }}
          required
          error={errors.organisationCode}
        />
      )}
      {action === 'assign' && (
        <OrgPicker
          id={id('organisationCode')}
          label={t('form.subunit')}
          rootCode={v.organisation.code}
          value={org}
          emptyText={t('form.noSubunits')}
          onChange={(c, n) => {
            setOrg(c);
            setOrgName(n);
          }}
          required
          error={errors.organisationCode}
        />
      )}
      {REASON.includes(action) && (
        <TextArea
          id={id('reason')}
          label={t(`form.reason.${action}` as StaffKey)}
          hint={t(`form.reasonHint.${action}` as StaffKey)}
          required
          rows={4}
          maxLength={5000}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
      )}
      {MESSAGE.includes(action) && (
        <TextArea
          id={id('message')}
          label={t(action === 'obstacle' ? 'form.obstacle' : 'form.message')}
          hint={t(action === 'obstacle' ? 'form.obstacleHint' : 'form.messageHint')}
          required
          rows={6}
          maxLength={10000}
          value={message}
          error={errors.message}
          onChange={(e) => setMessage(e.target.value)}
        />
      )}
      {action === 'respond' && <Checkbox id="respond-final" label={t('form.final')} hint={t('form.finalHint')} checked={final} onChange={setFinal} />}
      {NOTE.includes(action) && (
        <TextArea id={id('note')} label={t('form.note')} rows={3} maxLength={5000} value={note} error={errors.note} onChange={(e) => setNote(e.target.value)} />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="inline-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? shell('common.sending') : t(`submit.${action}` as StaffKey)}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
