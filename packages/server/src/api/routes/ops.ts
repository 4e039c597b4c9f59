// Operator routes (roles operator and admin only): the bus's dead-letter queue, escalations to a human
// (a view of the inbox), and WowVision Prime's issues in local mode (where "issues" live in the platform).
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WowVisionService } from '../../agents/wowvision/wowvision-service.js';
import type { Bus, DeadLetter } from '../../bus/bus.js';
import { InboxItemSchema, InboxPageSchema, InboxStatusSchema } from '../../contracts/work.js';
import { PlatformError } from '../../errors.js';
import type { InboxService } from '../../marketplace/inbox/inbox-service.js';
import type { Principal } from '../../marketplace/principal.js';
import type { PlatformApp } from '../app.js';
import type { HttpAudit } from '../http-audit.js';
import { errorResponseSchema } from '../error-schema.js';

export interface OpsDeps {
  bus: Bus;
  /** Escalations are a view of the one inbox. */
  inbox: Pick<InboxService, 'list' | 'get' | 'answer'>;
  wowvision: WowVisionService;
  /** Resolves the caller and checks the role; throws UNAUTHENTICATED / FORBIDDEN. */
  requireOperator(request: FastifyRequest): Promise<Principal>;
  /** Where a discard's reason is recorded (the signed audit trail), beside the bus's own row. */
  audit?: Pick<HttpAudit, 'record'>;
}

const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
};
const security = [{ bearer: [] as string[] }];
const json = z.record(z.string(), z.unknown());

const deadLetterSchema = z.object({
  id: z.string(),
  group: z.string(),
  reason: z.string(),
  deliveries: z.number(),
  deadAt: z.number(),
  message: z.object({
    id: z.string(),
    topic: z.string(),
    priority: z.number(),
    payload: z.unknown(),
    publishedAt: z.number(),
    from: z.string().optional(),
    idempotencyKey: z.string().optional(),
  }),
  errors: z.array(z.object({ code: z.string(), message: z.string(), at: z.number(), attempt: z.number() })),
});
const issueSchema = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string(),
  labels: z.array(z.string()),
  state: z.enum(['open', 'closed']),
  comments: z.array(z.object({ author: z.string(), body: z.string(), at: z.number() })),
});

function toDeadLetter(d: DeadLetter) {
  return {
    id: d.id,
    group: d.group,
    reason: d.reason,
    deliveries: d.deliveries,
    deadAt: d.deadAt,
    message: {
      id: d.message.id,
      topic: d.message.topic,
      priority: d.message.priority,
      payload: d.message.payload,
      publishedAt: d.message.publishedAt,
      ...(d.message.from ? { from: d.message.from } : {}),
      ...(d.message.idempotencyKey ? { idempotencyKey: d.message.idempotencyKey } : {}),
    },
    errors: d.errors.map((e) => ({ code: e.code, message: e.message, at: e.at, attempt: e.attempt })),
  };
}

export function registerOpsRoutes(app: PlatformApp, deps: OpsDeps): void {
  void app.register(
    async (plain) => {
      const r = plain.withTypeProvider<ZodTypeProvider>();
      // preParsing: after the rate limiter, before the body is read — 401/403 whatever the body.
      r.addHook('preParsing', async (request) => {
        await deps.requireOperator(request);
      });

      r.get(
        '/dlq',
        {
          schema: {
            tags: ['operations'],
            summary: 'List dead letters (oldest first)',
            security,
            querystring: z.object({
              group: z.string().optional(),
              reason: z.string().optional(),
              limit: z.coerce.number().int().min(1).max(500).default(50),
              cursor: z.string().optional(),
            }),
            response: {
              200: z.object({ items: z.array(deadLetterSchema), nextCursor: z.string().optional() }),
              ...errors,
            },
          },
        },
        async (req) => {
          const q = req.query;
          const page = await deps.bus.dlq.list({
            limit: q.limit,
            ...(q.group ? { group: q.group } : {}),
            ...(q.reason ? { reason: q.reason } : {}),
            ...(q.cursor ? { cursor: q.cursor } : {}),
          });
          return {
            items: page.items.map(toDeadLetter),
            ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          };
        },
      );
      r.get(
        '/dlq/:id',
        {
          schema: {
            tags: ['operations'],
            summary: 'One dead letter with its error history',
            security,
            params: z.object({ id: z.string() }),
            response: { 200: deadLetterSchema, ...errors },
          },
        },
        async (req) => {
          const d = await deps.bus.dlq.get(req.params.id);
          if (!d) throw new PlatformError('NOT_FOUND', `No dead letter ${req.params.id}`);
          return toDeadLetter(d);
        },
      );
      r.post(
        '/dlq/:id/retry',
        {
          schema: {
            tags: ['operations'],
            summary: 'Re-deliver one dead letter',
            security,
            params: z.object({ id: z.string() }),
            response: { 200: z.object({ retried: z.number() }), ...errors },
          },
        },
        async (req) => {
          await deps.bus.dlq.retry(req.params.id);
          return { retried: 1 };
        },
      );
      r.post(
        '/dlq/retry',
        {
          schema: {
            tags: ['operations'],
            summary: 'Re-deliver every dead letter whose last error or reason matches',
            security,
            body: z.object({ match: z.string().min(1).max(500) }),
            response: { 200: z.object({ retried: z.number() }), ...errors },
          },
        },
        async (req) => {
          let pattern: RegExp;
          try {
            pattern = new RegExp(req.body.match);
          } catch (err) {
            throw new PlatformError(
              'VALIDATION',
              `match is not a valid regular expression: ${(err as Error).message}`,
              { details: { field: 'match' } },
            );
          }
          return { retried: await deps.bus.dlq.retryMatching(pattern) };
        },
      );
      r.post(
        '/dlq/:id/discard',
        {
          schema: {
            tags: ['operations'],
            summary: 'Discard a dead letter with a reason (kept in the audit trail)',
            security,
            params: z.object({ id: z.string() }),
            body: z.object({ reason: z.string().min(3).max(1000) }),
            response: { 200: z.object({ discarded: z.string() }), ...errors },
          },
        },
        async (req) => {
          const letter = await deps.bus.dlq.get(req.params.id);
          await deps.bus.dlq.discard(req.params.id, req.body.reason);
          await deps.audit?.record(req, {
            action: 'staff.ops.dlq.discard',
            resource: `dead-letter:${req.params.id}`,
            result: 'success',
            details: {
              reason: req.body.reason,
              ...(letter ? { topic: letter.message.topic, group: letter.group } : {}),
            },
          });
          return { discarded: req.params.id };
        },
      );

      // A view of the one inbox (every tenant's escalations), kept for existing operator tools: the
      // protocol's and the runtime's escalations are inbox items now, answered through their source.
      r.get(
        '/escalations',
        {
          schema: {
            tags: ['operations'],
            summary: 'Escalations to a human (agent runtime and protocol): a view of the inbox',
            security,
            querystring: z.object({
              status: InboxStatusSchema.optional(),
              tenantId: z.string().optional(),
              cursor: z.string().optional(),
              limit: z.coerce.number().int().min(1).max(100).default(50),
            }),
            response: { 200: InboxPageSchema, ...errors },
          },
        },
        async (req) => {
          const q = req.query;
          return deps.inbox.list(await deps.requireOperator(req), {
            kind: 'escalation',
            limit: q.limit,
            ...(q.status ? { status: q.status } : {}),
            ...(q.tenantId ? { tenantId: q.tenantId } : {}),
            ...(q.cursor ? { cursor: q.cursor } : {}),
          });
        },
      );
      r.post(
        '/escalations/:id/resolve',
        {
          schema: {
            tags: ['operations'],
            summary: 'Answer an escalation (an inbox item): approve, reject or modify',
            security,
            params: z.object({ id: z.string().min(1).max(120) }),
            body: z.object({
              decision: z.enum(['approve', 'reject', 'modify']),
              comment: z.string().max(4000).optional(),
            }),
            response: { 200: InboxItemSchema, ...errors },
          },
        },
        async (req) => {
          const who = await deps.requireOperator(req);
          const item = await deps.inbox.get(who, req.params.id);
          if (item.kind !== 'escalation')
            throw new PlatformError('NOT_FOUND', `No escalation ${req.params.id}`);
          return deps.inbox.answer(who, req.params.id, {
            decision: req.body.decision,
            ...(req.body.comment ? { comment: req.body.comment } : {}),
          });
        },
      );

      r.get(
        '/wowvision/issues',
        {
          schema: {
            tags: ['wowvision'],
            summary: "WowVision Prime's issues (local mode: stored in the platform)",
            security,
            querystring: z.object({
              label: z.string().optional(),
              state: z.enum(['open', 'closed', 'all']).default('all'),
            }),
            response: {
              200: z.object({ mode: z.enum(['local', 'github']), items: z.array(issueSchema) }),
              ...errors,
            },
          },
        },
        async (req) => {
          const items = await deps.wowvision.host.listIssues({
            state: req.query.state,
            ...(req.query.label ? { label: req.query.label } : {}),
          });
          return { mode: deps.wowvision.mode, items: items.map(({ url: _u, ...i }) => i) };
        },
      );
      r.get(
        '/wowvision/issues/:number',
        {
          schema: {
            tags: ['wowvision'],
            summary: 'One WowVision issue with its comments',
            security,
            params: z.object({ number: z.coerce.number().int().positive() }),
            response: { 200: issueSchema, ...errors },
          },
        },
        async (req) => {
          const issue = await deps.wowvision.host.getIssue(req.params.number);
          if (!issue) throw new PlatformError('NOT_FOUND', `No issue #${req.params.number}`);
          const { url: _u, ...rest } = issue;
          return rest;
        },
      );
      r.post(
        '/wowvision/issues/:number/comments',
        {
          schema: {
            tags: ['wowvision'],
            summary: 'Reply to a WowVision issue (APPROVE: / REJECT: / MODIFY: …); the agent acts on it',
            security,
            params: z.object({ number: z.coerce.number().int().positive() }),
            body: z.object({ body: z.string().min(1).max(10_000) }),
            response: { 200: z.object({ outcome: json }), ...errors },
          },
        },
        async (req) => {
          const who = await deps.requireOperator(req);
          const issue = await deps.wowvision.host.getIssue(req.params.number);
          if (!issue) throw new PlatformError('NOT_FOUND', `No issue #${req.params.number}`);
          const outcome = await deps.wowvision.agent.handle({
            type: 'github.issue.comment',
            payload: { number: req.params.number, body: req.body.body, author: who.userId },
          });
          return { outcome: outcome as unknown as Record<string, unknown> };
        },
      );
      r.post(
        '/wowvision/scan',
        {
          schema: {
            tags: ['wowvision'],
            summary: 'Local mode: scan the watched repository now',
            security,
            response: { 200: z.object({ events: z.number() }), ...errors },
          },
        },
        async () => ({ events: await deps.wowvision.scan() }),
      );
      r.get(
        '/wowvision/decisions',
        {
          schema: {
            tags: ['wowvision'],
            summary: "WowVision Prime's recent decisions",
            security,
            querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
            response: { 200: z.object({ items: z.array(json) }), ...errors },
          },
        },
        async (req) => ({
          items: (await deps.wowvision.agent.decisions({ limit: req.query.limit })) as unknown as Array<
            Record<string, unknown>
          >,
        }),
      );
    },
    { prefix: '/api/v1/ops' },
  );
}
