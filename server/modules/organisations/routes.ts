import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, requireUser, type Deps } from '../../platform/http';
import { forbidden, notFound } from '../../platform/errors';
import { canManageOrganisation } from '../access/org-policy';
import { createOrganisation, districtsOf, getOrgByCode, listOrganisations, type Organisation } from '.';

const OrgView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.String(),
  isAdminUnit: Type.Boolean(),
  active: Type.Boolean(),
});

export function presentOrg(o: Organisation, codeById: Map<number, string>) {
  return {
    code: o.code,
    name: o.name,
    type: o.type,
    parentCode: o.parentId === null ? null : (codeById.get(o.parentId) ?? null),
    regionCode: o.regionCode,
    timeZone: o.timeZone,
    isAdminUnit: o.isAdminUnit,
    active: o.active,
  };
}

export function registerOrganisationRoutes(app: FastifyInstance, deps: Deps) {
  // The tree is public: citizens pick where their complaint goes from it.
  app.get<{ Querystring: { parent?: string } }>(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'The organisation tree, or the children of `parent`',
        querystring: Type.Object({ parent: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(OrgView) }), ...errorResponses },
      },
    },
    async (req) => {
      const orgs = await listOrganisations(deps.db, { parentCode: req.query.parent });
      const parentIds = [...new Set(orgs.map((o) => o.parentId).filter((x): x is number => x !== null))];
      const parents = (await deps.db.query<{ id: number; code: string }>('SELECT id, code FROM organisations WHERE id = ANY($1::int[])', [parentIds])).rows;
      const codeById = new Map(parents.map((p) => [p.id, p.code]));
      return { items: orgs.map((o) => presentOrg(o, codeById)) };
    },
  );

  // Public like the tree: the complaint form offers the districts of the chosen regency.
  app.get<{ Params: { regencyCode: string } }>(
    '/api/v1/regions/:regencyCode/districts',
    {
      schema: {
        tags: ['organisations'],
        summary: 'The districts (kecamatan) of a regency/city, Kemendagri codes',
        params: Type.Object({ regencyCode: Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$' }) }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const items = await districtsOf(deps.db, req.params.regencyCode);
      if (!items.length) {
        const org = await getOrgByCode(deps.db, req.params.regencyCode);
        if (!org || (org.type !== 'regency' && org.type !== 'city')) throw notFound('Regency');
      }
      reply.header('cache-control', 'public, max-age=3600');
      return { items: items.map((d) => ({ code: d.code, name: d.name })) };
    },
  );

  app.post<{ Body: { code: string; name: string; type: 'unit' | 'subunit'; parentCode: string; isAdminUnit?: boolean } }>(
    '/api/v1/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Create a unit or sub-unit (organisation admins, under their node)',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[a-z0-9]+(\\.[a-z0-9_-]+)*$', maxLength: 100 }),
            name: Type.String({ minLength: 2, maxLength: 200 }),
            type: Type.Union([Type.Literal('unit'), Type.Literal('subunit')]),
            parentCode: Type.String({ maxLength: 100 }),
            isAdminUnit: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: OrgView, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireUser(req);
      const parent = await getOrgByCode(deps.db, req.body.parentCode);
      if (!parent || !canManageOrganisation(actor, parent)) throw forbidden('You may not add organisations there');
      const org = await deps.db.tx((q) => createOrganisation(q, req.body));
      return reply.status(201).send(presentOrg(org, new Map([[parent.id, parent.code]])));
    },
  );
}
