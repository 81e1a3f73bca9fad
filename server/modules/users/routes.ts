import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SESSION_COOKIE, errorResponses, requireUser, setSessionCookie, type Deps } from '../../platform/http';
import { AppError, badRequest, forbidden } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { takeTokens } from '../../platform/rate-limit';
import { verify } from '@node-rs/argon2';
import {
  confirmTotp,
  disableTotp,
  hashPassword,
  logout,
  passwordLogin,
  requiresTotp,
  startTotpSetup,
  totpLogin,
  totpStatus,
  type LoginPolicy,
  type LoginResult,
} from '.';
import { assertPasswordAcceptable, MAX_PASSWORD_CHARS } from './password-policy';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

const UserView = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Object({ role: Type.String(), organisation: Type.Union([Type.String(), Type.Null()]) })),
});

const Code = Type.String({ minLength: 6, maxLength: 12, pattern: '^[0-9 ]+$', description: 'the 6-digit code of the authenticator app' });

/**
 * The login answer. Without TOTP: `token`, `expiresAt`, `user` (api.md's contract, unchanged). With
 * TOTP: `totpRequired` and `challenge` only, for POST /api/v1/auth/login/totp. An account whose role
 * must use TOTP and has none: the usual fields plus `totpSetupRequired` — a session that reaches
 * only the enrolment endpoints until a code is confirmed.
 */
const LoginAnswer = Type.Object({
  token: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  user: Type.Optional(UserView),
  totpRequired: Type.Optional(Type.Boolean()),
  challenge: Type.Optional(Type.String()),
  totpSetupRequired: Type.Optional(Type.Boolean()),
});

/** Wrong TOTP codes on the enrolment and switch-off endpoints: a few at once, then slowly. */
const TOTP_TRIES = { perHour: 12, burst: 5 };

export function registerAuthRoutes(app: FastifyInstance, deps: Deps) {
  const policy = (): LoginPolicy => ({
    maxFailures: deps.config.loginMaxFailures,
    lockMinutes: deps.config.loginLockMinutes,
    sessionTtlHours: deps.config.sessionTtlHours,
    totpRequiredRoles: deps.config.totpRequiredRoles,
    totpSecretKey: deps.config.totpSecretKey,
  });
  const signIn = (req: FastifyRequest, reply: FastifyReply, r: LoginResult) => {
    setSessionCookie(req, reply, deps, r.token, r.expiresAt);
    return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user };
  };
  const limitTotpTries = async (userId: number) => {
    const t = await takeTokens(deps.db, [{ key: `totp:user:${userId}`, ...TOTP_TRIES }], deps.clock.now());
    if (!t.ok) throw new AppError(429, 'too_many_attempts', 'Too many codes tried; wait a while', undefined, { 'retry-after': String(t.retryAfterSeconds) });
  };

  app.post<{ Body: { username: string; password: string } }>(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password (accounts with TOTP: then POST /api/v1/auth/login/totp)',
        body: LoginBody,
        response: { 200: LoginAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await passwordLogin(deps.db, deps.clock, policy(), { username: req.body.username, password: req.body.password, address: req.ip });
      if (r.kind === 'totp') return { totpRequired: true, challenge: r.challenge, expiresAt: r.expiresAt.toISOString() };
      const answer = signIn(req, reply, r.session);
      return r.enrolTotp ? { ...answer, totpSetupRequired: true } : answer;
    },
  );

  app.post<{ Body: { challenge: string; code: string } }>(
    '/api/v1/auth/login/totp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Second step of a TOTP login: the challenge from /auth/login and the current code',
        body: Type.Object({ challenge: Type.String({ minLength: 10, maxLength: 100 }), code: Code }, { additionalProperties: false }),
        response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), user: UserView }), ...errorResponses },
      },
    },
    async (req, reply) => signIn(req, reply, await totpLogin(deps.db, deps.clock, policy(), { challenge: req.body.challenge, code: req.body.code, address: req.ip })),
  );

  app.get(
    '/api/v1/auth/totp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether TOTP is on for the signed-in account, and whether its role requires it',
        response: { 200: Type.Object({ enabled: Type.Boolean(), required: Type.Boolean() }), ...errorResponses },
      },
    },
    async (req) => totpStatus(deps.db, requireUser(req).userId, deps.config.totpRequiredRoles),
  );

  app.post(
    '/api/v1/auth/totp/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: a new secret and its otpauth:// URI (shown this once; TOTP is on after /confirm)',
        response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      reply.header('cache-control', 'no-store');
      return deps.db.tx((q) => startTotpSetup(q, u.userId, deps.config.totpSecretKey));
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/v1/auth/totp/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Finish TOTP enrolment with a code from the new secret',
        body: Type.Object({ code: Code }, { additionalProperties: false }),
        response: { 200: Type.Object({ enabled: Type.Boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await limitTotpTries(u.userId);
      const ok = await deps.db.tx(async (q) => {
        const done = await confirmTotp(q, deps.clock, u.userId, req.body.code, req.sessionToken, deps.config.sessionTtlHours, deps.config.totpSecretKey);
        if (done) await audit(q, u, 'user.totp_enable', { type: 'user', id: u.username }, {}, deps.clock.now(), req.ip);
        return done;
      });
      if (!ok) throw badRequest('Wrong code', { code: 'wrong code' });
      return { enabled: true };
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/v1/auth/totp/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn TOTP off with a current code (not for roles that require it)',
        body: Type.Object({ code: Code }, { additionalProperties: false }),
        response: { 200: Type.Object({ enabled: Type.Boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const u = requireUser(req);
      if (await requiresTotp(deps.db, u.userId, deps.config.totpRequiredRoles)) throw forbidden('Your role requires two-step sign-in; it cannot be turned off');
      await limitTotpTries(u.userId);
      const ok = await deps.db.tx(async (q) => {
        const done = await disableTotp(q, deps.clock, u.userId, req.body.code, deps.config.totpSecretKey);
        if (done) await audit(q, u, 'user.totp_disable', { type: 'user', id: u.username }, {}, deps.clock.now(), req.ip);
        return done;
      });
      if (!ok) throw badRequest('Wrong or already used code', { code: 'wrong or already used code' });
      return { enabled: false };
    },
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: "Change one's own password (the password rules apply; other sessions end)",
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_CHARS * 2 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const row = (
        await deps.db.query<{ password_hash: string | null; email: string | null; phone: string | null }>('SELECT password_hash, email, phone FROM users WHERE id = $1', [u.userId])
      ).rows[0];
      const ok = row?.password_hash ? await verify(row.password_hash, req.body.currentPassword).catch(() => false) : false;
      if (!ok) throw badRequest('The current password is wrong', { currentPassword: 'wrong password' });
      assertPasswordAcceptable(req.body.newPassword, { username: u.username, name: u.displayName, email: row?.email, phone: row?.phone });
      const hash = await hashPassword(req.body.newPassword);
      await deps.db.tx(async (q) => {
        await q.query('UPDATE users SET password_hash = $2 WHERE id = $1', [u.userId, hash]);
        // Every other session ends: whoever else knew the old password is out.
        await q.query(
          `UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> encode(sha256(convert_to($2, 'UTF8')), 'hex')`,
          [u.userId, req.sessionToken ?? '', deps.clock.now()],
        );
        await audit(q, u, 'user.password_change', { type: 'user', id: u.username }, {}, deps.clock.now(), req.ip);
      });
      return reply.status(204).send();
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'End the current session', response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    if (req.sessionToken) await logout(deps.db, deps.clock, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserView, ...errorResponses } } }, async (req) => {
    const u = requireUser(req);
    return { username: u.username, displayName: u.displayName, roles: u.grants.map((g) => ({ role: g.role, organisation: g.org?.code ?? null })) };
  });
}
