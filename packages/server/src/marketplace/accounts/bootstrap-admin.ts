// First-run bootstrap (issue 15): with WAOOAW_ADMIN_EMAIL and WAOOAW_ADMIN_PASSWORD set, start-up creates
// that admin unless the email already has an account — an existing password is never overwritten, so
// the variables can stay set on every start.
import type { AuditLog } from '../../components/security/audit-log.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Config } from '../../config.js';
import type { StaffService } from './staff-service.js';

export async function bootstrapAdmin(
  config: Config,
  deps: { staff: StaffService; audit: Pick<AuditLog, 'append'>; logger: Logger },
): Promise<void> {
  const { adminEmail, adminPassword } = config.auth;
  if (!adminEmail || !adminPassword) return;
  const { created, user } = await deps.staff.bootstrapAdmin(adminEmail, adminPassword);
  if (!created) {
    if (user.role !== 'admin')
      deps.logger.warn(
        { userId: user.id },
        'WAOOAW_ADMIN_EMAIL belongs to an account that is not an admin; left as it is',
      );
    return;
  }
  await deps.audit.append({
    actor: 'system',
    action: 'staff.user.bootstrap',
    resource: `user:${user.id}`,
    result: 'success',
    details: { role: 'admin' },
  });
  deps.logger.info({ userId: user.id }, 'created the first admin from WAOOAW_ADMIN_EMAIL');
}
