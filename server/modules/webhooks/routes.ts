// The webhook HTTP edge (docs/webhooks.md): register (the secret is in this response only), list,
// delete, and each webhook's delivery log.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, type Deps } from '../../platform/http';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, WEBHOOK_EVENT_TYPES } from '.';

const WebhookView = Type.Object({
  id: Type.Integer(),
  organisation: Type.Object({ code: Type.String(), name: Type.String() }),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const NewWebhookBody = Type.Object(
  {
    organisationCode: Type.String({ minLength: 1, maxLength: 100 }),
    url: Type.String({ minLength: 8, maxLength: 2000 }),
    events: Type.Array(Type.String({ maxLength: 50 }), { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, uniqueItems: true, description: `Any of ${WEBHOOK_EVENT_TYPES.join(', ')}` }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const DeliveryView = Type.Object({
  id: Type.Integer(),
  eventId: Type.String(),
  eventType: Type.String(),
  trackingNumber: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  lastAttemptAt: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastResponse: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
});

export function registerWebhookRoutes(app: FastifyInstance, deps: Deps) {
  app.post<{ Body: Static<typeof NewWebhookBody> }>(
    '/api/v1/webhooks',
    {
      schema: {
        tags: ['integration'],
        summary: "Register a webhook for an organisation's complaint events (its admins); the signing secret is shown only in this response",
        body: NewWebhookBody,
        response: { 201: Type.Intersect([Type.Object({ secret: Type.String() }), WebhookView]), ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.db.tx((q) => createWebhook(q, req.actor, req.body, deps.clock.now(), req.ip))),
  );

  app.get<{ Querystring: { organisation?: string } }>(
    '/api/v1/webhooks',
    {
      schema: {
        tags: ['integration'],
        summary: 'The webhooks of the organisations the caller manages (never their secrets)',
        querystring: Type.Object({ organisation: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(WebhookView) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listWebhooks(deps.db, req.actor, { organisation: req.query.organisation }) }),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/webhooks/:id',
    {
      schema: { tags: ['integration'], summary: 'Delete a webhook; its pending deliveries end as failed', params: Id, response: { 204: Type.Null(), ...errorResponses } },
    },
    async (req, reply) => {
      await deps.db.tx((q) => deleteWebhook(q, req.actor, req.params.id, deps.clock.now(), req.ip));
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: number }; Querystring: { limit?: number; before?: number; status?: 'pending' | 'delivered' | 'failed' } }>(
    '/api/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['integration'],
        summary: "A webhook's deliveries, newest first, with the last status code and response of each",
        params: Id,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991 })),
            status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DeliveryView), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => listDeliveries(deps.db, req.actor, req.params.id, req.query),
  );
}
