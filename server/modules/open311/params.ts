// Reading Open311 arguments (pure): an optional argument sent empty is treated as absent; lists
// are comma-separated and may be repeated; dates are W3C with a time zone; GET requests covers at
// most 90 days of requested_datetime, by default the last 90.
import { badRequest, badRequests } from './errors';
import { parseW3c } from './format';

export type Raw = Record<string, unknown>;

export const MAX_SPAN_DAYS = 90;
const DAY_MS = 86_400_000;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** A single-valued argument: undefined when absent or empty; 400 when given twice. */
export function one(raw: Raw, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const nonEmpty = v.filter((x) => String(x).trim() !== '');
    if (nonEmpty.length > 1) throw badRequest(`${key} was given more than once`);
    return nonEmpty.length ? String(nonEmpty[0]).trim() : undefined;
  }
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** A list argument: comma-separated, possibly repeated; undefined when absent or empty. */
export function list(raw: Raw, key: string): string[] | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  const items = (Array.isArray(v) ? v : [v])
    .flatMap((x) => String(x).split(','))
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return items.length ? [...new Set(items)] : undefined;
}

const dateHint = 'a W3C date-time with a time zone, e.g. 2026-03-01T00:00:00Z or 2026-03-01T08:00:00+08:00';

/** An optional date-time argument, which must carry its time zone. */
export function date(raw: Raw, key: string): Date | undefined {
  const s = one(raw, key);
  if (s === undefined) return undefined;
  const d = parseW3c(s);
  if (!d) throw badRequest(`${key} must be ${dateHint}`);
  return d;
}

/**
 * The requested_datetime window from start_date/end_date: at most 90 days; one end alone extends
 * 90 days from it; neither means the last 90 days. `required: false` (used with updated_after)
 * gives no window unless one is asked for.
 */
export function window(raw: Raw, now: Date, opts: { required?: boolean } = {}): { start: Date; end: Date } | undefined {
  const problems: string[] = [];
  let start: Date | undefined;
  let end: Date | undefined;
  for (const [key, set] of [
    ['start_date', (d: Date) => (start = d)],
    ['end_date', (d: Date) => (end = d)],
  ] as const) {
    try {
      const d = date(raw, key);
      if (d) set(d);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length) throw badRequests(problems);
  if (!start && !end) return opts.required === false ? undefined : { start: new Date(now.getTime() - MAX_SPAN_DAYS * DAY_MS), end: now };
  start ??= new Date(end!.getTime() - MAX_SPAN_DAYS * DAY_MS);
  end ??= new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS);
  if (end < start) throw badRequest('end_date is before start_date');
  if (end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) throw badRequest(`start_date and end_date may span at most ${MAX_SPAN_DAYS} days`);
  return { start, end };
}

function positiveInt(raw: Raw, key: string, fallback: number, max: number): number {
  const s = one(raw, key);
  if (s === undefined) return fallback;
  if (!/^\d{1,7}$/.test(s) || Number(s) < 1 || Number(s) > max) throw badRequest(`${key} must be a whole number from 1 to ${max}`);
  return Number(s);
}

/** The page/page_size extension (Chicago, Boston, …): pages from 1, 50 a page by default, 200 at most. */
export function paging(raw: Raw): { page: number; pageSize: number } {
  return { page: positiveInt(raw, 'page', 1, 100_000), pageSize: positiveInt(raw, 'page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) };
}

export type OpenClosed = 'open' | 'closed';

export function statuses(raw: Raw): OpenClosed[] | undefined {
  const s = list(raw, 'status');
  if (!s) return undefined;
  const bad = s.find((x) => x !== 'open' && x !== 'closed');
  if (bad !== undefined) throw badRequest(`status must be open, closed or both (comma-separated), not "${bad.slice(0, 30)}"`);
  return s as OpenClosed[];
}

export interface RequestsQuery {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: OpenClosed[];
  window?: { start: Date; end: Date };
  updatedAfter?: Date;
  updatedBefore?: Date;
  page: number;
  pageSize: number;
}

/**
 * GET requests: `service_request_id` overrides every other filter (paging still applies);
 * `updated_after`/`updated_before` (GeoReport v2.1 draft) select changed requests of any age, so
 * they lift the default 90-day window unless start_date/end_date are given too.
 */
export function requestsQuery(raw: Raw, now: Date): RequestsQuery {
  const { page, pageSize } = paging(raw);
  const ids = list(raw, 'service_request_id');
  if (ids) {
    if (ids.length > MAX_PAGE_SIZE) throw badRequest(`At most ${MAX_PAGE_SIZE} service_request_id at once`);
    return { ids, page, pageSize };
  }
  const updatedAfter = date(raw, 'updated_after');
  const updatedBefore = date(raw, 'updated_before');
  if (updatedAfter && updatedBefore && updatedBefore < updatedAfter) throw badRequest('updated_before is before updated_after');
  return {
    serviceCodes: list(raw, 'service_code'),
    statuses: statuses(raw),
    window: window(raw, now, { required: !(updatedAfter || updatedBefore) }),
    updatedAfter,
    updatedBefore,
    page,
    pageSize,
  };
}
