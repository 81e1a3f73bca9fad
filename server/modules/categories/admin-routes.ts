// Category administration: the default destination of a category inside one region (where a
// complaint of that category is routed unless the admin picks otherwise). Set by the admins of
// that region (or the national admin), audited, one transaction.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Queryable } from '../../db/client';
import { audit } from '../../platform/audit';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import { errorResponses, type Deps } from '../../platform/http';
import type { Actor } from '../access/actor';
import { canManageOrganisation } from '../access/org-policy';
import { getOrgByCode, isWithin } from '../organisations';
import { getCategoryByCode } from '.';

/** Regions that have default destinations: provinces and regencies/cities. */
const REGION_TYPES = new Set(['province', 'regency', 'city']);
/** What a complaint may be routed to (complaints/commands.ts, routingTarget). */
const DESTINATION_TYPES = new Set(['unit', 'subunit']);

export async function setCategoryDestination(q: Queryable, actor: Actor, categoryCode: string, regionCode: string, organisationCode: string, now: Date, address?: string) {
  if (actor.kind === 'apikey') throw forbidden('API keys cannot change categories; sign in as an administrator');
  if (actor.kind !== 'user') throw new AppError(401, 'unauthenticated', 'Sign in first');
  const category = await getCategoryByCode(q, categoryCode);
  if (!category) throw notFound('Category');
  const region = await getOrgByCode(q, regionCode);
  if (!region || !REGION_TYPES.has(region.type)) throw notFound('Region');
  if (!canManageOrganisation(actor, region)) throw forbidden('Only the admins of this region set its default destinations');
  const dest = await getOrgByCode(q, organisationCode);
  if (!dest || !dest.active) throw badRequest(`Unknown organisation ${organisationCode}`, { organisationCode: 'unknown organisation code' });
  if (!DESTINATION_TYPES.has(dest.type) || !isWithin(dest.path, region.path)) {
    throw badRequest('The default destination must be a unit of the region', { organisationCode: 'not a unit of this region' });
  }
  const previous = (
    await q.query<{ code: string }>(
      `SELECT d.code FROM category_destinations cd JOIN organisations d ON d.id = cd.destination_org_id
        WHERE cd.category_id = $1 AND cd.region_org_id = $2 FOR UPDATE OF cd`,
      [category.id, region.id],
    )
  ).rows[0]?.code;
  await q.query(
    `INSERT INTO category_destinations (category_id, region_org_id, destination_org_id) VALUES ($1, $2, $3)
     ON CONFLICT (category_id, region_org_id) DO UPDATE SET destination_org_id = EXCLUDED.destination_org_id`,
    [category.id, region.id, dest.id],
  );
  if (previous !== dest.code) {
    await audit(q, actor, 'category.destination_set', { type: 'category', id: category.code }, { region: region.code, from: previous ?? null, to: dest.code }, now, address);
  }
  return {
    category: category.code,
    region: { code: region.code, name: region.name },
    destination: { code: dest.code, name: dest.name },
  };
}

export function registerCategoryAdminRoutes(app: FastifyInstance, deps: Deps) {
  app.put<{ Params: { code: string; regionCode: string }; Body: { organisationCode: string } }>(
    '/api/v1/categories/:code/destinations/:regionCode',
    {
      schema: {
        tags: ['admin'],
        summary: "Set a category's default destination unit inside a region (the region's admins, or the national admin)",
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }), regionCode: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object({ organisationCode: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            category: Type.String(),
            region: Type.Object({ code: Type.String(), name: Type.String() }),
            destination: Type.Object({ code: Type.String(), name: Type.String() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      deps.db.tx((q) => setCategoryDestination(q, req.actor, req.params.code, req.params.regionCode, req.body.organisationCode, deps.clock.now(), req.ip)),
  );
}
