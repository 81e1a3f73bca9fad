// Citizen accounts over HTTP: registration, one-time codes, sign-in by code or by contact, profile
// and erasure. "My complaints" is GET /api/v1/complaints, which for a reporter lists exactly their
// own (claimed guest complaints included); there is no second list.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SESSION_COOKIE, errorResponses, requireUser, setSessionCookie, type Deps } from '../../platform/http';
import { login, type LoginResult } from '../users';
import { eraseAccount, getProfile, register, requestLoginCode, updateProfile, usernameForContact, verifyCode, type CitizenPolicy } from '.';

const Lang = Type.Union([Type.Literal('id'), Type.Literal('en')]);

const Ticket = Type.Object({
  verificationId: Type.String(),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
  expiresAt: Type.String({ format: 'date-time' }),
});

const UserView = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Object({ role: Type.String(), organisation: Type.Union([Type.String(), Type.Null()]) })),
});
const Session = Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), user: UserView });

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const Profile = Type.Object({
  username: Type.String(),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  emailVerified: Type.Boolean(),
  phoneVerified: Type.Boolean(),
  hasPassword: Type.Boolean(),
  roles: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

const RegisterBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    language: Type.Optional(Lang),
  },
  { additionalProperties: false },
);
const CodeBody = Type.Object({ contact: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });
const VerifyBody = Type.Object(
  { verificationId: Type.String({ minLength: 1, maxLength: 64 }), code: Type.String({ minLength: 1, maxLength: 12 }) },
  { additionalProperties: false },
);
const ContactLoginBody = Type.Object(
  { contact: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
const PatchBody = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false });
const DeleteBody = Type.Object(
  { confirm: Type.String({ maxLength: 20 }), password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) },
  { additionalProperties: false },
);

export function registerCitizenRoutes(app: FastifyInstance, deps: Deps) {
  const policy = (): CitizenPolicy => ({ sessionTtlHours: deps.config.sessionTtlHours, codesPerAddressHour: deps.config.citizenCodesPerAddressHour });
  // The same cookie as POST /api/v1/auth/login (users/routes.ts): every way in yields one kind of session.
  const signIn = (req: FastifyRequest, reply: FastifyReply, r: LoginResult) => {
    setSessionCookie(req, reply, deps, r.token, r.expiresAt);
    return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user };
  };

  app.post<{ Body: { name: string; phone?: string; email?: string; password?: string; language?: 'id' | 'en' } }>(
    '/api/v1/citizens/register',
    {
      schema: {
        tags: ['citizens'],
        summary: 'Register with a name and a phone number or an email; a code is sent there (the same answer whether or not it is registered)',
        body: RegisterBody,
        response: { 202: Ticket, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(202).send(await register(deps.db, deps.clock, policy(), req.body, req.ip)),
  );

  app.post<{ Body: { contact: string } }>(
    '/api/v1/auth/code',
    {
      schema: {
        tags: ['auth'],
        summary: 'Ask for a one-time sign-in code by SMS or email (the same answer whether or not an account exists)',
        body: CodeBody,
        response: { 202: Ticket, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(202).send(await requestLoginCode(deps.db, deps.clock, policy(), req.body, req.ip)),
  );

  app.post<{ Body: { verificationId: string; code: string } }>(
    '/api/v1/auth/code/verify',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in (and finish a registration) with the six-digit code; answers like POST /api/v1/auth/login',
        body: VerifyBody,
        response: { 200: Session, ...errorResponses },
      },
    },
    async (req, reply) => signIn(req, reply, await verifyCode(deps.db, deps.clock, policy(), req.body, req.ip)),
  );

  app.post<{ Body: { contact: string; password: string } }>(
    '/api/v1/auth/contact-login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a verified phone number or email and the password (same throttling as /auth/login)',
        body: ContactLoginBody,
        response: { 200: Session, ...errorResponses },
      },
    },
    async (req, reply) => {
      const username = await usernameForContact(deps.db, req.body.contact);
      const r = await login(
        deps.db,
        deps.clock,
        {
          maxFailures: deps.config.loginMaxFailures,
          lockMinutes: deps.config.loginLockMinutes,
          sessionTtlHours: deps.config.sessionTtlHours,
          // A staff account that must enrol in TOTP is refused here and signs in at /auth/login.
          totpRequiredRoles: deps.config.totpRequiredRoles,
        },
        { username, password: req.body.password, address: req.ip },
      );
      return signIn(req, reply, r);
    },
  );

  app.get('/api/v1/me', { schema: { tags: ['citizens'], summary: "The signed-in person's profile", response: { 200: Profile, ...errorResponses } } }, async (req) =>
    getProfile(deps.db, requireUser(req).userId),
  );

  app.patch<{ Body: { name?: string } }>(
    '/api/v1/me',
    {
      schema: {
        tags: ['citizens'],
        summary: 'Change the profile (name); notification choices are PUT /api/v1/me/notification-preferences',
        body: PatchBody,
        response: { 200: Profile, ...errorResponses },
      },
    },
    async (req) => updateProfile(deps.db, requireUser(req).userId, req.body),
  );

  app.delete<{ Body: { confirm: string; password?: string } }>(
    '/api/v1/me',
    {
      schema: {
        tags: ['citizens'],
        summary: 'Erase the account: the person is anonymised, the complaints and their history stay (UU 27/2022)',
        body: DeleteBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await eraseAccount(deps.db, deps.clock, requireUser(req).userId, req.body, req.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
}
