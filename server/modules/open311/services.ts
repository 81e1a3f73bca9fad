// Open311 services are the complaint categories (sub-categories: complaints are always filed under
// one; the top-level group is the Open311 `group`). Their attributes (the service definitions) are
// declared here in code: they change with a release, and DISCOVERY_CHANGESET says when they last did.
import type { Category } from '../categories';
import { parseW3c, type Value } from './format';

/** Bump when the attribute definitions below change: clients refresh cached definitions on a new changeset. */
export const DEFINITIONS_CHANGESET = '2026-03-01T00:00:00Z';

export type Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface AttributeDef {
  variable: boolean;
  code: string;
  datatype: Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
  /** Longest accepted value (string and text). */
  maxLength?: number;
  /** Indonesian label used when the value is written into the complaint text. */
  label: string;
}

const severity = (required: boolean): AttributeDef => ({
  variable: true,
  code: 'severity',
  datatype: 'singlevaluelist',
  required,
  datatype_description: 'Pilih satu / choose one',
  order: 1,
  description: 'Seberapa parah atau mendesak masalahnya? / How severe or urgent is the problem?',
  values: [
    { key: 'rendah', name: 'Rendah / Low' },
    { key: 'sedang', name: 'Sedang / Medium' },
    { key: 'tinggi', name: 'Tinggi / High' },
    { key: 'darurat', name: 'Darurat, membahayakan keselamatan / Emergency, a danger to safety' },
  ],
  label: 'Tingkat keparahan',
});

const LANDMARK: AttributeDef = {
  variable: true,
  code: 'landmark',
  datatype: 'string',
  required: false,
  datatype_description: 'Satu baris, paling banyak 200 karakter / one line, at most 200 characters',
  order: 2,
  description: 'Patokan terdekat, mis. "depan Pasar Anyar" / The nearest landmark, e.g. "in front of Pasar Anyar"',
  maxLength: 200,
  label: 'Patokan',
};

const IMPACT: AttributeDef = {
  variable: true,
  code: 'impact',
  datatype: 'multivaluelist',
  required: false,
  datatype_description: 'Pilih satu atau lebih / choose one or more',
  order: 3,
  description: 'Siapa yang terdampak? / Who is affected?',
  values: [
    { key: 'pengendara', name: 'Pengendara / Road users' },
    { key: 'pejalan_kaki', name: 'Pejalan kaki / Pedestrians' },
    { key: 'anak_sekolah', name: 'Anak sekolah / Schoolchildren' },
    { key: 'permukiman', name: 'Permukiman warga / Homes' },
  ],
  label: 'Terdampak',
};

const PRIVACY_NOTICE: AttributeDef = {
  variable: false,
  code: 'privacy_notice',
  datatype: 'text',
  required: false,
  datatype_description: null,
  order: 9,
  description:
    'Setelah diverifikasi, laporan dapat dipublikasikan tanpa identitas pelapor. Jangan menulis data pribadi (NIK, nomor telepon) di deskripsi. / ' +
    'Once verified, the report may be published without the reporter’s identity. Do not write personal data (ID numbers, phone numbers) in the description.',
  label: 'Pemberitahuan',
};

/** Groups whose problems are physical and located: they get the landmark and impact questions. */
const FIELD_GROUPS = new Set(['infrastruktur', 'lingkungan', 'perhubungan', 'ketertiban']);

/** The attributes of a category: a severity for all (required when a field inspection is needed), place questions for field matters. */
export function attributesFor(c: Pick<Category, 'code' | 'parentCode' | 'resolutionClass'>): AttributeDef[] {
  const group = c.parentCode ?? c.code;
  const attrs = [severity(c.resolutionClass === 'inspection')];
  if (FIELD_GROUPS.has(group)) attrs.push(LANDMARK, IMPACT);
  attrs.push(PRIVACY_NOTICE);
  return attrs;
}

/** A category is an Open311 service when it is a sub-category (complaints are filed under those). */
export const isService = (c: Pick<Category, 'parentCode'>) => c.parentCode !== null;

export function presentService(c: Category, groupName: string | null): Record<string, Value> {
  return {
    service_code: c.code,
    service_name: c.nameId,
    description: c.nameEn,
    metadata: attributesFor(c).length > 0,
    type: 'realtime',
    keywords: [c.nameEn, ...c.code.split('.')].join(', '),
    group: groupName,
  };
}

export function presentDefinition(c: Category): Record<string, Value> {
  return {
    service_code: c.code,
    attributes: attributesFor(c).map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
    })),
  };
}

export interface AttributeProblem {
  code: string;
  description: string;
}

/**
 * Checks posted `attribute[code]` values against a service's definition. Empty values count as
 * absent (the spec's rule for optional arguments). Returns the accepted values as lines for the
 * complaint text, or the problems found (all of them, for one 400 answer).
 */
export function checkAttributes(defs: AttributeDef[], posted: Map<string, string[]>): { lines: string[]; problems: AttributeProblem[] } {
  const problems: AttributeProblem[] = [];
  const lines: string[] = [];
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const code of posted.keys()) {
    const d = byCode.get(code);
    if (!d) problems.push({ code, description: `attribute[${code}] is not an attribute of this service` });
    else if (!d.variable) problems.push({ code, description: `attribute[${code}] is informational and takes no value` });
  }
  for (const d of [...defs].sort((a, b) => a.order - b.order)) {
    if (!d.variable) continue;
    const values = (posted.get(d.code) ?? []).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) {
      if (d.required) problems.push({ code: d.code, description: `attribute[${d.code}] is required for this service` });
      continue;
    }
    if (d.datatype !== 'multivaluelist' && values.length > 1) {
      problems.push({ code: d.code, description: `attribute[${d.code}] takes one value` });
      continue;
    }
    const v = values[0]!;
    switch (d.datatype) {
      case 'singlevaluelist':
      case 'multivaluelist': {
        const names = values.map((x) => d.values!.find((o) => o.key === x));
        const bad = values.find((_, i) => !names[i]);
        if (bad !== undefined) problems.push({ code: d.code, description: `attribute[${d.code}]: "${bad.slice(0, 50)}" is not one of ${d.values!.map((o) => o.key).join(', ')}` });
        else if (new Set(values).size !== values.length) problems.push({ code: d.code, description: `attribute[${d.code}] repeats a value` });
        else lines.push(`${d.label}: ${names.map((n) => n!.name.split(' / ')[0]).join(', ')}`);
        break;
      }
      case 'string':
      case 'text':
        if (d.datatype === 'string' && /[\r\n]/.test(v)) problems.push({ code: d.code, description: `attribute[${d.code}] must be one line` });
        else if (v.length > (d.maxLength ?? 2000)) problems.push({ code: d.code, description: `attribute[${d.code}] is longer than ${d.maxLength ?? 2000} characters` });
        else lines.push(`${d.label}: ${v}`);
        break;
      case 'number':
        if (!/^-?\d+(\.\d+)?$/.test(v)) problems.push({ code: d.code, description: `attribute[${d.code}] must be a number` });
        else lines.push(`${d.label}: ${v}`);
        break;
      case 'datetime':
        if (!parseW3c(v)) problems.push({ code: d.code, description: `attribute[${d.code}] must be a W3C date-time with a time zone` });
        else lines.push(`${d.label}: ${v}`);
        break;
    }
  }
  return { lines, problems };
}
