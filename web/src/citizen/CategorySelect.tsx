// Categories grouped by their parent; names in the chosen language.
import { useLang, useT } from '../i18n';
import type { Category } from '../lib/types';
import { SelectField } from '../ui/fields';
import { groupCategories } from './data';

export function CategorySelect({
  id,
  items,
  loading,
  value,
  onChange,
  hint,
  error,
  emptyLabel,
  markOptional = true,
}: {
  id: string;
  markOptional?: boolean;
  items: Category[] | undefined;
  loading: boolean;
  value: string;
  onChange(v: string): void;
  hint?: string;
  error?: string;
  emptyLabel: string;
}) {
  const t = useT();
  const { lang } = useLang();
  const name = (c: Category) => (lang === 'en' ? c.nameEn : c.nameId);
  return (
    <SelectField id={id} label={t('category.label')} markOptional={markOptional} hint={hint} error={error} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{loading ? t('common.loading') : emptyLabel}</option>
      {groupCategories(items ?? []).map(({ parent, children }) =>
        children.length === 0 ? (
          <option key={parent.code} value={parent.code}>
            {name(parent)}
          </option>
        ) : (
          <optgroup key={parent.code} label={name(parent)}>
            {children.map((c) => (
              <option key={c.code} value={c.code}>
                {name(c)}
              </option>
            ))}
            <option value={parent.code}>{t('category.otherIn', { name: name(parent) })}</option>
          </optgroup>
        ),
      )}
    </SelectField>
  );
}
