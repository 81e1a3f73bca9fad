// 1–5 stars as a real radio group: arrow keys move, each star has a spoken name.
import { useT } from '../i18n';
import { FieldMessages } from '../ui/fields';

export function Stars({ name, value, onChange, legend, error }: { name: string; value: number; onChange(n: number): void; legend: string; error?: string }) {
  const t = useT();
  return (
    <fieldset className={error ? 'stars field--error' : 'stars'} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      <FieldMessages id={name} error={error} />
      <div className="stars__row">
        {[1, 2, 3, 4, 5].map((n) => (
          <span className="stars__item" key={n}>
            <input type="radio" id={`${name}-${n}`} name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
            <label htmlFor={`${name}-${n}`} className={n <= value ? 'on' : undefined}>
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">{t('rate.stars', { n })}</span>
            </label>
          </span>
        ))}
      </div>
      <p className="hint" aria-hidden="true">
        {value ? t('rate.chosen', { n: value }) : t('rate.none')}
      </p>
    </fieldset>
  );
}
