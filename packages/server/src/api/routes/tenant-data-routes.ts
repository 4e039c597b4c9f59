// A tenant's data rights for admins (issue 15): export everything the store holds for an organisation
// as JSON, and erase its personal data (right to be forgotten). Both are recorded in the audit trail.
import {
  EraseTenantRequestSchema,
  TenantErasureSchema,
  TenantExportSchema,
  TenantParamsSchema,
} from '../../contracts/operations.js';
import type { TenantDataService } from '../../marketplace/data-rights/tenant-data-service.js';
import type { HttpAudit } from '../http-audit.js';
import { bearer, errors, type RouteScope } from '../route-kit.js';

export interface TenantDataRouteDeps {
  audit: HttpAudit;
  dataRights: TenantDataService;
}

export function registerTenantDataRoutes(app: RouteScope, deps: TenantDataRouteDeps): void {
  const tags = ['data rights'];
  app.get(
    '/admin/tenants/:tenantId/export',
    {
      schema: {
        tags,
        summary:
          'Everything the store holds for an organisation, by table, as one JSON document (password hashes and secret values withheld) (admins)',
        security: bearer,
        params: TenantParamsSchema,
        response: { 200: TenantExportSchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params;
      const data = await deps.dataRights.export(tenantId);
      await deps.audit.record(request, {
        action: 'tenant.export',
        resource: `tenant:${tenantId}`,
        result: 'success',
        details: { tables: Object.keys(data.tables).length },
      });
      void reply.header('content-disposition', `attachment; filename="waooaw-${tenantId}.json"`);
      return data;
    },
  );

  app.post(
    '/admin/tenants/:tenantId/erase',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags,
        summary:
          'Erase an organisation’s personal data: sessions, tokens, mail and secrets deleted; emails and names replaced by pseudonyms everywhere; accounts disabled; the audit trail kept (admins)',
        security: bearer,
        params: TenantParamsSchema,
        body: EraseTenantRequestSchema,
        response: { 200: TenantErasureSchema, ...errors(401, 403, 404, 412) },
      },
    },
    async (request) => {
      const { tenantId } = request.params;
      const result = await deps.dataRights.erase(tenantId);
      await deps.audit.record(request, {
        action: 'tenant.erase',
        resource: `tenant:${tenantId}`,
        result: 'success',
        tenantId,
        details: { reason: request.body.reason, tables: result.tables },
      });
      return result;
    },
  );
}
