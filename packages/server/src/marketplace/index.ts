// The marketplace feature: services plus every /api/v1 route of accounts, catalogue, demo, trials,
// hires and billing, deliverables, approvals, reviews, activity and mail, registered on the platform's
// app with auth resolution, per-plan rate limits (429 with Retry-After) and body limits.
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PlatformApp } from '../api/app.js';
import { registerAccountRoutes } from '../api/routes/accounts.js';
import { registerActivityRoutes } from '../api/routes/activity.js';
import { registerApprovalRoutes } from '../api/routes/approvals.js';
import { registerCatalogueRoutes } from '../api/routes/catalogue.js';
import { registerDashboardRoutes } from '../api/routes/dashboard.js';
import { registerDeliverableRoutes } from '../api/routes/deliverables.js';
import { registerHireRoutes } from '../api/routes/hires.js';
import { registerMailOutboxRoutes } from '../api/routes/mail-outbox.js';
import { registerMarketplaceAdminRoutes } from '../api/routes/marketplace-admin.js';
import { registerTrialRoutes } from '../api/routes/trials.js';
import { PlatformError, isPlatformError } from '../errors.js';
import type { MarketplaceDeps } from './deps.js';
import { RequestAuth } from './http/request-auth.js';
import { clientIp, type RouteContext } from './http/route-kit.js';
import { createMarketplaceServices, type MarketplaceServices } from './services.js';

export type { MarketplaceDeps, MarketplaceOptions, MarketplaceLimits } from './deps.js';
export type { MarketplaceServices } from './services.js';
export type { CatalogueEntry } from './catalogue/catalogue-entry.js';
export type { Principal } from './principal.js';

/** Where the marketplace routes live. */
export const MARKETPLACE_PREFIX = '/api/v1';

export interface Marketplace {
  readonly services: MarketplaceServices;
  /** Schedules the timers of open trials and active hires (call once the store is migrated). */
  start(): Promise<void>;
  /** Cancels every timer. */
  stop(): Promise<void>;
}

/**
 * Builds the marketplace services and registers its routes under /api/v1 on `app` (before `app.ready()`).
 * The platform calls `start()` with its other workers and `stop()` on shutdown.
 */
export async function registerMarketplace(app: PlatformApp, deps: MarketplaceDeps): Promise<Marketplace> {
  const services = await createMarketplaceServices(deps);
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

  return {
    services,
    async start() {
      services.timers.start();
      const trials = await services.trials.resume();
      const hires = await services.hires.resumeSchedules();
      deps.logger.info({ trials, hires }, 'marketplace schedules resumed');
    },
    async stop() {
      services.timers.stop();
    },
  };
}
