// Guided intake (docs/triage.md): before a complaint is sent, POST /api/v1/complaints/check says what
// is missing (what / where / when, category). The form shows it once, linked to the fields, and
// sends on the next try — a hint never stops a citizen who insists, nor one who is offline.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useT, type MessageKey } from '../i18n';
import { api } from '../lib/api';
import type { NewComplaint } from '../lib/types';

export interface CheckResult {
  qualityScore: number;
  complete: boolean;
  missing: { field: string; message: string }[];
  looksLikeSpam: boolean;
}

/** The check's fields → the form controls they are fixed in. */
const FIELD_ID: Record<string, string> = { title: 'title', body: 'body', location: 'address', time: 'date', category: 'category' };

export function useCompletenessCheck() {
  const [result, setResult] = useState<CheckResult | null>(null);
  // The draft the citizen was already told about: sending it again means "send it anyway".
  const told = useRef<string | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  /** True when the complaint may go now; false when hints were shown (focus moves to them). */
  const passes = async (p: NewComplaint): Promise<boolean> => {
    const body = {
      title: p.title,
      body: p.body,
      categoryCode: p.categoryCode,
      occurredAt: p.occurredAt,
      location: p.location ? { regionCode: p.location.regionCode, address: p.location.address, lat: p.location.lat, lng: p.location.lng } : undefined,
    };
    const key = JSON.stringify(body);
    if (told.current === key) {
      setResult(null);
      return true;
    }
    if (typeof navigator !== 'undefined' && !navigator.onLine) return true;
    try {
      const r = await api.post<CheckResult>('/api/v1/complaints/check', body);
      told.current = key;
      if (r.complete) {
        setResult(null);
        return true;
      }
      setResult(r);
      return false;
    } catch {
      // The check is advice: when it fails the complaint goes as it is.
      return true;
    }
  };
  return { result, passes, panelRef };
}

/** Rendered inside the form: its "send anyway" button is a submit button of that form. */
export function CompletenessHints({ result, panelRef, sending }: { result: CheckResult | null; panelRef: RefObject<HTMLDivElement | null>; sending: boolean }) {
  const t = useT();
  // Focus moves to the hints each time a check shows some (after they are on the page).
  useEffect(() => {
    if (result && !result.complete) panelRef.current?.focus();
  }, [result, panelRef]);
  if (!result || result.complete) return null;
  return (
    <div className="alert alert--warning completeness" tabIndex={-1} ref={panelRef} role="region" aria-labelledby="completeness-title">
      <h2 id="completeness-title" className="alert-title">
        {t('complete.heading')}
      </h2>
      <p>{t('complete.lead')}</p>
      <ul>
        {result.missing.map((m) => {
          const id = FIELD_ID[m.field];
          const text = id ? t(`complete.field.${m.field}` as MessageKey) : m.message;
          return (
            <li key={m.field}>
              {id ? (
                <a
                  href={`#${id}`}
                  onClick={(ev) => {
                    ev.preventDefault();
                    document.getElementById(id)?.focus();
                  }}
                >
                  {text}
                </a>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
      {result.looksLikeSpam && <p>{t('complete.spam')}</p>}
      <p className="completeness__anyway">
        <span>{t('complete.anywayText')}</span>{' '}
        <button type="submit" className="button button--secondary" disabled={sending}>
          {t('complete.sendAnyway')}
        </button>
      </p>
    </div>
  );
}
