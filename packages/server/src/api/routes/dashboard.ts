// The customer dashboard: every agent of the organisation (trial or hired) with status and output.
import { DashboardSchema } from '../../contracts/contracts.js';
import { bearer, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerDashboardRoutes(app: RouteScope, ctx: RouteContext): void {
  app.get(
    '/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'My agents with status, trial countdown, weekly output and pending approvals',
        security: bearer,
        response: { 200: DashboardSchema, ...errors(401) },
      },
    },
    async (request) => ctx.services.dashboard.get(ctx.auth.user(request)),
  );
}
