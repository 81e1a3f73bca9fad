// The federation HTTP edge (docs/federation.md): this installation's identity, peers (admins), the
// forward-out command, the admins' view of the outgoing queue, and the two signed inbox endpoints
// that peers call.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError, forbidden } from '../../platform/errors';
import { errorResponses, type Deps } from '../../platform/http';
import { grantsOf } from '../access/actor';
import {
  authenticatePeer,
  forwardToPeer,
  identity,
  INBOX_COMPLAINTS,
  INBOX_REPORTER,
  INBOX_SUMMARY,
  INBOX_UPDATES,
  listMessages,
  listPeers,
  listSharedSummaries,
  pullSummaries,
  receiveForward,
  receiveReporterStep,
  receiveUpdate,
  registerPeer,
  removePeer,
  renameIdentity,
  retryMessage,
  rotateIdentity,
  rotatePeerKey,
  summaryForPeer,
  updatePeer,
  type FetchFn,
  type ForwardPayload,
  type ReporterStepPayload,
  type UpdatePayload,
} from '.';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const IdentityView = Type.Object({ name: Type.String(), publicKey: Type.String(), keyId: Type.String(), algorithm: Type.String() });

const PeerView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  baseUrl: Type.String(),
  publicKey: Type.String(),
  keyId: Type.String(),
  mayReceive: Type.Boolean(),
  maySend: Type.Boolean(),
  maySubscribe: Type.Boolean(),
  subscribe: Type.Boolean(),
  organisation: Nullable(Type.String()),
  organisations: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  queue: Type.Object({ pending: Type.Integer(), failed: Type.Integer(), oldestPendingAt: Nullable(Type.String({ format: 'date-time' })), lastStatus: Nullable(Type.Integer()), lastError: Nullable(Type.String()) }),
});

const PeerParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const PeerChangeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    baseUrl: Type.Optional(Type.String({ minLength: 8, maxLength: 2000 })),
    mayReceive: Type.Optional(Type.Boolean()),
    maySend: Type.Optional(Type.Boolean()),
    maySubscribe: Type.Optional(Type.Boolean()),
    subscribe: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const ReporterStepSchema = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 100 }),
  originTrackingNumber: Type.String({ pattern: '^[A-Z0-9]{6,20}$' }),
  action: Type.Union([Type.Literal('reply'), Type.Literal('rate'), Type.Literal('reopen')]),
  message: Nullable(Type.String({ maxLength: 10000 })),
  score: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  at: Type.String({ maxLength: 40 }),
});

const NewPeerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    baseUrl: Type.String({ minLength: 8, maxLength: 2000 }),
    publicKey: Type.String({ minLength: 40, maxLength: 200 }),
    organisations: Type.Array(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }), name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false })]), { maxItems: 1000 }),
    mayReceive: Type.Optional(Type.Boolean()),
    maySend: Type.Optional(Type.Boolean()),
    maySubscribe: Type.Optional(Type.Boolean()),
    subscribe: Type.Optional(Type.Boolean()),
    organisationCode: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

const ForwardBody = Type.Object({ organisationCode: Type.String({ minLength: 1, maxLength: 64 }), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

const ForwardPayloadSchema = Type.Object({
  originTrackingNumber: Type.String({ pattern: '^[A-Z0-9]{6,20}$' }),
  organisationCode: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.Union([Type.Literal('pengaduan'), Type.Literal('aspirasi'), Type.Literal('informasi')]),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ minLength: 1, maxLength: 10000 }),
  categoryCode: Nullable(Type.String()),
  occurredAt: Nullable(Type.String()),
  location: Type.Object({ regionCode: Type.Optional(Type.String()), address: Type.Optional(Type.String({ maxLength: 500 })), lat: Type.Optional(Type.Number()), lng: Type.Optional(Type.Number()) }),
  anonymous: Type.Boolean(),
  confidential: Type.Boolean(),
  reporterName: Nullable(Type.String({ maxLength: 200 })),
  createdAt: Type.String(),
  note: Nullable(Type.String({ maxLength: 2000 })),
  history: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), status: Type.String(), message: Nullable(Type.String()) }), { maxItems: 500 }),
  attachments: Type.Array(Type.Object({ contentType: Type.String(), data: Type.String() }), { maxItems: 20 }),
  attachmentsOmitted: Type.Integer({ minimum: 0 }),
});

const UpdatePayloadSchema = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 100 }),
  originTrackingNumber: Type.String({ pattern: '^[A-Z0-9]{6,20}$' }),
  trackingNumber: Type.String({ maxLength: 20 }),
  action: Type.String({ maxLength: 40 }),
  status: Type.String({ maxLength: 40 }),
  message: Nullable(Type.String({ maxLength: 10000 })),
  at: Type.String({ maxLength: 40 }),
});

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

function requireStaffAdmin(req: FastifyRequest) {
  if (!grantsOf(req.actor).some((g) => g.role === 'national_admin' || g.role === 'org_admin')) throw forbidden('Only administrators manage federation');
}

/** `fetchImpl`: how this installation calls its peers (tests wire installations through inject). */
export function registerFederationRoutes(app: FastifyInstance, deps: Deps, opts: { fetchImpl?: FetchFn } = {}) {
  const ctx = { db: deps.db, clock: deps.clock, attachmentsDir: deps.config.attachmentsDir };
  const fetchImpl = opts.fetchImpl ?? (fetch as unknown as FetchFn);

  app.get('/api/v1/federation/identity', {
    schema: { tags: ['federation'], summary: "This installation's name and Ed25519 public key, for a peer's admin to register", response: { 200: IdentityView } },
  }, async () => {
    const me = await identity(deps.db, deps.clock.now());
    return { name: me.name, publicKey: me.publicKey, keyId: me.keyId, algorithm: 'ed25519' };
  });

  app.put<{ Body: { name: string } }>('/api/v1/federation/identity', {
    schema: { tags: ['federation'], summary: 'Name this installation (national admin)', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), response: { 200: IdentityView, ...errorResponses } },
  }, async (req) => {
    if (!grantsOf(req.actor).some((g) => g.role === 'national_admin')) throw forbidden('Only the national admin names the installation');
    await renameIdentity(deps.db, req.body.name, deps.clock.now());
    const me = await identity(deps.db, deps.clock.now());
    return { name: me.name, publicKey: me.publicKey, keyId: me.keyId, algorithm: 'ed25519' };
  });

  app.post<{ Body: Static<typeof NewPeerBody> }>('/api/v1/federation/peers', {
    schema: { tags: ['federation'], summary: 'Register another installation (national admin, or an organisation admin for its node)', body: NewPeerBody, response: { 201: PeerView, ...errorResponses } },
  }, async (req, reply) => {
    requireStaffAdmin(req);
    const organisations = req.body.organisations.map((o) => (typeof o === 'string' ? { code: o } : o));
    return reply.status(201).send(await registerPeer(deps.db, req.actor, { ...req.body, organisations }, deps.clock.now()));
  });

  app.get('/api/v1/federation/peers', {
    schema: { tags: ['federation'], summary: 'Peers this admin may use', response: { 200: Type.Object({ items: Type.Array(PeerView) }), ...errorResponses } },
  }, async (req) => {
    requireStaffAdmin(req);
    return { items: await listPeers(deps.db, req.actor) };
  });

  app.patch<{ Params: Static<typeof PeerParams>; Body: Static<typeof PeerChangeBody> }>('/api/v1/federation/peers/:id', {
    schema: { tags: ['federation'], summary: 'Change what a peer may do (receive, send, subscribe) or whether this installation subscribes to it', params: PeerParams, body: PeerChangeBody, response: { 200: PeerView, ...errorResponses } },
  }, async (req) => {
    requireStaffAdmin(req);
    return updatePeer(deps.db, req.actor, req.params.id, req.body);
  });

  app.put<{ Params: Static<typeof PeerParams>; Body: { publicKey: string } }>('/api/v1/federation/peers/:id/key', {
    schema: {
      tags: ['federation'],
      summary: "The peer rotated its key: register the new one (the old one is refused from now on)",
      params: PeerParams,
      body: Type.Object({ publicKey: Type.String({ minLength: 40, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: PeerView, ...errorResponses },
    },
  }, async (req) => {
    requireStaffAdmin(req);
    return rotatePeerKey(deps.db, req.actor, req.params.id, req.body.publicKey, deps.clock.now());
  });

  app.delete<{ Params: Static<typeof PeerParams> }>('/api/v1/federation/peers/:id', {
    schema: { tags: ['federation'], summary: 'Remove a peer: it is refused from now on; what still waited for it is marked failed', params: PeerParams, response: errorResponses },
  }, async (req, reply) => {
    requireStaffAdmin(req);
    await removePeer(deps.db, req.actor, req.params.id, deps.clock.now());
    return reply.status(204).send();
  });

  app.post('/api/v1/federation/identity/rotate', {
    schema: { tags: ['federation'], summary: "A new key pair for this installation (national admin); every peer must register the new public key", response: { 200: IdentityView, ...errorResponses } },
  }, async (req) => {
    if (!grantsOf(req.actor).some((g) => g.role === 'national_admin')) throw forbidden('Only the national admin rotates the installation key');
    const me = await rotateIdentity(deps.db, deps.clock.now());
    return { name: me.name, publicKey: me.publicKey, keyId: me.keyId, algorithm: 'ed25519' };
  });

  app.post<{ Params: Static<typeof PeerParams> }>('/api/v1/federation/outbox/:id/retry', {
    schema: { tags: ['federation'], summary: 'Send a failed request to a peer again', params: PeerParams, response: errorResponses },
  }, async (req, reply) => {
    requireStaffAdmin(req);
    await retryMessage(deps.db, req.actor, req.params.id, deps.clock.now());
    return reply.status(202).send({ id: req.params.id, status: 'pending' });
  });

  app.get('/api/v1/federation/shared/summary', {
    schema: { tags: ['federation'], summary: "The shared view: the last summary of every installation this one subscribes to (counts only), and their sum", response: errorResponses },
  }, async (req) => {
    requireStaffAdmin(req);
    return listSharedSummaries(deps.db, req.actor, deps.clock.now());
  });

  app.post('/api/v1/federation/shared/refresh', {
    schema: { tags: ['federation'], summary: 'Pull the summaries of the subscribed peers now (the worker does it every 15 minutes)', response: errorResponses },
  }, async (req) => {
    requireStaffAdmin(req);
    const usable = (await listPeers(deps.db, req.actor)).filter((p) => p.subscribe).map((p) => p.id);
    const r = usable.length ? await pullSummaries(deps.db, deps.clock.now(), fetchImpl, { force: true, peerIds: usable, timeoutMs: 10_000 }) : { fetched: 0, failed: 0 };
    return { ...r, ...(await listSharedSummaries(deps.db, req.actor, deps.clock.now())) };
  });

  app.get<{ Querystring: { status?: string } }>('/api/v1/federation/outbox', {
    schema: {
      tags: ['federation'],
      summary: 'Requests to peers: pending (with attempts and the last error), sent, failed',
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])) }),
      ...{ response: errorResponses },
    },
  }, async (req) => {
    requireStaffAdmin(req);
    return { items: await listMessages(deps.db, req.actor, { status: req.query.status }) };
  });

  app.post<{ Params: { trackingNumber: string }; Body: Static<typeof ForwardBody> }>('/api/v1/federation/complaints/:trackingNumber/forward', {
    schema: { tags: ['federation'], summary: 'Forward a complaint to an organisation hosted by a peer installation (the lifecycle\'s forward)', params: Type.Object({ trackingNumber: Type.String({ maxLength: 20 }) }), body: ForwardBody, response: errorResponses },
  }, async (req, reply) => reply.status(202).send(await forwardToPeer(ctx, req.actor, req.params.trackingNumber, req.body)));

  // The signed inbox: its own JSON parser keeps the exact bytes for the signature check, which runs
  // before validation so that an unauthenticated caller learns nothing about the schema.
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw: Buffer, done) => {
      rawBodies.set(req, raw);
      try {
        done(null, JSON.parse(raw.toString('utf8')));
      } catch {
        done(new AppError(400, 'bad_request', 'Malformed JSON body'));
      }
    });
    const peerOf = new WeakMap<FastifyRequest, Awaited<ReturnType<typeof authenticatePeer>>>();
    scope.addHook('preValidation', async (req) => {
      const path = req.url.split('?')[0]!;
      peerOf.set(req, await authenticatePeer(deps.db, deps.clock, { method: req.method, path, headers: req.headers, rawBody: rawBodies.get(req) ?? Buffer.alloc(0) }));
    });
    scope.post<{ Body: ForwardPayload }>(INBOX_COMPLAINTS, {
      bodyLimit: 16 * 1024 * 1024,
      schema: { tags: ['federation'], summary: 'A peer forwards a complaint here (signed)', body: ForwardPayloadSchema, response: errorResponses },
    }, async (req, reply) => {
      const r = await receiveForward(ctx, peerOf.get(req)!, req.body);
      return reply.status(r.duplicate ? 200 : 201).send(r);
    });
    scope.post<{ Body: UpdatePayload }>(INBOX_UPDATES, {
      schema: { tags: ['federation'], summary: 'A peer reports a status change of a complaint forwarded from here (signed)', body: UpdatePayloadSchema, response: errorResponses },
    }, async (req) => receiveUpdate(ctx, peerOf.get(req)!, req.body));
    scope.post<{ Body: ReporterStepPayload }>(INBOX_REPORTER, {
      schema: { tags: ['federation'], summary: "The reporter replied, rated or reopened at the origin of a complaint forwarded here (signed)", body: ReporterStepSchema, response: errorResponses },
    }, async (req) => receiveReporterStep(ctx, peerOf.get(req)!, req.body));
    scope.get(INBOX_SUMMARY, {
      schema: { tags: ['federation'], summary: "This installation's non-confidential summary, counts only (signed; peers allowed to subscribe)", response: errorResponses },
    }, async (req) => summaryForPeer(deps.db, peerOf.get(req)!, deps.clock.now()));
  });
}
