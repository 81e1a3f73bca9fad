// The tracking number and access code, big, with copy and share, and the warning to keep the code.
import { useEffect, useRef } from 'react';
import { Link } from '../app/router';
import { useFormat, useT } from '../i18n';
import { rememberAccessCode } from '../lib/access-codes';
import type { SubmitReceipt } from '../lib/types';
import { CopyButton, ShareButton } from '../ui/bits';

export function Receipt({ receipt, headingLevel = 2, focus = false }: { receipt: SubmitReceipt; headingLevel?: 2 | 3; focus?: boolean }) {
  const t = useT();
  const f = useFormat();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    rememberAccessCode(receipt.trackingNumber, receipt.accessCode);
    if (focus) ref.current?.focus();
  }, [receipt, focus]);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const trackUrl = `${location.origin}/lacak`;
  const both = t('receipt.shareText', { tn: receipt.trackingNumber, code: receipt.accessCode });
  return (
    <section className="receipt" aria-labelledby={`receipt-${receipt.trackingNumber}`}>
      <H id={`receipt-${receipt.trackingNumber}`} ref={ref} tabIndex={-1}>
        {t('receipt.title')}
      </H>
      <dl className="receipt__codes">
        <div>
          <dt>{t('receipt.trackingNumber')}</dt>
          <dd className="code" data-testid="tracking-number">
            {receipt.trackingNumber}
          </dd>
          <dd>
            <CopyButton text={receipt.trackingNumber} label={t('receipt.copyTracking')} />
          </dd>
        </div>
        <div>
          <dt>{t('receipt.accessCode')}</dt>
          <dd className="code" data-testid="access-code">
            {receipt.accessCode}
          </dd>
          <dd>
            <CopyButton text={receipt.accessCode} label={t('receipt.copyCode')} />
          </dd>
        </div>
      </dl>
      <div className="alert alert--warning">
        <p className="alert-title">{t('receipt.keepTitle')}</p>
        <p>{t('receipt.keepText')}</p>
      </div>
      <div className="inline-actions">
        <CopyButton text={both} label={t('receipt.copyBoth')} />
        <ShareButton title={t('receipt.shareTitle')} text={both} url={trackUrl} />
      </div>
      {receipt.dueAt && <p>{t('receipt.due', { date: f.date(receipt.dueAt), org: receipt.government?.name ?? t('receipt.admin') })}</p>}
      <p>
        <Link to={`/lacak/${receipt.trackingNumber}`} className="button">
          {t('receipt.trackNow')}
        </Link>
      </p>
    </section>
  );
}
