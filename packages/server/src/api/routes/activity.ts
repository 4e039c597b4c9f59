// The activity feed: public history (anonymised), the tenant's own history, and a server-sent-events
// stream of new public items ("N min ago — <agent> did X for <company>" is rendered by the client).
import { z } from 'zod';
import {
  ACTIVITY_EVENT,
  ActivityPageSchema,
  ActivityQuerySchema,
  type ActivityItem,
} from '../../contracts/contracts.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';
import type { Clock, TimerHandle } from '../../clock.js';

const HEARTBEAT_MS = 25_000;

const StreamQuerySchema = z.object({
  backlog: z.coerce
    .number()
    .int()
    .min(0)
    .max(50)
    .default(10)
    .describe('Recent items sent first, oldest first'),
});

function frame(item: ActivityItem): string {
  return `id: ${item.id}\nevent: ${ACTIVITY_EVENT}\ndata: ${JSON.stringify(item)}\n\n`;
}

export function registerActivityRoutes(app: RouteScope, ctx: RouteContext, clock: Clock): void {
  const { activity } = ctx.services;
  const tags = ['activity'];
  // Open streams never finish on their own, so shutting down ends them instead of waiting for clients.
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });

  app.get(
    '/activity',
    {
      schema: {
        tags,
        summary:
          'Public activity feed, newest first (no customer data; companies named only when they opted in)',
        querystring: ActivityQuerySchema,
        response: { 200: ActivityPageSchema, ...errors() },
      },
    },
    async (request) => activity.listPublic({ ...defined(request.query), limit: request.query.limit }),
  );

  app.get(
    '/tenant/activity',
    {
      schema: {
        tags,
        summary: "Your organisation's own activity, with full detail",
        security: bearer,
        querystring: ActivityQuerySchema,
        response: { 200: ActivityPageSchema, ...errors(401) },
      },
    },
    async (request) =>
      activity.listTenant(ctx.auth.user(request).tenantId, {
        ...defined(request.query),
        limit: request.query.limit,
      }),
  );

  app.get(
    '/activity/stream',
    {
      schema: {
        tags,
        summary: `Server-sent events: each new public item as an "${ACTIVITY_EVENT}" event (JSON ActivityItem); a few recent ones first`,
        querystring: StreamQuerySchema,
        response: { 200: z.string().describe('text/event-stream'), ...errors() },
      },
    },
    async (request, reply) => {
      const recent =
        request.query.backlog > 0
          ? (await activity.listPublic({ limit: request.query.backlog })).items.reverse()
          : [];
      // Headers set by earlier hooks (security headers, CORS) are copied because the raw response bypasses Fastify's send.
      const headers: Record<string, string | number | string[]> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
      reply.hijack();
      reply.raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write(`retry: 5000\n\n`);
      for (const item of recent) reply.raw.write(frame(item));
      let heartbeat: TimerHandle | undefined;
      const beat = () => {
        heartbeat = clock.setTimeout(() => {
          reply.raw.write(': keep-alive\n\n');
          beat();
        }, HEARTBEAT_MS);
      };
      beat();
      const unsubscribe = activity.subscribe((item) => reply.raw.write(frame(item)));
      const close = () => {
        unsubscribe();
        heartbeat?.cancel();
        openStreams.delete(end);
      };
      const end = () => {
        close();
        reply.raw.end();
      };
      openStreams.add(end);
      reply.raw.once('close', close);
    },
  );
}
