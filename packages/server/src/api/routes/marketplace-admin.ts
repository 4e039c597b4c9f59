// Marketplace administration across organisations: list trials (operators, admins), extend a trial and
// mark a manual invoice paid (admins). Writes are audited by the edge's staff hook (http-audit.ts);
// the cross-organisation read is recorded here.
import {
  ExtendTrialRequestSchema,
  IdParamsSchema,
  InvoiceSchema,
  TrialListQuerySchema,
  TrialPageSchema,
  TrialSchema,
} from '../../contracts/contracts.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerMarketplaceAdminRoutes(app: RouteScope, ctx: RouteContext): void {
  const { trials, invoices } = ctx.services;
  const tags = ['marketplace admin'];

  app.get(
    '/admin/trials',
    {
      schema: {
        tags,
        summary: 'Every organisation’s trials (operators and admins)',
        security: bearer,
        querystring: TrialListQuerySchema,
        response: { 200: TrialPageSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      ctx.auth.role(request, ['operator', 'admin']);
      const page = await trials.listAllTenants({ ...defined(request.query), limit: request.query.limit });
      await ctx.audit.record(request, {
        action: 'admin.trials.read',
        resource: 'trials',
        result: 'success',
        details: { trials: page.items.length },
      });
      return page;
    },
  );

  app.post(
    '/admin/trials/:id/extend',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags,
        summary: 'Extend a trial by 1–30 days; an expired trial becomes active again (admins)',
        security: bearer,
        params: IdParamsSchema,
        body: ExtendTrialRequestSchema,
        response: { 200: TrialSchema, ...errors(401, 403, 404, 412) },
      },
    },
    async (request) =>
      trials.extend(
        request.params.id,
        request.body.days,
        request.body.reason,
        ctx.auth.role(request, ['admin']),
      ),
  );

  app.post(
    '/admin/invoices/:id/mark-paid',
    {
      schema: {
        tags,
        summary: 'Record the payment of a manual invoice (admins)',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: InvoiceSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => {
      ctx.auth.role(request, ['admin']);
      return invoices.markPaid(request.params.id);
    },
  );
}
