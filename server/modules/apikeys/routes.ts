// The API-key HTTP edge (api.md, "API keys"): issue (the key is in this response only), list, revoke.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, type Deps } from '../../platform/http';
import { API_KEY_SCOPES } from '../access/actor';
import { createApiKey, listApiKeys, revokeApiKey } from '.';

const KeyView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  scopes: Type.Array(Type.String()),
  organisation: Type.Object({ code: Type.String(), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  active: Type.Boolean(),
});

const NewKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Type.Union(API_KEY_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: 3, uniqueItems: true }),
    organisationCode: Type.String({ minLength: 1, maxLength: 100 }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export function registerApiKeyRoutes(app: FastifyInstance, deps: Deps) {
  app.post<{ Body: Static<typeof NewKeyBody> }>(
    '/api/v1/api-keys',
    {
      schema: {
        tags: ['integration'],
        summary: 'Issue an API key for an organisation (its admins, or the national admin); the key is shown only in this response',
        body: NewKeyBody,
        response: { 201: Type.Intersect([Type.Object({ key: Type.String() }), KeyView]), ...errorResponses },
      },
    },
    async (req, reply) => {
      const created = await deps.db.tx((q) => createApiKey(q, req.actor, req.body, deps.clock.now(), req.ip));
      return reply.status(201).send(created);
    },
  );

  app.get<{ Querystring: { organisation?: string } }>(
    '/api/v1/api-keys',
    {
      schema: {
        tags: ['integration'],
        summary: 'The API keys of the organisations the caller manages (never the keys themselves)',
        querystring: Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(KeyView) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listApiKeys(deps.db, req.actor, deps.clock.now(), { organisation: req.query.organisation }) }),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/api-keys/:id',
    {
      schema: {
        tags: ['integration'],
        summary: 'Revoke an API key at once',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deps.db.tx((q) => revokeApiKey(q, req.actor, req.params.id, deps.clock.now(), req.ip));
      return reply.status(204).send();
    },
  );
}
