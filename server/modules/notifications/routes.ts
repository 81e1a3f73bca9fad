// The notifications HTTP edge (docs/notifications.md): the signed-in user's inbox and channel
// preferences, national admins' templates, admins' list of undelivered email.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorResponses, requireUser, type Deps } from '../../platform/http';
import { getPreferences, getTemplate, listInbox, listUndelivered, markRead, putTemplate, resetTemplate, setPreferences } from '.';
import { PLACEHOLDERS, TEMPLATE_NAMES } from './templates';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const InboxItem = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  template: Type.String(),
  trackingNumber: Nullable(Type.String()),
  subject: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String()),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

const Prefs = Type.Object({
  inapp: Type.Boolean(),
  email: Type.Boolean(),
  sms: Type.Boolean(),
  language: Type.Union([Type.Literal('id'), Type.Literal('en')]),
  emailAddress: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

const PrefsBody = Type.Object(
  {
    email: Type.Optional(Type.Boolean()),
    sms: Type.Optional(Type.Boolean()),
    language: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const TemplateKey = Type.Object({ event: Type.String({ maxLength: 50 }), lang: Type.String({ maxLength: 5 }) });
const TemplateView = Type.Object({ event: Type.String(), lang: Type.String(), subject: Type.String(), body: Type.String(), overridden: Type.Boolean() });
const TemplateBody = Type.Object(
  { subject: Type.String({ minLength: 1, maxLength: 300 }), body: Type.String({ minLength: 1, maxLength: 5000 }) },
  { additionalProperties: false },
);

const Undelivered = Type.Object({
  id: Type.Integer(),
  trackingNumber: Nullable(Type.String()),
  template: Type.String(),
  to: Nullable(Type.String()),
  subject: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
});

export function registerNotificationRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { limit?: number; before?: number; unread?: boolean } }>(
    '/api/v1/me/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: "The caller's in-app notifications, newest first (cursor: nextBefore)",
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), before: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991 })), unread: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(InboxItem), unread: Type.Integer(), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => listInbox(deps.db, requireUser(req).userId, req.query),
  );

  app.post<{ Params: { id: number } }>(
    '/api/v1/me/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of the caller\'s notifications read',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await markRead(deps.db, requireUser(req).userId, req.params.id, deps.clock.now());
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/me/notification-preferences',
    { schema: { tags: ['notifications'], summary: "The caller's notification channels (in-app is always on)", response: { 200: Prefs, ...errorResponses } } },
    async (req) => getPreferences(deps.db, requireUser(req).userId),
  );

  app.put<{ Body: Static<typeof PrefsBody> }>(
    '/api/v1/me/notification-preferences',
    { schema: { tags: ['notifications'], summary: 'Turn email or SMS notifications on or off, choose the language', body: PrefsBody, response: { 200: Prefs, ...errorResponses } } },
    async (req) => setPreferences(deps.db, requireUser(req).userId, req.body, deps.clock.now()),
  );

  app.get<{ Params: Static<typeof TemplateKey> }>(
    '/api/v1/notification-templates/:event/:lang',
    {
      schema: {
        tags: ['notifications'],
        summary: `A notification template in force (national admins). Templates: ${TEMPLATE_NAMES.join(', ')}; languages id, en`,
        params: TemplateKey,
        response: { 200: TemplateView, ...errorResponses },
      },
    },
    async (req) => getTemplate(deps.db, req.actor, req.params.event, req.params.lang),
  );

  app.put<{ Params: Static<typeof TemplateKey>; Body: Static<typeof TemplateBody> }>(
    '/api/v1/notification-templates/:event/:lang',
    {
      schema: {
        tags: ['notifications'],
        summary: `Override a template (national admins). Placeholders: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
        params: TemplateKey,
        body: TemplateBody,
        response: { 200: TemplateView, ...errorResponses },
      },
    },
    async (req) => putTemplate(deps.db, req.actor, req.params.event, req.params.lang, req.body, deps.clock.now()),
  );

  app.delete<{ Params: Static<typeof TemplateKey> }>(
    '/api/v1/notification-templates/:event/:lang',
    { schema: { tags: ['notifications'], summary: 'Back to the default wording (national admins)', params: TemplateKey, response: { 200: TemplateView, ...errorResponses } } },
    async (req) => resetTemplate(deps.db, req.actor, req.params.event, req.params.lang),
  );

  app.get<{ Querystring: { status?: 'queued' | 'failed'; limit?: number; before?: number } }>(
    '/api/v1/notifications/failed',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Email notifications not delivered: failed for good, or still queued (after a failed attempt or without SMTP) — admins',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('failed')])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: 9007199254740991 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Undelivered), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => listUndelivered(deps.db, req.actor, req.query),
  );
}
