// The banner for complaints kept on the phone: waiting to be sent, sent (with their codes, until the
// person has noted them) or refused by the server.
import { useCallback, useEffect, useState } from 'react';
import { Link } from '../app/router';
import { useT } from '../i18n';
import { ApiError } from '../lib/api';
import { listOutbox, onOutboxChange, removeOutbox, type OutboxItem } from '../lib/outbox';
import { errorMessage } from '../ui/bits';
import { Receipt } from './Receipt';

// Items a page is showing itself (the report page right after queueing) are left out of the banner.
const claimed = new Set<string>();
const claimListeners = new Set<() => void>();

export function claimOutboxItem(key: string): () => void {
  claimed.add(key);
  claimListeners.forEach((l) => l());
  return () => {
    claimed.delete(key);
    claimListeners.forEach((l) => l());
  };
}

export function OutboxBanner() {
  const t = useT();
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [, setTick] = useState(0);
  const load = useCallback(() => {
    listOutbox().then(setItems, () => setItems([]));
  }, []);
  useEffect(() => {
    load();
    const off = onOutboxChange(load);
    const rerender = () => setTick((n) => n + 1);
    claimListeners.add(rerender);
    return () => {
      off();
      claimListeners.delete(rerender);
    };
  }, [load]);

  const visible = items.filter((i) => !claimed.has(i.key));
  const pending = visible.filter((i) => i.state === 'pending');
  const sent = visible.filter((i) => i.state === 'sent' && i.receipt);
  const failed = visible.filter((i) => i.state === 'failed');
  if (!pending.length && !sent.length && !failed.length) return null;
  return (
    <div className="outbox" aria-label={t('outbox.region')} role="region">
      {pending.length > 0 && (
        <div className="alert alert--warning" role="status">
          <p className="alert-title">{t('outbox.saved')}</p>
          <p>{pending.length === 1 ? t('outbox.pendingOne', { title: pending[0]!.title }) : t('outbox.pendingMany', { n: pending.length })}</p>
        </div>
      )}
      {sent.map((i) => (
        <div className="alert alert--success" role="status" key={i.key}>
          <p className="alert-title">{t('outbox.sent', { title: i.title })}</p>
          <Receipt receipt={i.receipt!} headingLevel={3} />
          <button type="button" className="button button--secondary" onClick={() => void removeOutbox(i.key)}>
            {t('outbox.noted')}
          </button>
        </div>
      ))}
      {failed.map((i) => (
        <div className="alert alert--error" role="alert" key={i.key}>
          <p className="alert-title">{t('outbox.failed', { title: i.title })}</p>
          <p>{errorMessage(t, new ApiError(i.error?.status ?? 400, i.error?.code ?? 'bad_request', i.error?.message ?? ''))}</p>
          <p>
            <Link to="/lapor">{t('outbox.writeAgain')}</Link>
          </p>
          <button type="button" className="button button--secondary" onClick={() => void removeOutbox(i.key)}>
            {t('outbox.discard')}
          </button>
        </div>
      ))}
    </div>
  );
}
