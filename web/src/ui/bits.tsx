// Small shared pieces: alerts, badges, loading, copy/share buttons, API error messages.
import { useState, type ReactNode } from 'react';
import { ApiError } from '../lib/api';
import { useT, type MessageKey, type T } from '../i18n';
import type { Status } from '../lib/types';

export function Alert({ kind = 'info', title, children, live = true }: { kind?: 'info' | 'success' | 'warning' | 'error'; title?: ReactNode; children?: ReactNode; live?: boolean }) {
  const role = live ? (kind === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={`alert alert--${kind}`} role={role}>
      {title && <p className="alert-title">{title}</p>}
      {children}
    </div>
  );
}

export function StatusBadge({ status }: { status: Status }) {
  const t = useT();
  return <span className={`badge badge--${status}`}>{t(`status.${status}` as MessageKey)}</span>;
}

export function OverdueBadge() {
  const t = useT();
  return <span className="badge badge--overdue">{t('complaint.overdue')}</span>;
}

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

/** The user-facing message for an API failure. */
export function errorMessage(t: T, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.network) return t('error.network');
    if (err.status === 404) return t('error.notFound');
    if (err.status === 401) return t('error.unauthenticated');
    if (err.status === 403) return t('error.forbidden');
    if (err.status === 409) return t('error.conflict');
    if (err.status === 413) return t('error.tooLarge');
    if (err.status === 429) return t('error.tooMany');
    if (err.status === 400 || err.status === 422) return t('error.invalid');
    return t('error.server');
  }
  return t('error.unexpected');
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers and plain-http pages: a hidden textarea and execCommand.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'visually-hidden';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}

export function CopyButton({ text, label, className }: { text: string; label: string; className?: string }) {
  const t = useT();
  const [done, setDone] = useState<null | boolean>(null);
  return (
    <>
      <button type="button" className={className ?? 'button button--secondary'} onClick={async () => setDone(await copyText(text))}>
        {label}
      </button>
      <span className={done === false ? 'copy-note copy-note--fail' : 'copy-note'} role="status">
        {done === true ? t('common.copied') : done === false ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}

/** navigator.share where the device has it, else copy to the clipboard. */
export function ShareButton({ title, text, url }: { title: string; text: string; url?: string }) {
  const t = useT();
  const [note, setNote] = useState('');
  const share = async () => {
    const data = { title, text, url };
    if (typeof navigator.share === 'function' && (!navigator.canShare || navigator.canShare(data))) {
      try {
        await navigator.share(data);
        return;
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
      }
    }
    setNote((await copyText(url ? `${text}\n${url}` : text)) ? t('common.sharedByCopy') : t('common.copyFailed'));
  };
  return (
    <>
      <button type="button" className="button button--secondary" onClick={share}>
        {t('common.share')}
      </button>
      <span className="copy-note" role="status">
        {note}
      </span>
    </>
  );
}
