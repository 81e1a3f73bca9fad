// "Lacak aduan": tracking number + access code → the complaint.
import { useRef, useState, type FormEvent } from 'react';
import { Link, navigate, useLocation } from '../app/router';
import { useT } from '../i18n';
import { api, ApiError, normaliseCode } from '../lib/api';
import { rememberAccessCode } from '../lib/access-codes';
import { followedComplaints } from '../lib/followed';
import { useSession } from '../lib/session';
import type { ComplaintView } from '../lib/types';
import { errorMessage } from '../ui/bits';
import { ErrorSummary, TextField, type ErrorItem } from '../ui/fields';
import { Page } from '../ui/Page';

/** Checks the pair with the server, then opens the complaint (or hands it to `onFound`). */
export function TrackForm({ initialTracking = '', onFound }: { initialTracking?: string; onFound?(trackingNumber: string, accessCode: string): void }) {
  const t = useT();
  const { user } = useSession();
  const [tn, setTn] = useState(initialTracking);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ tn?: string; code?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const n = normaliseCode(tn);
    const c = normaliseCode(code);
    const errs: typeof errors = {};
    if (!n) errs.tn = t('track.err.tnRequired');
    else if (!/^[A-Z0-9]{8,12}$/.test(n)) errs.tn = t('track.err.tnFormat');
    if (!c && !user) errs.code = t('track.err.codeRequired');
    setErrors(errs);
    setFailure(undefined);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const v = await api.get<ComplaintView>(`/api/v1/complaints/${encodeURIComponent(n)}`, { accessCode: c || undefined });
      // A published complaint answers anyone; a wrong code then just gives the public view.
      if (c && v.view !== 'reporter' && v.view !== 'staff') {
        setFailure(t('track.notFound'));
        return;
      }
      if (c) rememberAccessCode(n, c);
      if (onFound) onFound(n, c);
      else navigate(`/lacak/${n}`);
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 404 ? t('track.notFound') : errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  };
  const summary: ErrorItem[] = [errors.tn && { id: 'tracking', message: errors.tn }, errors.code && { id: 'accessCode', message: errors.code }].filter(Boolean) as ErrorItem[];
  return (
    <form noValidate onSubmit={onSubmit} className="form form--narrow">
      <ErrorSummary title={t('form.errorSummary')} errors={summary} summaryRef={summaryRef} />
      <TextField
        id="tracking"
        label={t('track.tn')}
        hint={t('track.tnHint')}
        required
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
        className="input-code"
        value={tn}
        error={errors.tn}
        onChange={(e) => setTn(e.target.value)}
      />
      <TextField
        id="accessCode"
        label={t('track.code')}
        hint={user ? t('track.codeHintSignedIn') : t('track.codeHint')}
        required={!user}
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
        className="input-code"
        value={code}
        error={errors.code}
        onChange={(e) => setCode(e.target.value)}
      />
      {failure && (
        <p className="alert alert--error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit" className="button button--large" disabled={busy}>
        {busy ? t('common.loading') : t('track.submit')}
      </button>
    </form>
  );
}

export function TrackPage() {
  const t = useT();
  const { search } = useLocation();
  return (
    <Page title={t('track.title')} lead={t('track.lead')}>
      <TrackForm initialTracking={search.get('nomor') ?? ''} />
      <p className="hint">
        {t('track.lost')} <Link to="/masuk">{t('nav.login')}</Link>
      </p>
      <FollowedList />
    </Page>
  );
}

/** Complaints followed from the report form instead of filing the same again (kept on this device). */
function FollowedList() {
  const t = useT();
  const [items] = useState(followedComplaints);
  if (!items.length) return null;
  return (
    <section aria-labelledby="followed-title">
      <h2 id="followed-title">{t('track.followed')}</h2>
      <ul>
        {items.map((f) => (
          <li key={f.trackingNumber}>
            <Link to={`/lacak/${f.trackingNumber}`}>{f.title}</Link> <span className="input-code">{f.trackingNumber}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
