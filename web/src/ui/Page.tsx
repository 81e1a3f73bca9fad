// Every page: one <h1>, the document title, and focus moved to the heading after an in-app
// navigation so that screen-reader and keyboard users start at the new content.
import { useEffect, useRef, type ReactNode } from 'react';
import { navigations } from '../app/router';
import { useT } from '../i18n';

/** `autoFocus`: move focus to the heading even without a navigation (a form replaced by its result). */
export function Page({ title, lead, children, className, autoFocus }: { title: string; lead?: ReactNode; children?: ReactNode; className?: string; autoFocus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (navigations > 0 || autoFocus) ref.current?.focus({ preventScroll: !autoFocus });
    // Only when the page appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className={className ? `page ${className}` : 'page'}>
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </div>
  );
}
