// Picks an organisation below `rootCode`, one level at a time (unit, then an optional sub-unit; or
// regency, then unit when the root is a province). Options come from GET /api/v1/organisations?parent=.
import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { useAsync } from '../lib/use-async';
import { errorMessage } from '../ui/bits';
import { SelectField } from '../ui/fields';
import { childrenOf } from './data';
import { useStaffT } from './t';

const MAX_LEVELS = 3;

export interface OrgPickerProps {
  id: string;
  label: string;
  rootCode: string;
  value: string;
  /** The chosen code ('' for none) and its name. */
  onChange(code: string, name: string): void;
  error?: string | null;
  hint?: string;
  required?: boolean;
  /** Codes not to offer (e.g. the unit that holds the complaint now). */
  exclude?: string[];
  /** Shown when the root has no children at all. */
  emptyText?: string;
}

/** The chain of codes from the root's child down to `value`, by the code convention ("51.08" → "51.08.pupr" → "51.08.pupr.bina"). */
function chainOf(rootCode: string, value: string): string[] {
  if (!value) return [];
  const parts = value.split('.');
  const rootParts = rootCode === 'id' ? 0 : rootCode.split('.').length;
  const out: string[] = [];
  for (let n = rootParts + 1; n <= parts.length; n++) out.push(parts.slice(0, n).join('.'));
  // National bodies ("kemenpanrb.x") and odd codes: fall back to the value alone.
  return out.length ? out.slice(0, MAX_LEVELS) : [value];
}

export function OrgPicker(p: OrgPickerProps) {
  const [path, setPath] = useState<string[]>(() => chainOf(p.rootCode, p.value));
  const [names] = useState(() => new Map<string, string>());
  useEffect(() => {
    if (p.value !== (path[path.length - 1] ?? '')) setPath(chainOf(p.rootCode, p.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.value, p.rootCode]);
  const choose = (level: number, code: string, name: string) => {
    if (code) names.set(code, name);
    const next = [...path.slice(0, level), ...(code ? [code] : [])];
    setPath(next);
    const last = next[next.length - 1] ?? '';
    p.onChange(last, names.get(last) ?? last);
  };
  const levels = [0];
  for (let i = 1; i < MAX_LEVELS && path[i - 1]; i++) levels.push(i);
  return (
    <div className="org-picker">
      {levels.map((level) => (
        <Level key={`${level}-${level === 0 ? p.rootCode : path[level - 1]}`} level={level} parent={level === 0 ? p.rootCode : path[level - 1]!} picker={p} value={path[level] ?? ''} onChange={(c, name) => choose(level, c, name)} />
      ))}
    </div>
  );
}

function Level({ level, parent, picker, value, onChange }: { level: number; parent: string; picker: OrgPickerProps; value: string; onChange(code: string, name: string): void }) {
  const t = useStaffT();
  const shell = useT();
  const kids = useAsync(() => childrenOf(parent), [parent]);
  const options = (kids.data ?? []).filter((o) => !picker.exclude?.includes(o.code));
  const id = level === 0 ? picker.id : `${picker.id}-${level}`;
  if (kids.loading && !kids.data) return level === 0 ? <p className="hint">{shell('common.loading')}</p> : null;
  if (kids.error) return <p className="field-error">{errorMessage(shell, kids.error)}</p>;
  if (level > 0 && options.length === 0) return null;
  if (level === 0 && options.length === 0) return <p className="hint">{picker.emptyText ?? t('picker.empty')}</p>;
  // Below a unit the choice of a sub-unit is optional; below a region a unit must be chosen.
  const optional = level > 0 && options.every((o) => o.type === 'subunit');
  const label = level === 0 ? picker.label : optional ? t('picker.subunit') : t('picker.unitIn');
  return (
    <SelectField
      id={id}
      label={label}
      required={level === 0 ? picker.required : !optional}
      markOptional={level === 0 ? !picker.required : optional}
      hint={level === 0 ? picker.hint : undefined}
      error={level === 0 ? picker.error : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value, (e.target.selectedOptions[0]?.textContent ?? '').trim())}
    >
      <option value="">{level === 0 ? t('picker.choose') : optional ? t('picker.noSubunit') : t('picker.choose')}</option>
      {options.map((o) => (
        <option key={o.code} value={o.code}>
          {o.name}
        </option>
      ))}
    </SelectField>
  );
}
