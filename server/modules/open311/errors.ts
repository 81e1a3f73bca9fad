// Open311 errors (GeoReport v2, "Errors"): a list of { code, description }; the HTTP status is 404
// for a resource that does not exist, 403 for a missing or wrong api_key, and 400 for everything
// else. The code in the body may be more specific than the status (413, 415, 409, …). 429 (rate
// limit, with Retry-After) is this server's one addition: a client must be able to tell "slow down".
import type { FastifyError } from 'fastify';
import { AppError } from '../../platform/errors';

export interface Open311ErrorItem {
  code: number;
  description: string;
}

export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly errors: Open311ErrorItem[],
    readonly headers?: Record<string, string>,
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}

export const badRequest = (description: string, code = 400) => new Open311Error(400, [{ code, description }]);
export const notFound = (description: string) => new Open311Error(404, [{ code: 404, description }]);
export const forbidden = (description: string) => new Open311Error(403, [{ code: 403, description }]);
export const badRequests = (descriptions: string[]) => new Open311Error(400, descriptions.map((description) => ({ code: 400, description })));

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Unsupported content type; POST application/x-www-form-urlencoded'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'Request body is too large'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'Invalid Content-Length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'Empty body'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'Malformed body'],
  FST_ERR_BAD_URL: [400, 'Malformed URL'],
};

/** Any error thrown under /open311 as an Open311Error; `unexpected` is true for faults to log. */
export function toOpen311Error(err: unknown): { error: Open311Error; unexpected: boolean } {
  if (err instanceof Open311Error) return { error: err, unexpected: false };
  if (err instanceof AppError) {
    const fields = err.fields ? Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`) : [];
    const description = fields.length ? `${err.message} (${fields.join('; ')})` : err.message;
    if (err.status === 401 || err.status === 403) return { error: new Open311Error(403, [{ code: 403, description }]), unexpected: false };
    if (err.status === 404) return { error: new Open311Error(404, [{ code: 404, description }]), unexpected: false };
    if (err.status === 429) return { error: new Open311Error(429, [{ code: 429, description }], err.headers), unexpected: false };
    return { error: new Open311Error(400, [{ code: err.status, description }]), unexpected: err.status >= 500 };
  }
  const fe = err as FastifyError;
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return { error: badRequest(known[1], known[0]), unexpected: false };
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 429) return { error: new Open311Error(429, [{ code: 429, description: fe.message }]), unexpected: false };
    return { error: badRequest(fe.message, fe.statusCode), unexpected: false };
  }
  // "400 - General service error (any failure during processing; the client will need to notify us)".
  return { error: badRequest('General service error; it has been logged, please notify the operators', 500), unexpected: true };
}
