// Job workers' API keys for admins (decision 0032, issue 14): issue one for an organisation and a set of
// job types — the key is shown once and kept only as a hash —, list them, revoke one (effective on the
// next request). Issuing and revoking are audited.
import {
  ApiKeyListSchema,
  ApiKeyParamsSchema,
  ApiKeyQuerySchema,
  CreateApiKeyRequestSchema,
  CreatedApiKeySchema,
  type ApiKeyView,
} from '../../contracts/security.js';
import { OkSchema } from '../../contracts/contracts.js';
import type { ApiKeyRecord, ApiKeyService } from '../../components/security/api-keys.js';
import { PlatformError } from '../../errors.js';
import type { HttpAudit } from '../http-audit.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, errors, type RouteScope } from '../route-kit.js';

export interface ApiKeyRouteDeps {
  apiKeys: ApiKeyService;
  auth: RequestAuth;
  audit: HttpAudit;
  /** Whether an organisation exists (a key for a missing one is refused with 404). */
  tenantExists(tenantId: string): Promise<boolean>;
}

const iso = (ms: number) => new Date(ms).toISOString();

function view(r: Omit<ApiKeyRecord, 'hash'>): ApiKeyView {
  return { ...r, createdAt: iso(r.createdAt), revokedAt: r.revokedAt === null ? null : iso(r.revokedAt) };
}

export function registerApiKeyRoutes(app: RouteScope, deps: ApiKeyRouteDeps): void {
  const tags = ['workflow jobs'];
  app.get(
    '/admin/api-keys',
    {
      schema: {
        tags,
        summary: "Job workers' API keys (never the keys themselves), of one organisation or all (admins)",
        security: bearer,
        querystring: ApiKeyQuerySchema,
        response: { 200: ApiKeyListSchema, ...errors(401, 403) },
      },
    },
    async (request) => ({ items: (await deps.apiKeys.list(request.query.tenantId)).map(view) }),
  );

  app.post(
    '/admin/api-keys',
    {
      schema: {
        tags,
        summary:
          "Issue an API key for an organisation's job workers, limited to job types; the key is in this answer only (admins)",
        security: bearer,
        body: CreateApiKeyRequestSchema,
        response: { 201: CreatedApiKeySchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const admin = deps.auth.role(request, ['admin']);
      const tenantId = request.body.tenantId ?? admin.tenantId;
      if (!(await deps.tenantExists(tenantId)))
        throw new PlatformError('NOT_FOUND', `Organisation ${tenantId} does not exist`, {
          details: { tenantId },
        });
      const { key, record } = await deps.apiKeys.create({
        tenantId,
        name: request.body.name,
        jobTypes: request.body.jobTypes,
        createdBy: `user:${admin.userId}`,
      });
      await deps.audit.record(request, {
        actor: `user:${admin.userId}`,
        action: 'api-key.create',
        resource: `api-key:${record.id}`,
        result: 'success',
        tenantId,
        details: { name: record.name, jobTypes: record.jobTypes },
      });
      return reply.code(201).send({ ...view(record), key });
    },
  );

  app.delete(
    '/admin/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key: refused from the next request on (admins)',
        security: bearer,
        params: ApiKeyParamsSchema,
        response: { 200: OkSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const admin = deps.auth.role(request, ['admin']);
      await deps.apiKeys.revoke(request.params.id);
      await deps.audit.record(request, {
        actor: `user:${admin.userId}`,
        action: 'api-key.revoke',
        resource: `api-key:${request.params.id}`,
        result: 'success',
      });
      return { ok: true as const };
    },
  );
}
