// Small helpers shared by the marketplace route files: error response schemas for OpenAPI, the
// security marker for signed-in routes, and the context every route file receives.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBodySchema } from '../contracts/contracts.js';
import type { MarketplaceLimits } from '../marketplace/deps.js';
import type { MarketplaceServices } from '../marketplace/services.js';
import type { HttpAudit } from './http-audit.js';
import type { RequestAuth } from './request-auth.js';

/** The encapsulated /api/v1 scope the marketplace routes are registered on. */
export type RouteScope = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteContext {
  services: MarketplaceServices;
  auth: RequestAuth;
  limits: MarketplaceLimits;
  /** The audit trail at the HTTP edge: routes record their security events through it. */
  audit: HttpAudit;
}

type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 412 | 413 | 415 | 429 | 503;

/** `{ 400: ErrorBody, 404: ErrorBody, … }` for a route's `response` schema. */
export function errors(...statuses: ErrorStatus[]): Record<ErrorStatus, typeof ErrorBodySchema> {
  const out = {} as Record<ErrorStatus, typeof ErrorBodySchema>;
  for (const s of new Set<ErrorStatus>([400, 429, ...statuses])) out[s] = ErrorBodySchema;
  return out;
}

/** OpenAPI marker: the route takes a bearer access token. */
export const bearer = [{ bearer: [] as string[] }];

/**
 * The client address: the socket's, or — when the socket is a configured trusted proxy — the first
 * untrusted hop of X-Forwarded-For / Forwarded (Fastify's `trustProxy`, see client-address.ts).
 */
export { clientIp } from './client-address.js';

/** Drops undefined values so optional query fields satisfy exactOptionalPropertyTypes. */
export function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** `Content-Disposition` for a download, the file name stripped of what would break the header. */
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`;
}
