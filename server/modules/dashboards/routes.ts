// The monitoring HTTP edge: statistics (staff and public), the open-data CSV, the evaluation report.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { errorResponses, requireUser, type Deps } from '../../platform/http';
import { STATUSES } from '../complaints/lifecycle';
import {
  auditReport,
  evaluationReport,
  presentEvaluationReport,
  publicStats,
  publicStatsCsvExport,
  renderEvaluationReport,
  statsSummary,
  streamEvaluationXlsx,
  type PeriodInput,
  type ReportFormat,
} from '.';

const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);

const RateSchema = Type.Object(
  { value: Nullable(Type.Number()), numerator: Type.Integer(), denominator: Type.Integer(), lowSample: Type.Boolean() },
  { description: 'numerator / denominator; lowSample when the denominator is below 10' },
);
const DurationSchema = Type.Object(
  { median: Nullable(Type.Number()), p90: Nullable(Type.Number()), count: Type.Integer(), lowSample: Type.Boolean() },
  { description: 'Working days (organisation calendar), median and 90th percentile over `count` complaints' },
);
const OrgRef = Type.Object({ code: Type.String(), name: Type.String(), type: Type.String() });

const figureProps = {
  received: Type.Integer(),
  byStatus: Type.Object(Object.fromEntries(STATUSES.map((s) => [s, Type.Integer()]))),
  routed: Type.Integer(),
  followedUp: Type.Integer(),
  finished: Type.Integer(),
  inProcess: Type.Integer(),
  overdue: Type.Integer(),
  overdueAtPeriodEnd: Type.Integer(),
  followedUpRate: RateSchema,
  completionRate: RateSchema,
  inProcessRate: RateSchema,
  reopenRate: RateSchema,
  medianFirstResponseWorkingDays: Nullable(Type.Number()),
  workingDays: Type.Object({ toVerification: DurationSchema, toFirstFollowUp: DurationSchema, toClosing: DurationSchema }),
  satisfaction: Type.Object({
    mean: Nullable(Type.Number()),
    count: Type.Integer(),
    lowSample: Type.Boolean(),
    distribution: Type.Object({ 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() }),
  }),
  adminActivity: Type.Optional(Type.Object({ active: Type.Integer(), total: Type.Integer(), rate: RateSchema })),
};

const StatsSchema = Type.Object({
  organisation: OrgRef,
  period: Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String(), interval: Type.String() }),
  counted: Type.Union([Type.Literal('all'), Type.Literal('non_confidential'), Type.Literal('public')]),
  generatedAt: Type.String(),
  ...figureProps,
  units: Type.Array(
    Type.Object({
      organisation: Type.Object({ code: Type.String(), name: Type.String(), type: Type.String(), isAdminUnit: Type.Boolean() }),
      self: Type.Boolean(),
      ...figureProps,
    }),
  ),
  series: Type.Array(
    Type.Object({
      start: Type.String(),
      from: Type.String(),
      to: Type.String(),
      received: Type.Integer(),
      routed: Type.Integer(),
      followedUp: Type.Integer(),
      finished: Type.Integer(),
      overdue: Type.Integer(),
      followedUpRate: RateSchema,
      completionRate: RateSchema,
    }),
  ),
  districts: Type.Optional(
    Type.Array(
      Type.Object({
        code: Nullable(Type.String()),
        name: Type.String(),
        received: Type.Integer(),
        overdue: Type.Integer(),
        lat: Type.Optional(Type.Number()),
        lng: Type.Optional(Type.Number()),
        located: Type.Integer(),
      }),
      { description: 'Per district (kecamatan) for a regency/city or an organisation in one; code null: no district recorded. lat/lng: mean of the located complaints' },
    ),
  ),
});

const Bound = Type.String({ maxLength: 40, description: 'YYYY-MM-DD (a whole local day) or a date-time with an offset' });
const periodQuery = {
  organisation: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Bound),
  to: Type.Optional(Bound),
};
const Interval = Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')]));
const AnyObject = Type.Object({}, { additionalProperties: true });

/** A download: content-disposition attachment with an ASCII file name. */
function attachment(reply: FastifyReply, contentType: string, filename: string) {
  return reply.headers({
    'content-type': contentType,
    'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'x-content-type-options': 'nosniff',
  });
}

/** Aborted when the client goes away before its answer was sent: reporting reads then stop (see reportingFor). */
function clientGone(reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) ac.abort();
  });
  return ac.signal;
}

export function registerDashboardRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: PeriodInput }>(
    '/api/v1/stats/summary',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Monitoring figures of an organisation and its direct sub-units for complaints received in a period (staff)',
        querystring: Type.Object({ ...periodQuery, interval: Interval }, { additionalProperties: false }),
        response: { 200: StatsSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      reply.header('cache-control', 'private, no-store');
      return statsSummary(deps.db, actor, req.query, deps.clock.now(), clientGone(reply));
    },
  );

  app.get<{ Querystring: PeriodInput }>(
    '/api/v1/stats/public',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'Public statistics: verified, non-confidential complaints only, no personal data',
        querystring: Type.Object({ ...periodQuery, interval: Interval }, { additionalProperties: false }),
        response: { 200: StatsSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publicStats(deps.db, req.query, deps.clock.now(), clientGone(reply));
    },
  );

  app.get<{ Querystring: PeriodInput }>(
    '/api/v1/stats/public.csv',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'The public statistics as open data (RFC 4180 CSV: the organisation and one row per direct sub-unit)',
        querystring: Type.Object(periodQuery, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const f = await publicStatsCsvExport(deps.db, req.query, deps.clock.now(), clientGone(reply));
      attachment(reply, 'text/csv; charset=utf-8', f.filename).header('cache-control', 'public, max-age=300');
      return reply.send(f.body);
    },
  );

  app.get<{ Querystring: PeriodInput & { format?: ReportFormat } }>(
    '/api/v1/reports/evaluation',
    {
      schema: {
        tags: ['monitoring'],
        summary: 'The evaluation report (rakor): per unit, complaints not followed up past their deadline, with age and obstacles',
        querystring: Type.Object(
          {
            ...periodQuery,
            format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('pdf')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: AnyObject, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const now = deps.clock.now();
      const format = req.query.format ?? 'json';
      const report = await evaluationReport(deps.db, actor, req.query, now, clientGone(reply));
      await auditReport(deps.db, actor, report, format, now, req.ip);
      reply.header('cache-control', 'private, no-store');
      if (format === 'json') return presentEvaluationReport(report);
      const file = format === 'xlsx' ? streamEvaluationXlsx(report) : await renderEvaluationReport(report, format);
      attachment(reply, file.contentType, file.filename);
      return reply.send(file.body);
    },
  );
}
