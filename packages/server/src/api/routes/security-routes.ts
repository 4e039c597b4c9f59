// The security routes under /api/v1: the admin audit trail, the signing keys, job workers' API keys and an
// organisation's secrets. Who may call
// each comes from the contract (`securityRoutes`) and is checked before the body is read.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Secrets } from '../../components/security/secrets.js';
import { securityRoutes } from '../../contracts/security.js';
import type { PlatformApp } from '../app.js';
import type { HttpAudit } from '../http-audit.js';
import type { RequestAuth } from '../request-auth.js';
import { registerAdminAuditRoutes } from './admin-audit.js';
import { registerSecretRoutes } from './secrets.js';
import { registerSigningKeyRoutes } from './signing-keys.js';
import { registerApiKeyRoutes } from './api-keys.js';
import type { ApiKeyService } from '../../components/security/api-keys.js';
import type { SigningKeyRing } from '../../components/security/signing-keys.js';

const accessByRoute = new Map<string, (typeof securityRoutes)[keyof typeof securityRoutes]['auth']>(
  Object.values(securityRoutes).map((r) => [`${r.method} ${r.path}`, r.auth]),
);

export async function registerSecurityRoutes(
  app: PlatformApp,
  deps: {
    auth: RequestAuth;
    audit: HttpAudit;
    secrets: Secrets;
    signingKeys: SigningKeyRing;
    apiKeys: ApiKeyService;
    tenantExists(tenantId: string): Promise<boolean>;
  },
): Promise<void> {
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      scope.addHook('preParsing', async (request) => {
        const method = request.method === 'HEAD' ? 'GET' : request.method;
        const access = accessByRoute.get(`${method} ${request.routeOptions.url}`);
        if (access === 'user') deps.auth.user(request);
        else if (Array.isArray(access)) deps.auth.role(request, access);
      });
      registerAdminAuditRoutes(scope, deps.audit);
      registerSecretRoutes(scope, deps);
      registerApiKeyRoutes(scope, deps);
      registerSigningKeyRoutes(scope, { keys: deps.signingKeys, auth: deps.auth, audit: deps.audit });
    },
    { prefix: '/api/v1' },
  );
}
