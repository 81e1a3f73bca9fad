import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { SESSION_COOKIE, errorResponses, requireUser, type Deps } from '../../platform/http';
import { login, logout } from '.';

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

export function registerAuthRoutes(app: FastifyInstance, deps: Deps) {
  app.post<{ Body: { username: string; password: string } }>(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password',
        body: LoginBody,
        response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), user: UserView }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await login(deps.db, deps.clock, {
        maxFailures: deps.config.loginMaxFailures,
        lockMinutes: deps.config.loginLockMinutes,
        sessionTtlHours: deps.config.sessionTtlHours,
      }, { username: req.body.username, password: req.body.password, address: req.ip });
      reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.cookieSecure,
        path: '/',
        expires: r.expiresAt,
      });
      return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user };
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
