// The Open311 GeoReport v2 edge under /open311/v2 (docs/open311.md), in its own plugin scope: its
// own form-encoded body parser, its own error format, XML or JSON by the URL's extension.
import { limitComplaintIntake } from '../../platform/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/http';
import { admitApiKey, type ApiKeyActor } from '../apikeys';
import { getCategoryByCode, listCategories, type Category } from '../categories';
import { getOrgByCode, isWithin, type Organisation } from '../organisations';
import { findComplaint } from '../complaints/repository';
import { isPublic } from '../complaints/permissions';
import { factsOf } from '../complaints/repository';
import type { Ctx } from '../complaints/commands';
import { CONTENT_TYPES, FORMATS, render, splitFormat, type Format, type Value } from './format';
import { badRequest, forbidden, notFound, Open311Error, toOpen311Error } from './errors';
import { DEFINITIONS_CHANGESET, isService, presentDefinition, presentService } from './services';
import { findRequest, findRequests, findUpdates } from './requests';
import { list, one, paging, requestsQuery, window, type Raw } from './params';
import { field, fileRequest, postUpdate, type FormBody } from './intake';

export const OPEN311_PREFIX = '/open311/v2';
const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * `application/x-www-form-urlencoded`, strictly: UTF-8 (invalid bytes or percent-escapes are a 400,
 * not silently replaced), `+` as space, and the spec's bracketed keys: `attribute[code]=v` and
 * `attribute[code][]=v1&attribute[code][]=v2` become attributes; `media_url[]` becomes `media_url`.
 */
export function parseForm(raw: Buffer): FormBody {
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    throw badRequest('Body is not valid UTF-8');
  }
  const fields = new Map<string, string[]>();
  const attributes = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const i = pair.indexOf('=');
    let k: string;
    let v: string;
    try {
      k = decodeURIComponent((i < 0 ? pair : pair.slice(0, i)).replace(/\+/g, ' '));
      v = i < 0 ? '' : decodeURIComponent(pair.slice(i + 1).replace(/\+/g, ' '));
    } catch {
      throw badRequest('Malformed form encoding (a bad percent-escape or invalid UTF-8)');
    }
    const attr = /^attribute\[([^\][]{1,100})\](\[\])?$/.exec(k);
    if (attr) add(attributes, attr[1]!, v);
    else if (k.startsWith('attribute[')) throw badRequest(`Malformed attribute key ${k.slice(0, 60)}; use attribute[code]=value`);
    else add(fields, k.endsWith('[]') ? k.slice(0, -2) : k, v);
  }
  return { fields, attributes };
}

const isForm = (b: unknown): b is FormBody => typeof b === 'object' && b !== null && (b as FormBody).fields instanceof Map;

function send(reply: FastifyReply, format: Format, root: string, data: Value, status = 200) {
  return reply.status(status).header('content-type', CONTENT_TYPES[format]).send(render(format, root, data));
}

/** The error's format follows the URL's extension; XML (the required format) when there is none. */
const formatOfUrl = (url: string): Format => (url.split('?')[0]!.endsWith('.json') ? 'json' : 'xml');

function sendError(reply: FastifyReply, url: string, e: Open311Error) {
  if (e.headers) reply.headers(e.headers);
  return send(reply, formatOfUrl(url), 'errors', e.errors as unknown as Value, e.status);
}

export function baseUrlOf(deps: Deps, req: FastifyRequest): string {
  return (deps.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

async function jurisdictionOf(deps: Deps, raw: Raw): Promise<Organisation | undefined> {
  const code = one(raw, 'jurisdiction_id');
  if (code === undefined) return undefined;
  const org = await getOrgByCode(deps.db, code);
  if (!org || !org.active) throw notFound(`jurisdiction_id ${code.slice(0, 100)} not found`);
  return org;
}

async function serviceOf(deps: Deps, code: string): Promise<Category> {
  const c = await getCategoryByCode(deps.db, code);
  if (!c || !isService(c)) throw notFound(`service_code ${code.slice(0, 100)} not found`);
  return c;
}

/** The API key of a write: `api_key` in the form or the query, or the X-API-Key header (already admitted). */
async function apiKeyOf(deps: Deps, req: FastifyRequest, form: FormBody | undefined): Promise<ApiKeyActor> {
  const given = (form && field(form, 'api_key')) ?? one(req.query as Raw, 'api_key');
  if (given === undefined) {
    if (req.actor.kind === 'apikey') return req.actor;
    throw forbidden('api_key is required');
  }
  try {
    return await admitApiKey(deps, given);
  } catch (err) {
    const { error } = toOpen311Error(err);
    if (error.status === 403) throw forbidden('Invalid api_key received; it is unknown, expired or revoked');
    throw error;
  }
}

/** The optional api_key of a read (tokens): its complaints are visible to it before publication. */
async function optionalKey(deps: Deps, req: FastifyRequest): Promise<ApiKeyActor | undefined> {
  if (one(req.query as Raw, 'api_key') === undefined) return req.actor.kind === 'apikey' ? req.actor : undefined;
  return apiKeyOf(deps, req, undefined);
}

export async function registerOpen311Routes(app: FastifyInstance, deps: Deps) {
  const ctx: Ctx = { db: deps.db, clock: deps.clock, attachmentsDir: deps.config.attachmentsDir };

  await app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body: Buffer, done) => {
        try {
          done(null, parseForm(body));
        } catch (err) {
          done(err as Error);
        }
      });
      scope.setErrorHandler((err, req, reply) => {
        const { error, unexpected } = toOpen311Error(err);
        if (unexpected) req.log.error({ err }, 'open311: unhandled error');
        return sendError(reply, req.url, error);
      });
      scope.setNotFoundHandler((req, reply) =>
        sendError(reply, req.url, notFound(`No Open311 resource at ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}; resources end in .xml or .json`)),
      );

      const doc = (summary: string) => ({ schema: { tags: ['open311'], summary } });
      // Anything else under the prefix is an Open311 404 (a catch-all of the scope outranks the app's own).
      scope.all('/*', { schema: { hide: true } }, async (req) => {
        throw notFound(`No Open311 resource at ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}; resources end in .xml or .json`);
      });

      for (const format of FORMATS) {
        scope.get(`/discovery.${format}`, doc('Service discovery (GeoReport v2)'), async (req, reply) => {
          const base = baseUrlOf(deps, req);
          return send(reply, format, 'discovery', {
            changeset: DEFINITIONS_CHANGESET,
            contact: `The operators of this Aduan installation (${base}); for an organisation's data, its complaint administrator (admin instansi).`,
            key_service: `API keys are issued by an organisation's administrator in Aduan (POST ${base}/api/v1/api-keys, scope "submit"); see ${base}/api/docs.`,
            endpoints: [
              {
                specification: SPEC_URL,
                url: `${base}${OPEN311_PREFIX}`,
                changeset: DEFINITIONS_CHANGESET,
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
          });
        });

        scope.get(`/services.${format}`, doc('Service list: the complaint categories'), async (req, reply) => {
          await jurisdictionOf(deps, req.query as Raw);
          const cats = await listCategories(deps.db);
          const groups = new Map(cats.filter((c) => !isService(c)).map((c) => [c.code, c.nameId]));
          return send(
            reply,
            format,
            'services',
            cats.filter(isService).map((c) => presentService(c, groups.get(c.parentCode!) ?? null)),
          );
        });

        scope.get(`/requests.${format}`, doc('Service requests: published complaints (filters, page/page_size, updated_after)'), async (req, reply) => {
          const raw = req.query as Raw;
          const jurisdiction = await jurisdictionOf(deps, raw);
          const query = requestsQuery(raw, deps.clock.now());
          return send(reply, format, 'service_requests', await findRequests(deps.db, query, jurisdiction, baseUrlOf(deps, req)));
        });

        scope.post(`/requests.${format}`, doc('File a service request (form-encoded, api_key with scope submit)'), async (req, reply) => {
          const form = req.body;
          if (!isForm(form)) throw badRequest('POST the request as application/x-www-form-urlencoded', 415);
          const actor = await apiKeyOf(deps, req, form);
          if (!actor.scopes.includes('submit')) throw forbidden('This api_key may not create requests (it lacks the submit scope)');
          const problems: string[] = [];
          const code = field(form, 'service_code');
          if (code === undefined) problems.push('service_code is required');
          const jurisdictionCode = field(form, 'jurisdiction_id');
          if (problems.length) throw badRequest(problems.join('; '));
          // The key's own organisation when the client names none (one endpoint, many jurisdictions).
          const jurisdiction = jurisdictionCode === undefined ? await getOrgByCode(deps.db, actor.organisation.code) : await getOrgByCode(deps.db, jurisdictionCode);
          // A key files only into its own organisation and below; any other jurisdiction answers like an
          // unknown one, so that a key cannot probe or file into another tenant (issue #10, isolation).
          if (!jurisdiction || !jurisdiction.active || !isWithin(jurisdiction.path, actor.organisation.path)) {
            throw notFound(`jurisdiction_id ${String(jurisdictionCode).slice(0, 100)} not found`);
          }
          const category = await serviceOf(deps, code!);
          // Submission rate limits (platform/rate-limit.ts): the key has its own rate; the reporter contact it passes on is limited here.
          await limitComplaintIntake(deps.db, deps.config, deps.clock.now(), actor, req.ip, { phone: field(form, 'phone'), email: field(form, 'email') });
          const r = await fileRequest(ctx, actor, form, category, jurisdiction);
          return send(reply, format, 'service_requests', [{ service_request_id: r.trackingNumber, service_notice: r.notice, account_id: null }]);
        });

        scope.get(`/servicerequestupdates.${format}`, doc("Updates of published requests (mySociety's extension)"), async (req, reply) => {
          const raw = req.query as Raw;
          const jurisdiction = await jurisdictionOf(deps, raw);
          const { page, pageSize } = paging(raw);
          const updates = await findUpdates(deps.db, { window: window(raw, deps.clock.now())!, ids: list(raw, 'service_request_id'), page, pageSize }, jurisdiction);
          return send(reply, format, 'service_request_updates', updates);
        });

        scope.post(`/servicerequestupdates.${format}`, doc("Post an update to a request the key filed or its unit handles (mySociety's extension)"), async (req, reply) => {
          const form = req.body;
          if (!isForm(form)) throw badRequest('POST the update as application/x-www-form-urlencoded', 415);
          const actor = await apiKeyOf(deps, req, form);
          const r = await postUpdate(ctx, actor, form);
          return send(reply, format, 'service_request_updates', [{ update_id: r.updateId }]);
        });
      }

      // Resource ids may contain dots (service codes do): the format is the part after the last dot.
      scope.get<{ Params: { file: string } }>('/services/:file', doc('Service definition: the attributes of a category'), async (req, reply) => {
        const f = splitFormat(req.params.file);
        if (!f) throw notFound('Resources end in .xml or .json');
        await jurisdictionOf(deps, req.query as Raw);
        return send(reply, f.format, 'service_definition', presentDefinition(await serviceOf(deps, f.name)));
      });

      scope.get<{ Params: { file: string } }>('/requests/:file', doc('One service request'), async (req, reply) => {
        const f = splitFormat(req.params.file);
        if (!f) throw notFound('Resources end in .xml or .json');
        const jurisdiction = await jurisdictionOf(deps, req.query as Raw);
        const r = await findRequest(deps.db, f.name, jurisdiction, baseUrlOf(deps, req));
        if (!r) throw notFound(`service_request_id ${f.name.slice(0, 40)} not found`);
        return send(reply, f.format, 'service_requests', [r]);
      });

      // Every service is realtime: POST returns the service_request_id at once, and the token is that
      // id. The endpoint answers for a published request, or for any request filed by the api_key given.
      scope.get<{ Params: { file: string } }>('/tokens/:file', doc('service_request_id from a token (the token is the id)'), async (req, reply) => {
        const f = splitFormat(req.params.file);
        if (!f) throw notFound('Resources end in .xml or .json');
        const jurisdiction = await jurisdictionOf(deps, req.query as Raw);
        const key = await optionalKey(deps, req);
        const c = await findComplaint(deps.db, f.name);
        const inJurisdiction = !jurisdiction || (c && (c.admin_org_path.startsWith(jurisdiction.path) || (c.holder_org_path ?? '').startsWith(jurisdiction.path)));
        if (!c || !inJurisdiction || !(isPublic(factsOf(c)) || (key && c.api_key_id === key.keyId))) throw notFound(`token ${f.name.slice(0, 40)} not found`);
        return send(reply, f.format, 'service_requests', [{ service_request_id: c.tracking_number, token: c.tracking_number }]);
      });
    },
    { prefix: OPEN311_PREFIX },
  );
}
