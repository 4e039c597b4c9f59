// Checks the caller against a route contract's `auth` before the body is read (preParsing runs after
// the rate limiter and before parsing), so an unauthenticated caller gets 401/403 whatever its body.
import type { Role } from '../contracts/contracts.js';
import type { RequestAuth } from './request-auth.js';
import type { RouteScope } from './route-kit.js';

export type RouteAccess = 'none' | 'user' | readonly Role[];

export function checkAccessBeforeBody(
  scope: RouteScope,
  routes: Record<string, { method: string; path: string; auth: RouteAccess }>,
  auth: RequestAuth,
): void {
  const byRoute = new Map(Object.values(routes).map((r) => [`${r.method} ${r.path}`, r.auth]));
  scope.addHook('preParsing', async (request) => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const access = byRoute.get(`${method} ${request.routeOptions.url}`);
    if (access === 'user') auth.user(request);
    else if (Array.isArray(access)) auth.role(request, access);
  });
}
