// Every /api/v1 route of the marketplace (accounts, catalogue, demo, trials, hires and billing,
// deliverables, approvals, reviews, activity and mail), registered on the platform's app. Who may
// call each route comes from the contract (`marketplaceRoutes`) and is checked before the body is
// read; rate limits and caller resolution are the app's (rate-limits.ts, request-auth.ts).
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../../clock.js';
import { marketplaceRoutes } from '../../contracts/contracts.js';
import { workRoutes } from '../../contracts/work.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import type { PlatformApp } from '../app.js';
import type { HttpAudit } from '../http-audit.js';
import type { RequestAuth } from '../request-auth.js';
import { checkAccessPerRoute } from '../route-access.js';
import type { RouteContext } from '../route-kit.js';
import { registerAccountRoutes } from './accounts.js';
import { registerActivityRoutes } from './activity.js';
import { registerApprovalRoutes } from './approvals.js';
import { registerCatalogueRoutes } from './catalogue.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerDeliverableRoutes } from './deliverables.js';
import { registerHireRoutes } from './hires.js';
import { registerInvoiceRoutes } from './invoices.js';
import { registerInboxRoutes } from './inbox.js';
import { registerMailOutboxRoutes } from './mail-outbox.js';
import { registerMarketplaceAdminRoutes } from './marketplace-admin.js';
import { registerTrialRoutes } from './trials.js';

/** Where the marketplace routes live. */
export const MARKETPLACE_PREFIX = '/api/v1';

const accessByRoute = new Map<string, (typeof marketplaceRoutes)[keyof typeof marketplaceRoutes]['auth']>(
  [...Object.values(marketplaceRoutes), ...Object.values(workRoutes)].map((r) => [
    `${r.method} ${r.path}`,
    r.auth,
  ]),
);

export interface MarketplaceRouteDeps {
  clock: Clock;
  /** The caller resolver the app was created with (`createApp({ auth })`). */
  auth: RequestAuth;
  /** Where routes record security events (log-in, exports, downloads, approvals…). */
  audit: HttpAudit;
}

/** Registers the marketplace routes under /api/v1 on `app` (before `app.ready()`). */
export async function registerMarketplaceRoutes(
  app: PlatformApp,
  services: MarketplaceServices,
  deps: MarketplaceRouteDeps,
): Promise<void> {
  const { auth } = deps;
  const ctx: RouteContext = {
    services,
    auth,
    limits: services.limits,
    audit: deps.audit,
  };

  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      // preParsing runs after the rate limiter (onRequest) and before the body is read, so an
      // unauthenticated caller gets 401/403 whatever its body, and no body is parsed for it.
      checkAccessPerRoute(scope, accessByRoute, auth);
      registerAccountRoutes(scope, ctx);
      registerMailOutboxRoutes(scope, ctx);
      registerCatalogueRoutes(scope, ctx);
      registerActivityRoutes(scope, ctx, deps.clock);
      registerTrialRoutes(scope, ctx);
      registerHireRoutes(scope, ctx);
      registerInvoiceRoutes(scope, ctx);
      registerDeliverableRoutes(scope, ctx);
      registerApprovalRoutes(scope, ctx);
      registerInboxRoutes(scope, ctx);
      registerDashboardRoutes(scope, ctx);
      registerMarketplaceAdminRoutes(scope, ctx);
    },
    { prefix: MARKETPLACE_PREFIX },
  );
}
