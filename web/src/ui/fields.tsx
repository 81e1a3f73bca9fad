// Form controls with their label, hint and error tied together (label[for], aria-describedby,
// aria-invalid). Forms use noValidate and show these messages instead of the browser's bubbles.
import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useT } from '../i18n';

interface FieldBase {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  /** Shows "(optional)" after the label of a control that is not required. */
  markOptional?: boolean;
}

export function describedBy(id: string, hint?: unknown, error?: unknown, extra?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : '', extra ?? ''].filter(Boolean).join(' ') || undefined;
}

function Label({ id, label, required, markOptional = true }: Pick<FieldBase, 'id' | 'label' | 'required' | 'markOptional'>) {
  const t = useT();
  return (
    <label htmlFor={id}>
      {label}
      {!required && markOptional && <span className="optional"> ({t('form.optional')})</span>}
    </label>
  );
}

export function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          <span aria-hidden="true">! </span>
          {error}
        </p>
      )}
    </>
  );
}

export function TextField({ id, label, hint, error, required, markOptional, ...input }: FieldBase & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <Label id={id} label={label} required={required} markOptional={markOptional} />
      <FieldMessages id={id} hint={hint} error={error} />
      <input id={id} name={id} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </div>
  );
}

export function TextArea({ id, label, hint, error, required, markOptional, ...input }: FieldBase & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <Label id={id} label={label} required={required} markOptional={markOptional} />
      <FieldMessages id={id} hint={hint} error={error} />
      <textarea id={id} name={id} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
    </div>
  );
}

export function SelectField({ id, label, hint, error, required, markOptional, children, ...input }: FieldBase & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <Label id={id} label={label} required={required} markOptional={markOptional} />
      <FieldMessages id={id} hint={hint} error={error} />
      <select id={id} name={id} required={required} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input}>
        {children}
      </select>
    </div>
  );
}

export function Checkbox({ id, label, hint, checked, onChange }: { id: string; label: ReactNode; hint?: ReactNode; checked: boolean; onChange(v: boolean): void }) {
  return (
    <div className="check">
      <input id={id} name={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p id={`${id}-hint`} className="hint">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

export interface ErrorItem {
  id: string;
  message: string;
}

/** The list of problems at the top of a form after a failed submit; focused so it is read out. */
export function ErrorSummary({ title, errors, summaryRef }: { title: string; errors: ErrorItem[]; summaryRef?: Ref<HTMLDivElement> }) {
  if (!errors.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.id}>
            <a
              href={`#${e.id}`}
              onClick={(ev) => {
                ev.preventDefault();
                document.getElementById(e.id)?.focus();
              }}
            >
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
