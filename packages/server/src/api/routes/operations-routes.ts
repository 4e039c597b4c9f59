// The operations routes under /api/v1 (issue 15): staff accounts and tenants' data rights (admins), and
// the console's cross-organisation reads (operators and admins).
// Who may call each comes from the contract (`operationsRoutes`) and is checked before the body is read.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { operationsRoutes } from '../../contracts/operations.js';
import { opsAdminRoutes } from '../../contracts/ops-admin.js';
import type { PlatformApp } from '../app.js';
import { checkAccessBeforeBody } from '../route-access.js';
import { registerOpsAdminRoutes, type OpsAdminRouteDeps } from './ops-admin-routes.js';
import { registerStaffUserRoutes, type StaffRouteDeps } from './staff-users.js';
import { registerTenantDataRoutes, type TenantDataRouteDeps } from './tenant-data-routes.js';

export type OperationsRouteDeps = StaffRouteDeps & TenantDataRouteDeps & OpsAdminRouteDeps;

export async function registerOperationsRoutes(app: PlatformApp, deps: OperationsRouteDeps): Promise<void> {
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      checkAccessBeforeBody(scope, operationsRoutes, deps.auth);
      registerStaffUserRoutes(scope, deps);
      registerTenantDataRoutes(scope, deps);
      checkAccessBeforeBody(scope, opsAdminRoutes, deps.auth);
      registerOpsAdminRoutes(scope, deps);
    },
    { prefix: '/api/v1' },
  );
}
