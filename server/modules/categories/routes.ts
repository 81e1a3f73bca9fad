import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses, type Deps } from '../../platform/http';
import { defaultDestinations, listCategories } from '.';

export function registerCategoryRoutes(app: FastifyInstance, deps: Deps) {
  app.get<{ Querystring: { region?: string } }>(
    '/api/v1/categories',
    {
      schema: {
        tags: ['categories'],
        summary: 'Complaint categories; with `region`, each with its default destination there',
        querystring: Type.Object({ region: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                code: Type.String(),
                parentCode: Type.Union([Type.String(), Type.Null()]),
                nameId: Type.String(),
                nameEn: Type.String(),
                resolutionClass: Type.String(),
                defaultDestination: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const cats = await listCategories(deps.db);
      const dest = req.query.region ? new Map((await defaultDestinations(deps.db, req.query.region)).map((d) => [d.category, d.destination])) : undefined;
      return {
        items: cats.map(({ id: _id, ...c }) => {
          const d = dest?.get(c.code);
          return d ? { ...c, defaultDestination: d } : c;
        }),
      };
    },
  );
}
