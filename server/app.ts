// Builds the HTTP application from its dependencies; main.ts owns the process around it.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import { ErrorSchema, installAuthentication, installErrorHandling, installJsonParser, type Deps } from './platform/http';
import { registerAuthRoutes } from './modules/users/routes';
import { registerOrganisationRoutes } from './modules/organisations/routes';
import { registerCategoryRoutes } from './modules/categories/routes';
import { registerCalendarRoutes } from './modules/deadlines/routes';
import { registerComplaintRoutes } from './modules/complaints/routes';
import { registerApiKeyRoutes } from './modules/apikeys/routes';
import { registerWebhookRoutes } from './modules/webhooks/routes';
import { registerOpen311Routes } from './modules/open311/routes';
import { registerWeb } from './web';
import { registerDashboardRoutes } from './modules/dashboards/routes';
import { registerSmsRoutes } from './modules/sms/routes';
import { registerUserAdminRoutes } from './modules/users/admin-routes';
import { registerCategoryAdminRoutes } from './modules/categories/admin-routes';
import { registerNotificationRoutes } from './modules/notifications/routes';
import { registerFederationRoutes } from './modules/federation/routes';
import { registerTriageRoutes } from './modules/triage/routes';
import { registerCitizenRoutes } from './modules/citizens/routes';

export async function buildApp(deps: Deps, opts: { logger?: Logger | boolean } = {}): Promise<FastifyInstance> {
  // Typed as the default instance so that modules need not know which logger is plugged in.
  const app = Fastify({
    loggerInstance: typeof opts.logger === 'object' ? (opts.logger as unknown as FastifyBaseLogger) : undefined,
    logger: typeof opts.logger === 'boolean' ? opts.logger : undefined,
    bodyLimit: deps.config.bodyLimitBytes,
    // Only the proxies named in TRUST_PROXY may set the client's address and protocol (X-Forwarded-*).
    trustProxy: deps.config.trustProxy ?? false,
    // A slow client may not hold a connection open forever.
    requestTimeout: 60_000,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }) as unknown as FastifyInstance;

  installErrorHandling(app);
  // JSON (and multipart where a route asks for it) only: anything else is a 415, not a string body.
  app.removeContentTypeParser('text/plain');
  installJsonParser(app);
  await app.register(cookie);
  app.addSchema(ErrorSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Aduan API',
        version: '1',
        description: 'Public-service complaint management: intake, routing, follow-up, monitoring. Errors use { error: { code, message, fields? } }.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installAuthentication(app, deps);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await deps.db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ error: { code: 'unavailable', message: 'Database not reachable' } });
    }
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuthRoutes(app, deps);
  registerOrganisationRoutes(app, deps);
  registerCategoryRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  await registerComplaintRoutes(app, deps);
  // Further modules register their routes below, one line each.
  registerCitizenRoutes(app, deps);
  registerFederationRoutes(app, deps);
  registerTriageRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerUserAdminRoutes(app, deps);
  registerCategoryAdminRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  await registerOpen311Routes(app, deps);
  registerDashboardRoutes(app, deps);
  registerSmsRoutes(app, deps);
  await registerWeb(app, deps); // the web app: keep last (its catch-all GET serves pages and assets)
  return app;
}
