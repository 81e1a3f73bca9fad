// Validation outside Fastify's own (e.g. the JSON part of a multipart request), with the same
// rules and the same error shape as route schemas.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { TSchema } from 'typebox';
import { badRequest } from './errors';

const ajv = new Ajv({ allErrors: false, removeAdditional: false, coerceTypes: false, useDefaults: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);

export function fieldsOf(errors: ErrorObject[] | null | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const e of errors ?? []) {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const key = [base, params.missingProperty ?? params.additionalProperty].filter(Boolean).join('.') || 'body';
    fields[key] ??= params.additionalProperty ? 'unknown field' : (e.message ?? 'invalid');
  }
  return fields;
}

export function validator<T>(schema: TSchema) {
  const check = ajv.compile(schema);
  return (value: unknown, what = 'body'): T => {
    if (!check(value)) throw badRequest(`Invalid ${what}`, fieldsOf(check.errors));
    return value as T;
  };
}

/**
 * Text the database can store exactly as the citizen wrote it: no NUL (PostgreSQL refuses it), no
 * lone UTF-16 surrogates (they would silently become U+FFFD), and — for text that reached us
 * already decoded, like multipart fields — no U+FFFD left by a failed UTF-8 decoding.
 * Returns the offending path, or undefined when every string (and key) is clean.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badTextPath(value: unknown, opts: { decoded?: boolean } = {}, path = 'body', depth = 0): string | undefined {
  if (depth > 64) return path;
  const bad = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s) || (opts.decoded === true && s.includes('\uFFFD'));
  if (typeof value === 'string') return bad(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = badTextPath(value[i], opts, `${path}.${i}`, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (bad(k)) return path;
      const p = badTextPath(v, opts, path === 'body' ? k : `${path}.${k}`, depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}
