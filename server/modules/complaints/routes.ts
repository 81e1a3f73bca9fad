// The complaints HTTP edge: validate, call a command or query, present. No business rules here.
import fs from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from 'typebox';
import { errorResponses, type Deps } from '../../platform/http';
import { limitComplaintIntake } from '../../platform/rate-limit';
import { AppError, badRequest } from '../../platform/errors';
import { badTextPath, validator } from '../../platform/validate';
import sjson from 'secure-json-parse';
import { ACTIONS, type Action } from './lifecycle';
import { performAction, type Ctx, type NewComplaint } from './commands';
import { submitWithExternalId } from './external';
import { getAttachment, getComplaint, listComplaints, presentAfterAction, timeline } from './queries';
import { DEFAULT_UPLOAD_LIMITS, resolveStoredFile, sanitiseUpload, UploadRejected, type SanitisedFile } from './attachments';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const NewComplaintSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('pengaduan'), Type.Literal('aspirasi'), Type.Literal('informasi')]),
    title: Text(200),
    body: Text(10_000),
    categoryCode: Type.Optional(Type.String({ maxLength: 100 })),
    organisationCode: Type.Optional(Type.String({ maxLength: 100 })),
    occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
    location: Type.Optional(
      Type.Object(
        {
          regionCode: Type.Optional(Type.String({ maxLength: 100 })),
          // A district (kecamatan) of that regency/city, e.g. `51.08.05`; see GET /api/v1/regions/{code}/districts.
          districtCode: Type.Optional(Type.String({ maxLength: 20 })),
          address: Type.Optional(Type.String({ maxLength: 500 })),
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        },
        { additionalProperties: false },
      ),
    ),
    anonymous: Type.Optional(Type.Boolean()),
    confidential: Type.Optional(Type.Boolean()),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Text(120),
          phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{6,18}$' })),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
    ),
    channel: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('mobile')])),
    // With an API key only: the filing system's own id; re-sending it returns the first complaint (200).
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })),
  },
  { additionalProperties: false },
);

const ActionBody = Type.Object(
  {
    organisationCode: Type.Optional(Type.String({ maxLength: 100 })),
    categoryCode: Type.Optional(Type.String({ maxLength: 100 })),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    anonymous: Type.Optional(Type.Boolean()),
    confidential: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Type.String({ maxLength: 5000 })),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
    message: Type.Optional(Type.String({ maxLength: 10_000 })),
    final: Type.Optional(Type.Boolean()),
    score: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    accessCode: Type.Optional(Type.String({ maxLength: 40 })),
    targetTrackingNumber: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

const TrackingParams = Type.Object({ trackingNumber: Type.String({ minLength: 4, maxLength: 20 }) });
const AnyObject = Type.Object({}, { additionalProperties: true });
const validateNewComplaint = validator<Static<typeof NewComplaintSchema>>(NewComplaintSchema);

async function readMultipart(req: FastifyRequest, maxBytes: number): Promise<{ data: unknown; files: SanitisedFile[] }> {
  let data: unknown;
  const files: SanitisedFile[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (part.fieldname !== 'data') throw badRequest(`Unexpected field ${part.fieldname}`, { [part.fieldname]: 'unknown field' });
        // A part sent as application/json arrives already parsed; a plain text field is parsed here.
        if (typeof part.value === 'string') {
          try {
            data = sjson.parse(part.value, undefined, { protoAction: 'error', constructorAction: 'error' });
          } catch {
            throw badRequest('The data part is not valid JSON', { data: 'malformed JSON' });
          }
        } else data = part.value;
        const bad = badTextPath(data, { decoded: true }, 'data');
        if (bad) throw badRequest('Text must be valid UTF-8 without NUL characters', { [bad]: 'invalid characters' });
      } else {
        if (part.fieldname !== 'attachments') throw badRequest(`Unexpected file field ${part.fieldname}`, { [part.fieldname]: 'unknown field' });
        const buf = await part.toBuffer();
        files.push(await sanitiseUpload(buf, { ...DEFAULT_UPLOAD_LIMITS, maxBytes }));
      }
    }
  } catch (err) {
    if (err instanceof UploadRejected) {
      throw new AppError(err.code === 'too_large' ? 413 : 400, `upload_${err.code}`, err.message, { attachments: err.message });
    }
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'upload_too_large', 'An attachment is larger than allowed', { attachments: 'too large' });
    if (code === 'FST_FILES_LIMIT') throw new AppError(400, 'too_many_files', 'Too many attachments', { attachments: 'too many files' });
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badRequest('Too many parts in the request');
    if (err instanceof AppError) throw err;
    // Anything else the multipart parser throws is a malformed body ("Unexpected end of form", bad headers).
    throw badRequest('Malformed multipart body');
  }
  if (data === undefined) throw badRequest('Missing the data part with the complaint', { data: 'required' });
  return { data, files };
}

export async function registerComplaintRoutes(app: FastifyInstance, deps: Deps) {
  const ctx: Ctx = { db: deps.db, clock: deps.clock, attachmentsDir: deps.config.attachmentsDir };
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploadMaxBytes, files: deps.config.uploadMaxFiles, fields: 5, parts: deps.config.uploadMaxFiles + 5, fieldSize: 64 * 1024 },
  });

  app.post(
    '/api/v1/complaints',
    {
      // Multipart requests carry the same JSON in their `data` part; it is validated by the same schema.
      bodyLimit: deps.config.uploadMaxBytes * deps.config.uploadMaxFiles + 1024 * 1024,
      schema: {
        tags: ['complaints'],
        summary:
          'File a complaint (JSON, or multipart with a `data` part and up to 5 `attachments`). With X-API-Key an `externalId` may be given; re-sending it answers 200 with the complaint filed first',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' })) }),
        response: { 200: AnyObject, 201: AnyObject, ...errorResponses },
      },
      preValidation: async (req) => {
        if (!req.isMultipart()) validateNewComplaint(req.body);
      },
    },
    async (req, reply) => {
      let input: unknown = req.body;
      let files: SanitisedFile[] = [];
      if (req.isMultipart()) {
        const m = await readMultipart(req, deps.config.uploadMaxBytes);
        input = validateNewComplaint(m.data, 'data');
        files = m.files;
      }
      // Submission rate limits (platform/rate-limit.ts): 429 with Retry-After; an idempotent retry is free.
      await limitComplaintIntake(deps.db, deps.config, deps.clock.now(), req.actor, req.ip, (input as NewComplaint).reporter, req.headers['idempotency-key'] as string | undefined);
      const r = await submitWithExternalId(ctx, req.actor, input as NewComplaint, files, req.headers['idempotency-key'] as string | undefined);
      return reply.status(r.status as 201).send(r.body);
    },
  );

  app.get<{ Querystring: Record<string, string | number | boolean | undefined> }>(
    '/api/v1/complaints',
    {
      schema: {
        tags: ['complaints'],
        summary: 'A page of complaints visible to the caller (staff: their scope; reporter: their own; guest or view=public: the public feed)',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ maxLength: 200 })),
            organisation: Type.Optional(Type.String({ maxLength: 100 })),
            category: Type.Optional(Type.String({ maxLength: 100 })),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            overdue: Type.Optional(Type.Boolean()),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('due')])),
            view: Type.Optional(Type.Union([Type.Literal('scope'), Type.Literal('public')])),
            queue: Type.Optional(Type.Union([Type.Literal('spam'), Type.Literal('main')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AnyObject), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => listComplaints(deps.db, req.actor, req.query as never, deps.clock.now()),
  );

  app.get<{ Params: { trackingNumber: string }; Querystring: { accessCode?: string } }>(
    '/api/v1/complaints/:trackingNumber',
    {
      schema: {
        tags: ['complaints'],
        summary: 'One complaint as the caller may see it, with `abilities`',
        params: TrackingParams,
        querystring: Type.Object({ accessCode: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (req) => getComplaint(deps.db, req.actor, req.params.trackingNumber, { accessCode: req.query.accessCode, now: deps.clock.now(), address: req.ip }),
  );

  app.get<{ Params: { trackingNumber: string }; Querystring: { accessCode?: string } }>(
    '/api/v1/complaints/:trackingNumber/timeline',
    {
      schema: {
        tags: ['complaints'],
        summary: 'Every step of a complaint, oldest first',
        params: TrackingParams,
        querystring: Type.Object({ accessCode: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(AnyObject) }), ...errorResponses },
      },
    },
    async (req) => timeline(deps.db, req.actor, req.params.trackingNumber, req.query.accessCode, deps.clock.now(), req.ip),
  );

  app.post<{ Params: { trackingNumber: string; action: Action }; Body: Static<typeof ActionBody> | undefined }>(
    '/api/v1/complaints/:trackingNumber/actions/:action',
    {
      schema: {
        tags: ['complaints'],
        summary: `One lifecycle step: ${ACTIONS.join(', ')}`,
        params: Type.Object({ trackingNumber: Type.String({ minLength: 4, maxLength: 20 }), action: Type.Union(ACTIONS.map((a) => Type.Literal(a))) }),
        body: ActionBody,
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (req) => {
      const input = req.body ?? {};
      const c = await performAction(ctx, req.actor, req.params.trackingNumber, req.params.action, input);
      return presentAfterAction(deps.db, c, req.actor, input.accessCode, deps.clock.now(), req.ip);
    },
  );

  app.get<{ Params: { trackingNumber: string; id: string }; Querystring: { accessCode?: string } }>(
    '/api/v1/complaints/:trackingNumber/attachments/:id',
    {
      schema: {
        tags: ['complaints'],
        summary: 'An attachment, to the callers who may see the complaint',
        params: Type.Object({ trackingNumber: Type.String({ minLength: 4, maxLength: 20 }), id: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ accessCode: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const a = await getAttachment(deps.db, req.actor, req.params.trackingNumber, req.params.id, req.query.accessCode);
      const file = resolveStoredFile(deps.config.attachmentsDir, a.storage_key);
      reply.headers({
        'content-type': a.content_type,
        'content-length': String(a.size),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=3600',
        'content-disposition': a.content_type.startsWith('image/') ? 'inline' : 'attachment',
      });
      return reply.send(fs.createReadStream(file));
    },
  );
}
