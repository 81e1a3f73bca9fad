// The triage HTTP edge: routing suggestions, similar complaints at intake, duplicates, the intake
// quality check and the block list. Static paths (/complaints/similar, /complaints/check) win over
// /complaints/:trackingNumber in Fastify's router.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, type Deps } from '../../platform/http';
import { addBlock, duplicatesOf, listBlocks, removeBlock, similarComplaints, suggestionsFor } from '.';
import { qualityScore, spamScore } from './scoring';

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
    async (req) => suggestionsFor(deps.db, req.actor, req.params.trackingNumber, deps.clock.now()),
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
