// Permission checks: deny by default. A principal (agent, user, service) is allowed an action on a
// resource only through an explicit grant; unknown principals and tenant mismatches are denied.
import { PlatformError } from '../../errors.js';

export interface AccessRequest {
  principal: string;
  /** e.g. `deliverable:report`, `budget:tenant-1`. */
  resource: string;
  /** e.g. `read`, `write`, `approve`. */
  action: string;
  /** Tenant the principal acts for; compared with `resourceTenantId` when both are given. */
  tenantId?: string | null;
  /** Tenant that owns the resource; a different `tenantId` is denied whatever the grants say. */
  resourceTenantId?: string | null;
}

export interface AccessDecision {
  allowed: boolean;
  reason: 'granted' | 'unknown-principal' | 'no-grant' | 'tenant-mismatch';
}

/**
 * Grants are `(principal, resource pattern, actions)`. A pattern ending in `*` matches by prefix
 * (`marketing:*`); the action `*` allows every action on the matching resources.
 */
export class PermissionRegistry {
  private readonly grants = new Map<string, Array<{ pattern: string; actions: Set<string> }>>();

  grant(principal: string, resource: string, actions: readonly string[]): void {
    if (!principal)
      throw new PlatformError('VALIDATION', 'principal is required', { details: { field: 'principal' } });
    if (!resource)
      throw new PlatformError('VALIDATION', 'resource is required', { details: { field: 'resource' } });
    if (actions.length === 0)
      throw new PlatformError('VALIDATION', 'actions must not be empty', { details: { field: 'actions' } });
    const list = this.grants.get(principal) ?? [];
    const existing = list.find((g) => g.pattern === resource);
    if (existing) for (const a of actions) existing.actions.add(a);
    else list.push({ pattern: resource, actions: new Set(actions) });
    this.grants.set(principal, list);
  }

  /** Removes actions (all of them when omitted) from a grant; returns whether anything changed. */
  revoke(principal: string, resource: string, actions?: readonly string[]): boolean {
    const list = this.grants.get(principal);
    const grant = list?.find((g) => g.pattern === resource);
    if (!list || !grant) return false;
    if (actions === undefined) grant.actions.clear();
    else for (const a of actions) grant.actions.delete(a);
    if (grant.actions.size === 0) list.splice(list.indexOf(grant), 1);
    return true;
  }

  check(request: AccessRequest): AccessDecision {
    if (
      request.tenantId !== undefined &&
      request.resourceTenantId !== undefined &&
      request.resourceTenantId !== null &&
      request.tenantId !== request.resourceTenantId
    ) {
      return { allowed: false, reason: 'tenant-mismatch' };
    }
    const list = this.grants.get(request.principal);
    if (!list || list.length === 0) return { allowed: false, reason: 'unknown-principal' };
    const ok = list.some(
      (g) => matches(g.pattern, request.resource) && (g.actions.has(request.action) || g.actions.has('*')),
    );
    return ok ? { allowed: true, reason: 'granted' } : { allowed: false, reason: 'no-grant' };
  }

  /** Throws FORBIDDEN (with the reason) unless allowed. */
  require(request: AccessRequest): void {
    const decision = this.check(request);
    if (!decision.allowed) {
      throw new PlatformError(
        'FORBIDDEN',
        `${request.principal} may not ${request.action} ${request.resource}`,
        {
          details: {
            principal: request.principal,
            resource: request.resource,
            action: request.action,
            reason: decision.reason,
          },
        },
      );
    }
  }
}

function matches(pattern: string, resource: string): boolean {
  return pattern.endsWith('*') ? resource.startsWith(pattern.slice(0, -1)) : pattern === resource;
}
