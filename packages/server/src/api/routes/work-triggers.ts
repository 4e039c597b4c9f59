// Routes of recurring work and inbound events (issue 13 items 4–5): schedules and webhooks of an agent
// instance under /api/v1 for signed-in customers, and the unauthenticated receiver POST /api/v1/hooks/:id
// whose signature covers the raw body (kept as bytes in its own scope, as the GitHub receiver does).
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CursorSchema, LimitSchema } from '../../contracts/contracts.js';
import {
  CreateScheduleRequestSchema,
  CreateWebhookRequestSchema,
  InstanceParamsSchema,
  ScheduleParamsSchema,
  SchedulePageSchema,
  ScheduleSchema,
  WEBHOOK_HEADERS,
  WebhookEventAcceptedSchema,
  WebhookPageSchema,
  WebhookParamsSchema,
  WebhookWithSecretSchema,
} from '../../contracts/work.js';
import type { ScheduleService } from '../../marketplace/work/triggers/schedule-service.js';
import type { WebhookService } from '../../marketplace/work/triggers/webhook-service.js';
import type { PlatformApp } from '../app.js';
import { keepJsonBodyRaw } from '../raw-json-body.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, defined, errors } from '../route-kit.js';

export interface WorkTriggerRouteDeps {
  auth: RequestAuth;
  schedules: ScheduleService;
  webhooks: WebhookService;
}

const PageQuerySchema = z.object({ cursor: CursorSchema.optional(), limit: LimitSchema });

/** Registers the schedule, webhook and hook-receiver routes (before `app.ready()`). */
export async function registerWorkTriggerRoutes(app: PlatformApp, deps: WorkTriggerRouteDeps): Promise<void> {
  const { auth, schedules, webhooks } = deps;
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      // Every route of this scope is a customer's (`workRoutes`): callers are checked before any body is read.
      scope.addHook('preParsing', async (request) => {
        auth.user(request);
      });
      const scheduleTags = ['schedules'];
      scope.post(
        '/instances/:instanceId/schedules',
        {
          schema: {
            tags: scheduleTags,
            summary: 'Run a task on a schedule: a cron or a phrase such as "every weekday at 9"',
            security: bearer,
            params: InstanceParamsSchema,
            body: CreateScheduleRequestSchema,
            response: { 201: ScheduleSchema, ...errors(401, 404, 409) },
          },
        },
        async (request, reply) =>
          reply
            .status(201)
            .send(await schedules.create(auth.user(request), request.params.instanceId, request.body)),
      );
      scope.get(
        '/instances/:instanceId/schedules',
        {
          schema: {
            tags: scheduleTags,
            summary: "An instance's schedules with their next runs",
            security: bearer,
            params: InstanceParamsSchema,
            querystring: PageQuerySchema,
            response: { 200: SchedulePageSchema, ...errors(401, 404) },
          },
        },
        async (request) =>
          schedules.list(auth.user(request), request.params.instanceId, {
            ...defined(request.query),
            limit: request.query.limit,
          }),
      );
      for (const action of ['pause', 'resume'] as const) {
        scope.post(
          `/schedules/:scheduleId/${action}`,
          {
            schema: {
              tags: scheduleTags,
              summary:
                action === 'pause'
                  ? 'Pause a schedule (runs due meanwhile are skipped)'
                  : 'Resume a schedule from its next run',
              security: bearer,
              params: ScheduleParamsSchema,
              response: { 200: ScheduleSchema, ...errors(401, 404) },
            },
          },
          async (request) => schedules[action](auth.user(request), request.params.scheduleId),
        );
      }
      scope.delete(
        '/schedules/:scheduleId',
        {
          schema: {
            tags: scheduleTags,
            summary: 'Delete a schedule (tasks it created stay)',
            security: bearer,
            params: ScheduleParamsSchema,
            response: { 204: z.null(), ...errors(401, 404) },
          },
        },
        async (request, reply) => {
          await schedules.delete(auth.user(request), request.params.scheduleId);
          return reply.status(204).send(null);
        },
      );

      const webhookTags = ['webhooks'];
      scope.post(
        '/instances/:instanceId/webhooks',
        {
          schema: {
            tags: webhookTags,
            summary: 'Create a signed inbound webhook; its secret is shown in this answer only',
            security: bearer,
            params: InstanceParamsSchema,
            body: CreateWebhookRequestSchema,
            response: { 201: WebhookWithSecretSchema, ...errors(401, 404, 409) },
          },
        },
        async (request, reply) =>
          reply
            .status(201)
            .send(await webhooks.create(auth.user(request), request.params.instanceId, request.body)),
      );
      scope.get(
        '/instances/:instanceId/webhooks',
        {
          schema: {
            tags: webhookTags,
            summary: "An instance's inbound webhooks with their event counts (secrets only as hints)",
            security: bearer,
            params: InstanceParamsSchema,
            querystring: PageQuerySchema,
            response: { 200: WebhookPageSchema, ...errors(401, 404) },
          },
        },
        async (request) =>
          webhooks.list(auth.user(request), request.params.instanceId, {
            ...defined(request.query),
            limit: request.query.limit,
          }),
      );
      scope.post(
        '/webhooks/:webhookId/rotate',
        {
          schema: {
            tags: webhookTags,
            summary: 'Replace the signing secret (the old one stops verifying at once); shown once',
            security: bearer,
            params: WebhookParamsSchema,
            response: { 200: WebhookWithSecretSchema, ...errors(401, 404) },
          },
        },
        async (request) => webhooks.rotate(auth.user(request), request.params.webhookId),
      );
      scope.delete(
        '/webhooks/:webhookId',
        {
          schema: {
            tags: webhookTags,
            summary: 'Delete a webhook and its secret (tasks it created stay)',
            security: bearer,
            params: WebhookParamsSchema,
            response: { 204: z.null(), ...errors(401, 404) },
          },
        },
        async (request, reply) => {
          await webhooks.delete(auth.user(request), request.params.webhookId);
          return reply.status(204).send(null);
        },
      );
    },
    { prefix: '/api/v1' },
  );

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // The signature covers the exact bytes sent, so this scope keeps JSON bodies raw.
    keepJsonBodyRaw(scope);
    scope.post(
      '/api/v1/hooks/:webhookId',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Receive an event: signed JSON becomes a task (duplicates by event id answer the first)',
          params: WebhookParamsSchema,
          headers: z.object({
            [WEBHOOK_HEADERS.signature]: z.string().optional(),
            [WEBHOOK_HEADERS.timestamp]: z.string().optional(),
            [WEBHOOK_HEADERS.eventId]: z.string().optional(),
          }),
          response: {
            200: WebhookEventAcceptedSchema,
            202: WebhookEventAcceptedSchema,
            ...errors(401, 404, 409, 413),
          },
        },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = (name: string) => {
          const v = request.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        const result = await webhooks.receive(
          request.params.webhookId,
          {
            signature: header(WEBHOOK_HEADERS.signature),
            timestamp: header(WEBHOOK_HEADERS.timestamp),
            eventId: header(WEBHOOK_HEADERS.eventId),
          },
          raw,
        );
        return reply.status(result.duplicate ? 200 : 202).send(result);
      },
    );
  });
}
