// An organisation's secrets (its model API keys, GitHub token, webhook secrets): put a value, list
// names and versions, delete. A value is never returned; writes are audited by the secrets store.
import { OkSchema } from '../../contracts/contracts.js';
import {
  PutSecretRequestSchema,
  SecretListSchema,
  SecretMetadataSchema,
  SecretParamsSchema,
  type SecretMetadataView,
} from '../../contracts/security.js';
import type { SecretMetadata, Secrets } from '../../components/security/secrets.js';
import { PlatformError } from '../../errors.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, errors, type RouteScope } from '../route-kit.js';

const view = (m: SecretMetadata): SecretMetadataView => ({
  name: m.name,
  version: m.version,
  createdAt: new Date(m.createdAt).toISOString(),
  updatedAt: new Date(m.updatedAt).toISOString(),
});

export function registerSecretRoutes(app: RouteScope, deps: { secrets: Secrets; auth: RequestAuth }): void {
  const tags = ['secrets'];
  app.get(
    '/secrets',
    {
      schema: {
        tags,
        summary: "Your organisation's secrets: names and versions, never values",
        security: bearer,
        response: { 200: SecretListSchema, ...errors(401) },
      },
    },
    async (request) => ({
      items: (await deps.secrets.list(deps.auth.user(request).tenantId)).map(view),
    }),
  );

  app.put(
    '/secrets/:name',
    {
      bodyLimit: 80 * 1024,
      schema: {
        tags,
        summary: 'Store or replace a secret (encrypted at rest; the value is never returned)',
        security: bearer,
        params: SecretParamsSchema,
        body: PutSecretRequestSchema,
        response: { 200: SecretMetadataSchema, ...errors(401) },
      },
    },
    async (request) => {
      const user = deps.auth.user(request);
      return view(
        await deps.secrets.put({ tenantId: user.tenantId, name: request.params.name }, request.body.value, {
          actor: `user:${user.userId}`,
          purpose: 'api',
        }),
      );
    },
  );

  app.delete(
    '/secrets/:name',
    {
      schema: {
        tags,
        summary: 'Delete a secret',
        security: bearer,
        params: SecretParamsSchema,
        response: { 200: OkSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const user = deps.auth.user(request);
      const deleted = await deps.secrets.delete(
        { tenantId: user.tenantId, name: request.params.name },
        { actor: `user:${user.userId}`, purpose: 'api' },
      );
      if (!deleted) throw new PlatformError('NOT_FOUND', `No secret ${request.params.name}`);
      return { ok: true as const };
    },
  );
}
