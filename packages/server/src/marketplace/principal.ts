// Who is calling: resolved once per request from the bearer token and the user's current record.
import type { Role } from '../contracts/contracts.js';
import { PlatformError } from '../errors.js';

export interface Principal {
  userId: string;
  tenantId: string;
  role: Role;
  email: string;
  emailVerified: boolean;
}

/** UNAUTHENTICATED unless a principal is present. */
export function requireUser(principal: Principal | undefined): Principal {
  if (!principal)
    throw new PlatformError('UNAUTHENTICATED', 'Sign in to use this route', {
      details: { reason: 'missing-token' },
    });
  return principal;
}

/** FORBIDDEN unless the principal has one of `roles` (after UNAUTHENTICATED when absent). */
export function requireRole(principal: Principal | undefined, roles: readonly Role[]): Principal {
  const p = requireUser(principal);
  if (!roles.includes(p.role)) {
    throw new PlatformError('FORBIDDEN', `This route needs the role ${roles.join(' or ')}`, {
      details: { required: [...roles], role: p.role },
    });
  }
  return p;
}

/** Operators and admins, who may see platform-wide data on the routes that say so. */
export function isStaff(principal: Principal): boolean {
  return principal.role === 'operator' || principal.role === 'admin';
}
