// Bulk verify-and-route: the admin picks unverified complaints in the inbox and one unit; the
// complaints are verified to it one after another (one API call each), with progress and a result
// per complaint. The server decides each one (a complaint verified meanwhile by someone else is a 409).
import { useRef, useState, type FormEvent } from 'react';
import { Link } from '../app/router';
import { useT } from '../i18n';
import { api, ApiError } from '../lib/api';
import type { ComplaintSummary } from '../lib/types';
import { Alert, errorMessage } from '../ui/bits';
import { ErrorSummary } from '../ui/fields';
import { OrgPicker } from './OrgPicker';
import { useStaffT } from './t';

interface Result {
  c: ComplaintSummary;
  ok: boolean;
  message?: string;
}

interface Run {
  total: number;
  results: Result[];
  running: boolean;
  unitName: string;
}

export function BulkRoute({
  selected,
  selectableCount,
  onSelectAll,
  onClear,
  onFinished,
}: {
  selected: ComplaintSummary[];
  selectableCount: number;
  onSelectAll(): void;
  onClear(): void;
  onFinished(): void;
}) {
  const t = useStaffT();
  const shell = useT();
  const [target, setTarget] = useState('');
  const [targetName, setTargetName] = useState('');
  const [error, setError] = useState<string>();
  const [run, setRun] = useState<Run | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const governments = [...new Set(selected.map((c) => c.organisation.code))];
  const root = governments.length === 1 ? governments[0]! : null;

  if (!selected.length && !run) {
    if (!selectableCount) return null;
    return (
      <div className="bulk bulk--idle">
        <p className="hint">{t('bulk.hint')}</p>
        <button type="button" className="button button--secondary button--small" onClick={onSelectAll}>
          {t('bulk.selectAll', { n: selectableCount })}
        </button>
      </div>
    );
  }

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) {
      setError(t('bulk.err.unit'));
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setError(undefined);
    const items = [...selected];
    const unitName = targetName || target;
    const results: Result[] = [];
    setRun({ total: items.length, results: [], running: true, unitName });
    for (const c of items) {
      try {
        await api.post(`/api/v1/complaints/${encodeURIComponent(c.trackingNumber)}/actions/verify`, { organisationCode: target });
        results.push({ c, ok: true });
      } catch (err) {
        const message =
          err instanceof ApiError && err.status === 409
            ? t('bulk.conflict')
            : err instanceof ApiError && err.status === 400 && err.fields?.organisationCode
              ? t('bulk.badUnit')
              : errorMessage(shell, err);
        results.push({ c, ok: false, message });
      }
      setRun({ total: items.length, results: [...results], running: true, unitName });
    }
    setRun({ total: items.length, results, running: false, unitName });
    setTarget('');
    onFinished();
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  if (run) {
    const ok = run.results.filter((r) => r.ok).length;
    return (
      <section className="bulk" aria-labelledby="bulk-result-title">
        <h2 id="bulk-result-title" tabIndex={-1} ref={resultRef}>
          {run.running ? t('bulk.running') : t('bulk.done')}
        </h2>
        <label htmlFor="bulk-progress" className="visually-hidden">
          {t('bulk.progressLabel')}
        </label>
        <progress id="bulk-progress" max={run.total} value={run.results.length} />
        <p role="status">{run.running ? t('bulk.progress', { done: run.results.length, total: run.total }) : t('bulk.summary', { ok, total: run.total, unit: run.unitName })}</p>
        <ul className="bulk__results">
          {run.results.map((r) => (
            <li key={r.c.trackingNumber} className={r.ok ? 'bulk__ok' : 'bulk__fail'}>
              <span className="bulk__mark">{r.ok ? t('bulk.ok') : t('bulk.fail')}</span>{' '}
              <Link to={`/staf/aduan/${r.c.trackingNumber}`}>{r.c.title}</Link> <span className="code-inline">{r.c.trackingNumber}</span>
              {r.ok ? <span> — {t('bulk.routedTo', { unit: run.unitName })}</span> : <span> — {r.message}</span>}
            </li>
          ))}
        </ul>
        {!run.running && (
          <button type="button" className="button button--secondary button--small" onClick={() => setRun(null)}>
            {t('bulk.close')}
          </button>
        )}
      </section>
    );
  }

  return (
    <form noValidate className="bulk" aria-labelledby="bulk-title" onSubmit={start}>
      <h2 id="bulk-title">{t('bulk.title', { n: selected.length })}</h2>
      <ErrorSummary title={shell('form.errorSummary')} errors={error ? [{ id: 'bulk-unit', message: error }] : []} summaryRef={summaryRef} />
      {root ? (
        <OrgPicker id="bulk-unit" label={t('bulk.unit')} hint={t('bulk.unitHint')} rootCode={root} value={target} onChange={(code, name) => {
            setTarget(code);
            setTargetName(name);
          }} required error={error} />
      ) : (
        <Alert kind="warning" live={false}>
          {t('bulk.mixed')}
        </Alert>
      )}
      <div className="inline-actions">
        <button type="submit" className="button" disabled={!root}>
          {t('bulk.submit', { n: selected.length })}
        </button>
        {selected.length < selectableCount && (
          <button type="button" className="button button--secondary" onClick={onSelectAll}>
            {t('bulk.selectAll', { n: selectableCount })}
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={onClear}>
          {t('bulk.clear')}
        </button>
      </div>
    </form>
  );
}
