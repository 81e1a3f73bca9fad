// A list of complaint summaries (public feed, my complaints) with "load more".
import { Link } from '../app/router';
import { useFormat, useT, type MessageKey } from '../i18n';
import type { ComplaintSummary } from '../lib/types';
import { OverdueBadge, StatusBadge } from '../ui/bits';

export function ComplaintList({ items, labelledBy }: { items: ComplaintSummary[]; labelledBy?: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <ul className="complaint-list" aria-labelledby={labelledBy}>
      {items.map((c) => (
        <li key={c.trackingNumber} className="complaint-card">
          <h3 className="complaint-card__title">
            <Link to={`/lacak/${c.trackingNumber}`}>{c.title}</Link>
          </h3>
          <p className="badges">
            <StatusBadge status={c.status} />
            {c.overdue && <OverdueBadge />}
          </p>
          <p className="complaint-card__meta">
            <span>{t(`report.type.${c.type}` as MessageKey)}</span>
            {c.category && <span>{c.category.name}</span>}
            <span>{c.organisation.name}</span>
            <span>
              <time dateTime={c.createdAt}>{f.date(c.createdAt)}</time>
            </span>
            <span className="code-inline">{c.trackingNumber}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
