import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, requireUser, type Deps } from '../../platform/http';
import { forbidden, notFound } from '../../platform/errors';
import { canManageCalendar } from '../access/org-policy';
import { getOrgByCode } from '../organisations';
import { addHoliday, getHoliday, listHolidays, removeHoliday } from '.';

const HolidayView = Type.Object({
  id: Type.Integer(),
  date: Type.String({ format: 'date' }),
  name: Type.String(),
  kind: Type.String(),
  organisation: Type.Union([Type.String(), Type.Null()]),
});

export function registerCalendarRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { year: number; organisation?: string } }>(
    '/api/v1/calendar/holidays',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Non-working days of a year: national, cuti bersama, and the regional days of `organisation`',
        querystring: Type.Object(
          { year: Type.Integer({ minimum: 2000, maximum: 2100 }), organisation: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(HolidayView) }), ...errorResponses },
      },
    },
    async (req) => {
      const org = req.query.organisation ? await getOrgByCode(deps.db, req.query.organisation) : undefined;
      if (req.query.organisation && !org) throw notFound('Organisation');
      return { items: await listHolidays(deps.db, req.query.year, org?.id) };
    },
  );

  app.post<{ Body: { date: string; name: string; kind: 'national' | 'cuti_bersama' | 'regional'; organisationCode?: string } }>(
    '/api/v1/calendar/holidays',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Add a non-working day (national admins: national and cuti bersama; organisation admins: regional)',
        body: Type.Object(
          {
            date: Type.String({ format: 'date' }),
            name: Type.String({ minLength: 2, maxLength: 200 }),
            kind: Type.Union([Type.Literal('national'), Type.Literal('cuti_bersama'), Type.Literal('regional')]),
            organisationCode: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: HolidayView, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const org = req.body.organisationCode ? await getOrgByCode(deps.db, req.body.organisationCode) : null;
      if (req.body.organisationCode && !org) throw notFound('Organisation');
      if (!canManageCalendar(actor, org ?? null)) throw forbidden('You may not edit this calendar');
      const h = await addHoliday(deps.db, { date: req.body.date, name: req.body.name, kind: req.body.kind, organisationId: org?.id ?? null });
      return reply.status(201).send(h);
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/v1/calendar/holidays/:id',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Remove a non-working day',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const h = await getHoliday(deps.db, req.params.id);
      if (!h) throw notFound('Holiday');
      if (!canManageCalendar(actor, h.organisationPath ? { path: h.organisationPath } : null)) throw forbidden('You may not edit this calendar');
      await removeHoliday(deps.db, h.id);
      return reply.status(204).send();
    },
  );
}
