// Open311 output: one data structure per response, rendered as XML (required by the spec) or JSON
// (the Spark convention: the XML's root element is dropped, a list becomes an array, an element
// holding a list of same-named children becomes an array of them). Dates are W3C with a time zone.
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';
export const FORMATS: readonly Format[] = ['json', 'xml'];

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** XML list elements and the name of their children (the JSON arrays of the Spark convention). */
const CHILD: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  service_request_updates: 'request_update',
};

export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

// Characters XML 1.0 cannot carry at all (a complaint text might hold one); JSON keeps them.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlify(key: string, v: Value): unknown {
  if (v === null) return '';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.replace(XML_INVALID, '');
  if (Array.isArray(v)) {
    const child = CHILD[key];
    if (!child) throw new Error(`Open311: no XML child name for list ${key}`);
    return v.length ? { [child]: v.map((x) => xmlify(child, x)) } : '';
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlify(k, x)]));
}

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false, processEntities: true });

/** `root` is the XML root element (services, service_requests, service_definition, discovery, errors, …). */
export function render(format: Format, root: string, data: Value): string {
  if (format === 'json') return JSON.stringify(data);
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: xmlify(root, data) })}`;
}

/** A date-time in W3C form, UTC, whole seconds: `2026-03-02T02:00:00Z`. */
export function w3c(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  return new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const W3C_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses a W3C date-time that carries its time zone (`Z` or `±hh:mm`), as the spec requires; a
 * date-time without one, a date alone or an impossible date (30 February) is undefined.
 */
export function parseW3c(s: string): Date | undefined {
  const m = W3C_DATETIME.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  if (m[9] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59)) return undefined;
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  const t = Date.parse(s.trim());
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** Splits `name.ext` at the last dot: `infrastruktur.jalan.json` → [`infrastruktur.jalan`, `json`]. */
export function splitFormat(file: string): { name: string; format: Format } | undefined {
  const i = file.lastIndexOf('.');
  if (i <= 0) return undefined;
  const ext = file.slice(i + 1);
  return (FORMATS as readonly string[]).includes(ext) ? { name: file.slice(0, i), format: ext as Format } : undefined;
}
