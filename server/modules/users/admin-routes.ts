// The account administration HTTP edge (admin console): list the staff of a node, create an
// account with one role, deactivate it, add or remove a role grant. Rules are in admin.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, type Deps } from '../../platform/http';
import { changeRole, createStaffUser, deactivateUser, listUsers, MIN_PASSWORD_LENGTH, resetPassword, STAFF_ROLES } from './admin';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const RoleSchema = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)));
const OrgCode = Type.String({ minLength: 1, maxLength: 100 });
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$' });

const UserView = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
  roles: Type.Array(Type.Object({ role: Type.String(), organisation: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]) })),
  otherRoles: Type.Integer({ description: 'Grants the account holds at nodes the caller does not manage (not listed)' }),
});

const NewUserBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]{1,63}$', description: 'lower case letters, digits, dot, dash, underscore' }),
    displayName: Type.String({ minLength: 1, maxLength: 120 }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: `at least ${MIN_PASSWORD_LENGTH} characters, not common, not containing the username, name, email or phone` }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{6,18}$' })),
    role: RoleSchema,
    organisationCode: OrgCode,
  },
  { additionalProperties: false },
);

const RoleBody = Type.Object(
  { action: Type.Union([Type.Literal('add'), Type.Literal('remove')]), role: RoleSchema, organisationCode: OrgCode },
  { additionalProperties: false },
);

export function registerUserAdminRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { organisation?: string; q?: string; limit?: number } }>(
    '/api/v1/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Staff accounts with a role at the organisation or below (its admins and the national admin)',
        querystring: Type.Object(
          {
            organisation: Type.Optional(Type.String({ maxLength: 100 })),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ organisation: Type.Object({ code: Type.String(), name: Type.String() }), items: Type.Array(UserView), truncated: Type.Boolean() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return listUsers(deps.db, req.actor, req.query);
    },
  );

  app.post<{ Body: Static<typeof NewUserBody> }>(
    '/api/v1/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a staff account with one role (organisation admins within their node; national_admin and oversight by the national admin only)',
        body: NewUserBody,
        response: { 201: UserView, ...errorResponses },
      },
    },
    async (req, reply) => {
      const view = await deps.db.tx((q) => createStaffUser(q, req.actor, req.body, deps.clock.now(), req.ip));
      return reply.status(201).send(view);
    },
  );

  app.post<{ Params: { username: string } }>(
    '/api/v1/users/:username/deactivate',
    {
      schema: {
        tags: ['admin'],
        summary: 'Deactivate an account: it can no longer sign in and its sessions end at once',
        params: Type.Object({ username: Username }),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (req) => deps.db.tx((q) => deactivateUser(q, req.actor, req.params.username, deps.clock.now(), req.ip)),
  );

  app.post<{ Params: { username: string }; Body: { password: string } }>(
    '/api/v1/users/:username/password',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set a new password for an account (the password rules apply; its sessions end)',
        params: Type.Object({ username: Username }),
        body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (req) => deps.db.tx((q) => resetPassword(q, req.actor, req.params.username, req.body.password, deps.clock.now(), req.ip)),
  );

  app.post<{ Params: { username: string }; Body: Static<typeof RoleBody> }>(
    '/api/v1/users/:username/roles',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add or remove one role grant of an account',
        params: Type.Object({ username: Username }),
        body: RoleBody,
        response: { 200: UserView, ...errorResponses },
      },
    },
    async (req) => deps.db.tx((q) => changeRole(q, req.actor, req.params.username, req.body, deps.clock.now(), req.ip)),
  );
}
