// The triage HTTP edge: routing suggestions, similar complaints at intake, duplicates, the intake
// quality check and the block list. Static paths (/complaints/similar, /complaints/check) win over
// /complaints/:trackingNumber in Fastify's router.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, type Deps } from '../../platform/http';
import type { Db } from '../../db/client';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { emit } from '../../platform/outbox';
import { primaryRole, type Actor } from '../access/actor';
import { mayTake, readLevel } from '../complaints/permissions';
import { factsOf, findComplaint } from '../complaints/repository';
import { addBlock, duplicatesOf, listBlocks, removeBlock, similarComplaints, suggestionsFor } from '.';
import { qualityScore, spamScore, SPAM_THRESHOLD } from './scoring';

const AnyObject = Type.Object({}, { additionalProperties: true });
const TrackingParams = Type.Object({ trackingNumber: Type.String({ minLength: 4, maxLength: 20 }) });

export function registerTriageRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Params: { trackingNumber: string } }>(
    '/api/v1/complaints/:trackingNumber/suggestions',
    {
      schema: {
        tags: ['triage'],
        summary: 'Routing suggestions for an admin who may verify the complaint: top 3 destination organisations and categories with confidence',
        params: TrackingParams,
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (req) => {
      const s = await suggestionsFor(deps.db, req.actor, req.params.trackingNumber, deps.clock.now());
      // The intake scores ride along: the same admins decide on verification, spam and quality.
      return { ...s, scores: await scoresOf(deps.db, s.trackingNumber) };
    },
  );

  app.post<{ Params: { trackingNumber: string }; Body: { note?: string } }>(
    '/api/v1/complaints/:trackingNumber/not-spam',
    {
      schema: {
        tags: ['triage'],
        summary: 'An admin takes a complaint out of the spam queue into the normal queue (its spam score becomes 0; an internal timeline entry records it)',
        params: TrackingParams,
        body: Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false })),
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (req) => markNotSpam(deps.db, req.actor, req.params.trackingNumber, req.body?.note, deps.clock.now()),
  );

  app.get<{ Params: { trackingNumber: string } }>(
    '/api/v1/complaints/:trackingNumber/duplicates',
    {
      schema: {
        tags: ['triage'],
        summary: 'Possible duplicates of a complaint within the admin’s scope (same government, open, last 60 days)',
        params: TrackingParams,
        response: { 200: Type.Object({ items: Type.Array(AnyObject) }), ...errorResponses },
      },
    },
    async (req) => duplicatesOf(deps.db, req.actor, req.params.trackingNumber, deps.clock.now()),
  );

  app.get<{ Querystring: { regionCode: string; categoryCode: string; title: string; body?: string } }>(
    '/api/v1/complaints/similar',
    {
      schema: {
        tags: ['triage'],
        summary: 'Public, open complaints of the same region and category from the last 60 days that look like the one being written (no personal data)',
        querystring: Type.Object(
          {
            regionCode: Type.String({ minLength: 1, maxLength: 100 }),
            categoryCode: Type.String({ minLength: 1, maxLength: 100 }),
            title: Type.String({ minLength: 1, maxLength: 200 }),
            body: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AnyObject) }), ...errorResponses },
      },
    },
    async (req) => similarComplaints(deps.db, req.query, deps.clock.now()),
  );

  app.post<{ Body: { title: string; body: string; categoryCode?: string; occurredAt?: string; location?: { address?: string; lat?: number; lng?: number; regionCode?: string } } }>(
    '/api/v1/complaints/check',
    {
      schema: {
        tags: ['triage'],
        summary: 'Checks a draft complaint before filing: what is missing (in Indonesian) and a quality score; nothing is stored',
        body: Type.Object(
          {
            title: Type.String({ maxLength: 200 }),
            body: Type.String({ maxLength: 10_000 }),
            categoryCode: Type.Optional(Type.String({ maxLength: 100 })),
            occurredAt: Type.Optional(Type.String({ maxLength: 40 })),
            location: Type.Optional(
              Type.Object(
                {
                  regionCode: Type.Optional(Type.String({ maxLength: 100 })),
                  address: Type.Optional(Type.String({ maxLength: 500 })),
                  lat: Type.Optional(Type.Number()),
                  lng: Type.Optional(Type.Number()),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (req) => {
      const b = req.body;
      const quality = qualityScore({
        title: b.title,
        body: b.body,
        address: b.location?.address,
        occurredAt: b.occurredAt,
        categoryCode: b.categoryCode,
        hasCoordinates: b.location?.lat !== undefined,
      });
      const spam = spamScore({ title: b.title, body: b.body });
      return { qualityScore: quality.score, complete: quality.missing.length === 0, missing: quality.missing, looksLikeSpam: spam.reasons.includes('spam_phrase') || spam.reasons.includes('links') };
    },
  );

  app.get(
    '/api/v1/blocklist',
    { schema: { tags: ['triage'], summary: 'Blocked phone numbers and emails within the admin’s scope', response: { 200: Type.Object({ items: Type.Array(AnyObject) }), ...errorResponses } } },
    async (req) => listBlocks(deps.db, req.actor),
  );

  app.post<{ Body: { kind: 'phone' | 'email'; value: string; organisationCode?: string; reason?: string } }>(
    '/api/v1/blocklist',
    {
      schema: {
        tags: ['triage'],
        summary: 'Blocks a phone number or email for an organisation in the admin’s scope: their complaints go to the spam queue',
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('phone'), Type.Literal('email')]),
            value: Type.String({ minLength: 3, maxLength: 200 }),
            organisationCode: Type.Optional(Type.String({ maxLength: 100 })),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AnyObject, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await addBlock(deps.db, req.actor, req.body, deps.clock.now())),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/blocklist/:id',
    {
      schema: {
        tags: ['triage'],
        summary: 'Removes a block list entry within the admin’s scope',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeBlock(deps.db, req.actor, req.params.id);
      return reply.status(204).send();
    },
  );
}

async function scoresOf(db: Db, trackingNumber: string) {
  const r = (await db.query<{ spam_score: number; spam_reasons: string[]; quality_score: number | null }>('SELECT spam_score, spam_reasons, quality_score FROM complaints WHERE tracking_number = $1', [trackingNumber])).rows[0];
  if (!r) return null;
  const spam = Number(r.spam_score);
  return { spam, spamReasons: r.spam_reasons ?? [], inSpamQueue: spam >= SPAM_THRESHOLD, quality: r.quality_score === null ? null : Number(r.quality_score) };
}

/**
 * "Bukan spam": one transaction sets the score to 0 (the reasons stay, for the record) and writes an
 * internal timeline entry and the `complaint.not_spam` outbox event. Only the complaint's admins
 * (those who may verify it): 404 outside their sight, 403 for other staff, 409 when it is not in the queue.
 */
export async function markNotSpam(db: Db, actor: Actor, trackingNumber: string, note: string | undefined, now: Date) {
  return db.tx(async (q) => {
    const c = await findComplaint(q, trackingNumber, { forUpdate: true });
    if (!c) throw notFound('Complaint');
    const facts = factsOf(c);
    if (!mayTake(actor, facts, 'verify')) {
      if (readLevel(actor, facts) === 'none') throw notFound('Complaint');
      throw forbidden('Only the admins of this complaint decide on spam');
    }
    const cur = (await q.query<{ spam_score: number }>('SELECT spam_score FROM complaints WHERE id = $1', [c.id])).rows[0]!;
    if (Number(cur.spam_score) < SPAM_THRESHOLD) throw conflict('The complaint is not in the spam queue', 'not_in_spam_queue');
    await q.query('UPDATE complaints SET spam_score = 0, updated_at = $2 WHERE id = $1', [c.id, now]);
    await q.query(
      `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_user_id, actor_role, holder_org_id, message, data, internal)
       VALUES ($1, $2, 'not_spam', $3, $3, $4, $5, $6, $7, $8, true)`,
      [c.id, now, c.status, actor.kind === 'user' ? actor.userId : null, primaryRole(actor), c.holder_org_id, note?.trim() || null, JSON.stringify({ spamScore: Number(cur.spam_score) })],
    );
    await emit(q, 'complaint.not_spam', c.id, { trackingNumber: c.tracking_number, action: 'not_spam', from: c.status, to: c.status }, now);
    return { trackingNumber: c.tracking_number, status: c.status, scores: { spam: 0, inSpamQueue: false } };
  });
}
