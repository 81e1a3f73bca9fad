// Province → regency/city, from the organisation tree.
import { useT } from '../i18n';
import { useAsync } from '../lib/use-async';
import { SelectField } from '../ui/fields';
import { provinces, regenciesOf } from './data';

export function RegionPicker({
  idPrefix,
  province,
  region,
  onChange,
  errors = {},
  hint,
  markOptional = true,
}: {
  idPrefix: string;
  markOptional?: boolean;
  province: string;
  region: string;
  onChange(province: string, region: string): void;
  errors?: { province?: string; region?: string };
  hint?: string;
}) {
  const t = useT();
  const provs = useAsync(() => provinces(), []);
  const regs = useAsync(() => (province ? regenciesOf(province) : Promise.resolve([])), [province]);
  return (
    <div className="field-row">
      <SelectField
        id={`${idPrefix}province`}
        label={t('region.province')}
        markOptional={markOptional}
        hint={hint}
        error={errors.province ?? (provs.error ? t('region.loadFailed') : undefined)}
        value={province}
        onChange={(e) => onChange(e.target.value, '')}
      >
        <option value="">{provs.loading ? t('common.loading') : t('region.chooseProvince')}</option>
        {provs.data?.map((p) => (
          <option key={p.code} value={p.code}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${idPrefix}region`}
        label={t('region.regency')}
        markOptional={markOptional}
        error={errors.region}
        value={region}
        disabled={!province}
        onChange={(e) => onChange(province, e.target.value)}
      >
        <option value="">{!province ? t('region.provinceFirst') : regs.loading ? t('common.loading') : t('region.chooseRegency')}</option>
        {regs.data?.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
