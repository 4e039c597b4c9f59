// Every /api/v1 route of the marketplace (accounts, catalogue, demo, trials, hires and billing,
// deliverables, approvals, reviews, activity and mail) with auth resolution, per-plan rate limits
// (429 with Retry-After) and body limits, registered on the platform's app.
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError } from '../../errors.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import type { PlatformApp } from '../app.js';
import { RequestAuth } from '../request-auth.js';
import { clientIp, type RouteContext } from '../route-kit.js';
import { registerAccountRoutes } from './accounts.js';
import { registerActivityRoutes } from './activity.js';
import { registerApprovalRoutes } from './approvals.js';
import { registerCatalogueRoutes } from './catalogue.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerDeliverableRoutes } from './deliverables.js';
import { registerHireRoutes } from './hires.js';
import { registerMailOutboxRoutes } from './mail-outbox.js';
import { registerMarketplaceAdminRoutes } from './marketplace-admin.js';
import { registerTrialRoutes } from './trials.js';

/** Where the marketplace routes live. */
export const MARKETPLACE_PREFIX = '/api/v1';

/** Registers the marketplace routes under /api/v1 on `app` (before `app.ready()`); returns the auth resolver. */
export async function registerMarketplaceRoutes(
  app: PlatformApp,
  services: MarketplaceServices,
  deps: { clock: Clock },
): Promise<RequestAuth> {
  const auth = new RequestAuth(services.accounts);
  const limits = services.limits;
  const ctx: RouteContext = { services, auth, limits };

  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      scope.addHook('onRequest', async (request) => auth.resolve(request));
      // Errors that carry their own wait (the demo's daily cap) say so in Retry-After.
      scope.addHook('onError', async (_request, reply, error) => {
        const seconds = isPlatformError(error, 'RATE_LIMITED')
          ? (error as PlatformError).details.retryAfterSeconds
          : undefined;
        if (typeof seconds === 'number') void reply.header('retry-after', String(seconds));
      });
      await scope.register(rateLimit, {
        global: true,
        hook: 'onRequest',
        timeWindow: 60_000,
        keyGenerator: (request: FastifyRequest) => {
          const principal = auth.principal(request);
          return principal ? `tenant:${principal.tenantId}` : `ip:${clientIp(request)}`;
        },
        max: (request: FastifyRequest) => limits.ratePerMinute[auth.plan(request) ?? 'anonymous'],
        errorResponseBuilder: (_request, context) =>
          new PlatformError(
            'RATE_LIMITED',
            `Too many requests: at most ${context.max} per minute; retry in ${context.after}`,
            {
              details: { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
            },
          ),
      });
      registerAccountRoutes(scope, ctx);
      registerMailOutboxRoutes(scope, ctx);
      registerCatalogueRoutes(scope, ctx);
      registerActivityRoutes(scope, ctx, deps.clock);
      registerTrialRoutes(scope, ctx);
      registerHireRoutes(scope, ctx);
      registerDeliverableRoutes(scope, ctx);
      registerApprovalRoutes(scope, ctx);
      registerDashboardRoutes(scope, ctx);
      registerMarketplaceAdminRoutes(scope, ctx);
    },
    { prefix: MARKETPLACE_PREFIX },
  );
  return auth;
}
