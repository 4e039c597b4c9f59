// Checks the caller against a route contract's `auth` before the body is read (preParsing runs after
// the rate limiter and before parsing), so an unauthenticated caller gets 401/403 whatever its body.
import type { FastifyRequest, RouteOptions } from 'fastify';
import type { Role } from '../contracts/contracts.js';
import type { RequestAuth } from './request-auth.js';
import type { RouteScope } from './route-kit.js';

export type RouteAccess = 'none' | 'user' | readonly Role[];

/** Throws UNAUTHENTICATED / FORBIDDEN when the request's caller does not have `access`. */
function check(auth: RequestAuth, access: RouteAccess | undefined, request: FastifyRequest): void {
  if (access === 'user') auth.user(request);
  else if (Array.isArray(access)) auth.role(request, access);
}

const contractMethod = (method: string): string => (method === 'HEAD' ? 'GET' : method);

export function checkAccessBeforeBody(
  scope: RouteScope,
  routes: Record<string, { method: string; path: string; auth: RouteAccess }>,
  auth: RequestAuth,
): void {
  const byRoute = new Map(Object.values(routes).map((r) => [`${r.method} ${r.path}`, r.auth]));
  scope.addHook('preParsing', async (request) => {
    check(auth, byRoute.get(`${contractMethod(request.method)} ${request.routeOptions.url}`), request);
  });
}

/**
 * Like `checkAccessBeforeBody` for a scope with no other preParsing hook, with the access looked up
 * once per route (`accessByRoute`, keyed `METHOD /full/path`) instead of on every request: each route
 * that needs a caller gets its own callback hook, and public routes none.
 */
export function checkAccessPerRoute(
  scope: RouteScope,
  accessByRoute: ReadonlyMap<string, RouteAccess>,
  auth: RequestAuth,
): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(contractMethod);
    const access = new Map(methods.map((m) => [m, accessByRoute.get(`${m} ${route.url}`)]));
    if (![...access.values()].some((a) => a !== undefined && a !== 'none')) return;
    const hook = (request: FastifyRequest, _reply: unknown, _payload: unknown, done: () => void): void => {
      check(auth, access.get(contractMethod(request.method)), request);
      done();
    };
    route.preParsing = [hook, ...(route.preParsing === undefined ? [] : [route.preParsing].flat())];
  });
}
