// The HTTP edge's side of the audit trail. Routes record their security events (log-in, export,
// download, approvals…) with `record`; one onResponse hook records every write by an operator or
// admin and every refused request (403), so no staff action on any route family goes unrecorded.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEventInput, AuditLog } from '../components/security/audit-log.js';
import type { Logger } from '../components/observability/logger.js';
import { isStaff } from '../marketplace/principal.js';
import type { RequestAuth } from './request-auth.js';
import { clientIp } from './client-address.js';

/** The part of the app the audit hooks into (structural, so this file need not import the app). */
interface HookTarget {
  addHook(
    name: 'onResponse',
    hook: (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void,
  ): unknown;
}

export type HttpAuditEvent = Omit<AuditEventInput, 'actor'> & { actor?: string };

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `POST /api/v1/ops/dlq/:id/retry` → `ops.dlq.retry` (prefix, parameters and slashes dropped). */
export function routeAction(method: string, url: string): string {
  const parts = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter((p) => p && !p.startsWith(':'));
  return [...parts, ...(parts.length ? [] : [method.toLowerCase()])].join('.') || 'root';
}

export class HttpAudit {
  private readonly recorded = new WeakSet<FastifyRequest>();

  constructor(
    readonly log: AuditLog,
    private readonly auth: RequestAuth,
    private readonly logger?: Logger,
  ) {}

  /**
   * Appends an event for this request: the signed-in caller is the actor and tenant unless given;
   * the client address and request id go to `details`. A failed write is logged, never thrown — the
   * request has already done its work.
   */
  async record(request: FastifyRequest, event: HttpAuditEvent): Promise<void> {
    this.recorded.add(request);
    const principal = this.auth.principal(request);
    try {
      await this.log.append({
        ...event,
        actor: event.actor ?? (principal ? `user:${principal.userId}` : 'anonymous'),
        tenantId: event.tenantId === undefined ? (principal?.tenantId ?? null) : event.tenantId,
        details: { ...event.details, address: clientIp(request), requestId: request.id },
      });
    } catch (err) {
      (this.logger ?? request.log).error({ err, action: event.action }, 'audit entry not recorded');
    }
  }

  /** onResponse on `app` (call before routes register): staff writes and refusals. */
  register(app: HookTarget): void {
    // A callback hook: it runs on every answer and most need no entry, while an async hook costs a
    // promise and a microtask turn on each. The route is looked up only for the answers recorded.
    app.addHook('onResponse', (request, reply, done) => {
      const principal = this.auth.principal(request);
      const denied = reply.statusCode === 403;
      const staffWrite = principal !== undefined && isStaff(principal) && WRITES.has(request.method);
      const url =
        (denied || staffWrite) && !this.recorded.has(request) ? request.routeOptions.url : undefined;
      if (url === undefined) return done();
      this.record(request, {
        action: denied ? 'access.denied' : `staff.${routeAction(request.method, url)}`,
        resource: request.url.split('?')[0]!,
        result: denied ? 'denied' : reply.statusCode < 400 ? 'success' : 'failure',
        details: {
          method: request.method,
          route: url,
          status: reply.statusCode,
          params: (request.params ?? {}) as Record<string, string>,
          ...(principal ? { role: principal.role } : {}),
        },
      }).then(() => done(), done);
    });
  }
}
