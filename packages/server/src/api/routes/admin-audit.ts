// The audit trail for admins: entries newest first with filters, and a verification of the whole
// chain (hashes, signatures, the anchored checkpoint). Reading the trail is itself recorded.
import {
  AuditPageSchema,
  AuditQuerySchema,
  AuditVerificationSchema,
  type AuditEntryView,
  type AuditVerificationView,
} from '../../contracts/security.js';
import type { AuditEvent, AuditVerification } from '../../components/security/audit-log.js';
import { bearer, errors, type RouteScope } from '../route-kit.js';
import type { HttpAudit } from '../http-audit.js';

const iso = (ms: number) => new Date(ms).toISOString();

function toView(e: AuditEvent): AuditEntryView {
  return {
    seq: e.seq,
    at: iso(e.at),
    actor: e.actor,
    action: e.action,
    resource: e.resource,
    result: e.result,
    tenantId: e.tenantId,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
    signed: e.signature !== null,
  };
}

export function verificationView(v: AuditVerification): AuditVerificationView {
  const { anchor, ...rest } = v;
  return { ...rest, ...(anchor ? { anchor: { ...anchor, at: iso(anchor.at) } } : {}) };
}

export function registerAdminAuditRoutes(app: RouteScope, audit: HttpAudit): void {
  const tags = ['audit'];
  app.get(
    '/admin/audit',
    {
      schema: {
        tags,
        summary:
          'Audit trail entries, newest first, filtered by actor, action (or prefix ending in "."), organisation, result and time (admins)',
        security: bearer,
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await audit.log.list({
        order: 'desc',
        limit: q.limit,
        ...(q.actor ? { actor: q.actor } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.tenantId ? { tenantId: q.tenantId } : {}),
        ...(q.result ? { result: q.result } : {}),
        ...(q.from ? { from: Date.parse(q.from) } : {}),
        ...(q.to ? { to: Date.parse(q.to) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      await audit.record(request, {
        action: 'audit.read',
        resource: 'audit-trail',
        result: 'success',
        details: { entries: page.items.length },
      });
      return { items: page.items.map(toView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    },
  );

  app.post(
    '/admin/audit/verify',
    {
      schema: {
        tags,
        summary:
          'Verify the whole audit trail: chain, hashes, Ed25519 signatures and the checkpoint anchored outside the database; names the first bad entry (admins)',
        security: bearer,
        response: { 200: AuditVerificationSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const verdict = await audit.log.verify();
      await audit.record(request, {
        action: 'audit.verify',
        resource: 'audit-trail',
        result: verdict.valid ? 'success' : 'failure',
        details: {
          checked: verdict.checked,
          ...(verdict.brokenAt === undefined ? {} : { brokenAt: verdict.brokenAt }),
          ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
        },
      });
      return verificationView(verdict);
    },
  );
}
