// HTTP plumbing shared by every module: the error shape, authentication of the caller, request
// typing. Routes stay thin: validate with a schema, call a command, return its result.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import type { Clock } from './clock';
import type { Config } from '../config';
import { AppError, type ErrorBody } from './errors';
import { GUEST, type Actor } from '../modules/access/actor';
import { authenticateSession } from '../modules/users';
import { admitApiKey } from '../modules/apikeys';
import { Type } from 'typebox';
import type { ErrorObject } from 'ajv';
import sjson from 'secure-json-parse';
import { badTextPath, fieldsOf } from './validate';

export const SESSION_COOKIE = 'aduan_session';

export interface Deps {
  config: Config;
  db: Db;
  clock: Clock;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** How the caller authenticated; cookie sessions need CSRF care, bearer tokens and API keys do not. */
    authVia: 'none' | 'bearer' | 'cookie' | 'apikey';
    sessionToken?: string;
    /** 'totp_enrol': a session that may only enrol TOTP (TOTP_REQUIRED_ROLES) until it does. */
    sessionScope?: 'totp_enrol' | null;
  }
}

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  },
  { $id: 'Error' },
);

export const errorResponses = {
  400: Type.Ref('Error'),
  401: Type.Ref('Error'),
  403: Type.Ref('Error'),
  404: Type.Ref('Error'),
  409: Type.Ref('Error'),
  429: Type.Ref('Error'),
} as const;

function body(code: string, message: string, fields?: Record<string, string>): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Unsupported content type; send application/json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'Request body is too large'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_request', 'Malformed JSON body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request', 'Empty JSON body'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'Invalid Content-Length'],
  FST_ERR_BAD_URL: [400, 'bad_request', 'Malformed URL'],
};

/**
 * Security headers on every response the app sends: no MIME sniffing, no referrer, and JSON (API)
 * responses may not be framed or run anything (`default-src 'none'`). Headers a route set itself
 * (the web app's pages, attachment downloads) are kept.
 */
function installSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!reply.hasHeader('x-content-type-options')) reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
    const type = String(reply.getHeader('content-type') ?? '');
    if (/^application\/(?:[\w.+-]*\+)?json\b/.test(type) && !reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });
}

/**
 * A NUL character in an API path or query string (`%00`) is refused up front: PostgreSQL cannot hold
 * it in text, so it could only reach SQL as an "invalid byte sequence" error (a 500). Bodies are
 * checked by the JSON parser below.
 */
function refuseNulInUrl(app: FastifyInstance) {
  app.addHook('onRequest', async (req, reply) => {
    // The API only: the SMS gateway sends UCS-2 text as raw percent-encoded bytes (%00 included).
    if (req.url.startsWith('/api/') && (req.url.includes('%00') || req.url.includes('\0'))) {
      return reply.status(400).send(body('bad_request', 'The URL may not contain NUL characters'));
    }
  });
}

/**
 * A number in a query string must be finite: Ajv's coercion turns "1e309" or "Infinity" into
 * Infinity, which passes an integer schema and then fails in SQL (a 500).
 */
const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$|^[-+]?infinity$/i;
function refuseInfiniteNumbers(app: FastifyInstance) {
  app.addHook('preValidation', async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(query)) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (typeof x === 'string' && NUMERIC.test(x.trim()) && !Number.isFinite(Number(x))) {
          return reply.status(400).send(body('validation_failed', 'Invalid querystring', { [k]: 'must be a finite number' }));
        }
      }
    }
  });
}

export function installErrorHandling(app: FastifyInstance) {
  installSecurityHeaders(app);
  refuseNulInUrl(app);
  refuseInfiniteNumbers(app);
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return reply.status(err.status).send(body(err.code, err.message, err.fields));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const fields = fieldsOf(fe.validation as ErrorObject[]);
      return reply.status(400).send(body('validation_failed', `Invalid ${fe.validationContext ?? 'request'}`, fields));
    }
    const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (known) return reply.status(known[0]).send(body(known[1], known[2]));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(body(fe.statusCode === 429 ? 'too_many_requests' : 'bad_request', fe.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal', 'Internal error; it has been logged'));
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(body('not_found', `No route for ${req.method} ${req.url.split('?')[0]}`)));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies: invalid UTF-8 and NUL characters are refused (PostgreSQL cannot store NUL, and a
 * silently replaced byte would change what the citizen wrote); __proto__/constructor keys are
 * refused as Fastify does by default.
 */
export function installJsonParser(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, raw: Buffer, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(raw);
    } catch {
      return done(new AppError(400, 'bad_request', 'Body is not valid UTF-8'));
    }
    if (text.trim() === '') return done(new AppError(400, 'bad_request', 'Empty JSON body'));
    let parsed: unknown;
    try {
      parsed = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      return done(new AppError(400, 'bad_request', 'Malformed JSON body'));
    }
    const bad = badTextPath(parsed);
    if (bad) return done(new AppError(400, 'bad_request', 'Text may not contain NUL characters or unpaired surrogates', { [bad]: 'invalid characters' }));
    done(null, parsed);
  });
}

export function installAuthentication(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('authVia', 'none');
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    req.actor = GUEST;
    req.authVia = 'none';
    // Integration API keys (api.md, "API keys"): `X-API-Key`, alone. Errors are thrown rather than
    // sent so that each route scope renders them in its own format (Open311 has its own).
    const apiKey = req.headers['x-api-key'];
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string' || req.headers.authorization) throw new AppError(400, 'bad_request', 'Send one X-API-Key header and no other credentials');
      req.actor = await admitApiKey(deps, apiKey);
      req.authVia = 'apikey';
      return;
    }
    const auth = req.headers.authorization;
    let token: string | undefined;
    if (auth?.startsWith('Bearer ')) {
      token = auth.slice(7).trim();
      req.authVia = 'bearer';
    } else if (req.cookies?.[SESSION_COOKIE]) {
      token = req.cookies[SESSION_COOKIE];
      req.authVia = 'cookie';
    }
    if (!token) return;
    const session = await authenticateSession(deps.db, deps.clock, token);
    const actor = session?.actor;
    if (!session || !actor) {
      // A stale cookie silently falls back to guest; a wrong bearer token is an error the client must see.
      if (req.authVia === 'bearer') {
        return reply.status(401).send(body('unauthenticated', 'Invalid or expired token'));
      }
      req.authVia = 'none';
      return;
    }
    req.actor = actor;
    req.sessionToken = token;
    req.sessionScope = session.scope;
    // Cookie-authenticated writes must come from our own pages: browsers send Origin on
    // cross-site POSTs, and SameSite=Lax already withholds the cookie from most of them.
    if (req.authVia === 'cookie' && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const origin = req.headers.origin;
      if (origin && hostOf(origin) !== req.headers.host) {
        return reply.status(403).send(body('forbidden', 'Cross-site request refused'));
      }
    }
    // A session limited to TOTP enrolment reaches the enrolment endpoints and nothing else of the
    // API; elsewhere (the web app's pages) it is a guest.
    if (session.scope === 'totp_enrol' && !TOTP_ENROL_PATHS.has(req.url.split('?')[0]!)) {
      if (req.url.startsWith('/api/')) {
        return reply.status(403).send(body('totp_enrolment_required', 'Set up two-step sign-in (TOTP) first: POST /api/v1/auth/totp/setup, then /confirm'));
      }
      req.actor = GUEST;
      req.authVia = 'none';
      req.sessionToken = undefined;
    }
  });
  installTransportSecurity(app, deps);
}

/** What a session limited to TOTP enrolment may call. */
const TOTP_ENROL_PATHS = new Set(['/api/v1/auth/totp', '/api/v1/auth/totp/setup', '/api/v1/auth/totp/confirm', '/api/v1/auth/me', '/api/v1/auth/logout']);

/**
 * HTTPS only: Strict-Transport-Security when the request came over TLS — directly, or through a
 * proxy named in TRUST_PROXY that says X-Forwarded-Proto: https. Never on plain HTTP (browsers
 * ignore it there, and a wrong header on a site without TLS would lock its users out).
 */
function installTransportSecurity(app: FastifyInstance, deps: Deps) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (deps.config.hstsMaxAge > 0 && req.protocol === 'https') reply.header('strict-transport-security', `max-age=${deps.config.hstsMaxAge}`);
    return payload;
  });
}

/** The session cookie: HttpOnly, SameSite=Lax, and Secure when configured or the request came over HTTPS. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, deps: Deps, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.cookieSecure || req.protocol === 'https',
    path: '/',
    expires: expiresAt,
  });
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

export function requireUser(req: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  if (req.actor.kind !== 'user') throw new AppError(401, 'unauthenticated', 'Sign in first');
  return req.actor;
}
