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
