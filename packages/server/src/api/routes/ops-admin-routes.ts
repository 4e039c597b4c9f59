// The operations console's cross-organisation reads for operators and admins (issue 15): organisations
// with counts and detail, every organisation's hires and invoices, the agents with their spec versions.
// Each read of customers' data is recorded in the audit trail (the staff hook records only writes).
import type { FastifyRequest } from 'fastify';
import { TenantParamsSchema } from '../../contracts/operations.js';
import {
  AdminAgentListSchema,
  AdminHireListQuerySchema,
  AdminHirePageSchema,
  AdminInvoiceListQuerySchema,
  AdminInvoicePageSchema,
  AdminTenantDetailSchema,
  AdminTenantListQuerySchema,
  AdminTenantPageSchema,
} from '../../contracts/ops-admin.js';
import type { OpsAdminService } from '../../marketplace/admin/ops-admin-service.js';
import type { HttpAudit } from '../http-audit.js';
import { bearer, defined, errors, type RouteScope } from '../route-kit.js';

export interface OpsAdminRouteDeps {
  audit: HttpAudit;
  admin: OpsAdminService;
}

export function registerOpsAdminRoutes(app: RouteScope, deps: OpsAdminRouteDeps): void {
  const tags = ['operations console'];
  const read = (request: FastifyRequest, what: string, details: Record<string, number>) =>
    deps.audit.record(request, { action: `admin.${what}.read`, resource: what, result: 'success', details });

  app.get(
    '/admin/tenants',
    {
      schema: {
        tags,
        summary:
          'Organisations newest first with their users, trials, hires and invoices counted; `q` is part of the name or the id (operators and admins)',
        security: bearer,
        querystring: AdminTenantListQuerySchema,
        response: { 200: AdminTenantPageSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const page = await deps.admin.listTenants({ ...defined(request.query), limit: request.query.limit });
      await read(request, 'tenants', { tenants: page.items.length });
      return page;
    },
  );

  app.get(
    '/admin/tenants/:tenantId',
    {
      schema: {
        tags,
        summary: 'One organisation with its users, trials and hires (operators and admins)',
        security: bearer,
        params: TenantParamsSchema,
        response: { 200: AdminTenantDetailSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const detail = await deps.admin.tenant(request.params.tenantId);
      await deps.audit.record(request, {
        action: 'admin.tenant.read',
        resource: `tenant:${request.params.tenantId}`,
        result: 'success',
        details: {},
      });
      return detail;
    },
  );

  app.get(
    '/admin/hires',
    {
      schema: {
        tags,
        summary: 'Every organisation’s hires, newest first, by status or organisation (operators and admins)',
        security: bearer,
        querystring: AdminHireListQuerySchema,
        response: { 200: AdminHirePageSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const page = await deps.admin.listHires({ ...defined(request.query), limit: request.query.limit });
      await read(request, 'hires', { hires: page.items.length });
      return page;
    },
  );

  app.get(
    '/admin/invoices',
    {
      schema: {
        tags,
        summary:
          'Every organisation’s invoices, newest first, by status or organisation (operators and admins)',
        security: bearer,
        querystring: AdminInvoiceListQuerySchema,
        response: { 200: AdminInvoicePageSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const page = await deps.admin.listInvoices({ ...defined(request.query), limit: request.query.limit });
      await read(request, 'invoices', { invoices: page.items.length });
      return page;
    },
  );

  app.get(
    '/admin/agents',
    {
      schema: {
        tags,
        summary:
          'The catalogue’s agents with lifecycle, spec versions and trial / hire counts (operators and admins)',
        security: bearer,
        response: { 200: AdminAgentListSchema, ...errors(401, 403) },
      },
    },
    async () => ({ items: await deps.admin.agents() }),
  );
}
