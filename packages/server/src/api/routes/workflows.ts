// Workflow routes (operator and admin): deploy definitions (YAML, BPMN 2.0 XML or JSON), start and
// operate instances, correlate messages, and work user tasks. Customers see their approvals through
// the marketplace's approvals inbox instead.
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INSTANCE_STATUSES } from '../../contracts/ops-console.js';
import type { Engine } from '../../engine/engine.js';
import type { JsonValue } from '../../errors.js';
import type { PlatformApp } from '../app.js';
import { errorResponseSchema } from '../error-schema.js';
import { registerWorkflowJobRoutes, type WorkflowJobRouteDeps } from './workflows-jobs.js';

export interface WorkflowRouteDeps {
  engine: Engine;
  requireOperator(request: FastifyRequest): Promise<{ userId: string }>;
  /** API keys accepted by the job-worker routes (workflows-jobs.ts). */
  apiKeys?: WorkflowJobRouteDeps['apiKeys'];
}

const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  422: errorResponseSchema,
};
const security = [{ bearer: [] as string[] }];
// Bodies are parsed JSON, so every value in them is a JsonValue already: nothing to check, and the
// OpenAPI document says "any JSON value" (`{}`) rather than a self-referring schema.
const json = z.custom<JsonValue>().describe('Any JSON value');
const statuses = INSTANCE_STATUSES;
const errorJson = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  details: z.record(z.string(), z.unknown()),
});

const definitionInfo = z
  .object({
    definitionId: z.string(),
    version: z.number(),
    name: z.string().nullable(),
    versionTag: z.string().nullable(),
    createdAt: z.number(),
  })
  .loose();
const instanceView = z
  .object({
    instanceId: z.string(),
    definitionId: z.string(),
    version: z.number(),
    businessKey: z.string().nullable(),
    status: z.enum(statuses),
    compensating: z.boolean(),
    parentInstanceId: z.string().nullable(),
    startedAt: z.number(),
    endedAt: z.number().nullable(),
    error: errorJson.nullable(),
    variables: z.record(z.string(), z.unknown()),
    activeElements: z.array(z.string()),
    incidents: z.array(
      z.object({ incidentId: z.string(), elementId: z.string(), error: errorJson, at: z.number() }).loose(),
    ),
    userTasks: z.array(z.object({ taskId: z.string(), elementId: z.string(), title: z.string() }).loose()),
    timers: z.array(
      z.object({ timerId: z.string(), elementId: z.string(), purpose: z.string(), dueAt: z.number() }),
    ),
    historyLength: z.number(),
  })
  .loose();
const control = z.object({ queued: z.boolean(), instance: instanceView.optional() });

// The response serializer validates every reply against these schemas at run time; the casts only
// bridge the engine's richer static types to the schema's.
const asInstance = async (p: Promise<unknown>) => (await p) as z.infer<typeof instanceView>;
const asControl = async (p: Promise<unknown>) => (await p) as z.infer<typeof control>;
const idParam = z.object({ id: z.string().min(1) });

export function registerWorkflowRoutes(app: PlatformApp, deps: WorkflowRouteDeps): void {
  const { engine } = deps;
  registerWorkflowJobRoutes(app, deps);
  void app.register(
    async (plain) => {
      const r = plain.withTypeProvider<ZodTypeProvider>();
      const actor = async (request: FastifyRequest) => `user:${(await deps.requireOperator(request)).userId}`;
      // preParsing: after the rate limiter, before the body is read — 401/403 whatever the body.
      r.addHook('preParsing', async (request) => {
        await deps.requireOperator(request);
      });
      const tags = ['workflows'];

      r.post(
        '/definitions',
        {
          schema: {
            tags,
            summary: 'Deploy a definition (a new version unless identical to the latest)',
            security,
            body: z.object({
              source: z.string().min(1).max(2_000_000),
              format: z.enum(['yaml', 'bpmn', 'json']).optional(),
              processId: z
                .string()
                .optional()
                .describe(
                  'BPMN: the process to deploy. Required when the file holds several executable processes (400 naming them otherwise); without it the only executable process, or the only process, is deployed.',
                ),
            }),
            response: {
              200: z.object({
                definitionId: z.string(),
                version: z.number(),
                created: z.boolean(),
                name: z.string().nullable(),
                versionTag: z.string().nullable(),
              }),
              ...errors,
            },
          },
        },
        async (req) => {
          const b = req.body;
          const t = b.source.trimStart();
          const format = b.format ?? (t.startsWith('<') ? 'bpmn' : t.startsWith('{') ? 'json' : 'yaml');
          return engine.deploy(
            { format, source: b.source, ...(b.processId ? { processId: b.processId } : {}) },
            { createdBy: await actor(req) },
          );
        },
      );
      r.get(
        '/definitions',
        {
          schema: {
            tags,
            summary: 'Latest version of every definition',
            security,
            response: { 200: z.object({ items: z.array(definitionInfo) }), ...errors },
          },
        },
        async () => ({ items: await engine.listDefinitions() }),
      );
      r.get(
        '/definitions/:id',
        {
          schema: {
            tags,
            summary: 'A definition version (latest by default) with its model',
            security,
            params: idParam,
            querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
            response: {
              200: z.object({
                definitionId: z.string(),
                version: z.number(),
                format: z.string(),
                source: z.string(),
                model: z.unknown(),
                versions: z.array(definitionInfo),
              }),
              ...errors,
            },
          },
        },
        async (req) => {
          const d = await engine.getDefinition(req.params.id, req.query.version);
          return {
            definitionId: d.definitionId,
            version: d.version,
            format: d.format,
            source: d.source,
            model: d.model,
            versions: await engine.definitionVersions(req.params.id),
          };
        },
      );
      r.get(
        '/definitions/:id/bpmn',
        {
          schema: {
            tags,
            summary: 'Export a definition version as BPMN 2.0 XML',
            description:
              'A BPMN deployment comes back as saved; when its process was chosen from a collaboration, only that process is marked executable, so the file re-imports without naming it.',
            security,
            params: idParam,
            querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
            response: { 200: z.string().describe('application/xml'), ...errors },
          },
        },
        async (req, reply) => {
          return reply
            .type('application/xml')
            .send(await engine.exportBpmn(req.params.id, req.query.version));
        },
      );

      r.post(
        '/instances',
        {
          schema: {
            tags,
            summary: 'Start an instance',
            security,
            body: z.object({
              definitionId: z.string().min(1),
              version: z.number().int().positive().optional(),
              businessKey: z.string().min(1).max(200).optional(),
              variables: z.record(z.string(), json).optional(),
              instanceId: z.string().min(1).max(100).optional(),
            }),
            response: { 200: instanceView, ...errors },
          },
        },
        async (req) => {
          const b = req.body;
          return asInstance(
            engine.startInstance(b.definitionId, {
              actor: await actor(req),
              ...(b.version ? { version: b.version } : {}),
              ...(b.businessKey ? { businessKey: b.businessKey } : {}),
              ...(b.variables ? { variables: b.variables } : {}),
              ...(b.instanceId ? { instanceId: b.instanceId } : {}),
            }),
          );
        },
      );
      r.get(
        '/instances',
        {
          schema: {
            tags,
            summary: 'List instances',
            security,
            querystring: z.object({
              definitionId: z.string().optional(),
              status: z.enum(statuses).optional(),
              businessKey: z.string().optional(),
              cursor: z.string().optional(),
              limit: z.coerce.number().int().min(1).max(500).default(50),
            }),
            response: {
              200: z.object({
                items: z.array(
                  z
                    .object({
                      instanceId: z.string(),
                      definitionId: z.string(),
                      version: z.number(),
                      businessKey: z.string().nullable(),
                      state: z.enum(statuses),
                      createdAt: z.number(),
                      endedAt: z.number().nullable(),
                    })
                    .loose(),
                ),
                nextCursor: z.string().optional(),
              }),
              ...errors,
            },
          },
        },
        async (req) => {
          const q = req.query;
          return (await engine.listInstances({
            limit: q.limit,
            ...(q.definitionId ? { definitionId: q.definitionId } : {}),
            ...(q.status ? { state: q.status } : {}),
            ...(q.businessKey ? { businessKey: q.businessKey } : {}),
            ...(q.cursor ? { cursor: q.cursor } : {}),
          })) as unknown as {
            items: Array<{
              instanceId: string;
              definitionId: string;
              version: number;
              businessKey: string | null;
              state: (typeof statuses)[number];
              createdAt: number;
              endedAt: number | null;
            }>;
            nextCursor?: string;
          };
        },
      );
      r.get(
        '/instances/:id',
        {
          schema: {
            tags,
            summary: 'An instance: state, variables, tokens, incidents, tasks, timers',
            security,
            params: idParam,
            response: { 200: instanceView, ...errors },
          },
        },
        async (req) => asInstance(engine.getInstance(req.params.id)),
      );
      r.get(
        '/instances/:id/history',
        {
          schema: {
            tags,
            summary: 'Every recorded step of an instance',
            security,
            params: idParam,
            response: { 200: z.object({ items: z.array(z.record(z.string(), z.unknown())) }), ...errors },
          },
        },
        async (req) => ({
          items: (await engine.history(req.params.id)) as unknown as Array<Record<string, unknown>>,
        }),
      );
      r.get(
        '/instances/:id/variables/history',
        {
          schema: {
            tags,
            summary: 'Every change of the instance variables, with version, actor and time',
            security,
            params: idParam,
            querystring: z.object({ name: z.string().optional() }),
            response: {
              200: z.object({
                items: z.array(
                  z
                    .object({
                      name: z.string(),
                      value: z.unknown(),
                      version: z.number(),
                      actor: z.string(),
                      at: z.number(),
                    })
                    .loose(),
                ),
              }),
              ...errors,
            },
          },
        },
        async (req) => ({
          items: (await engine.variableHistory(req.params.id, req.query.name)) as Array<{
            name: string;
            value: unknown;
            version: number;
            actor: string;
            at: number;
          }>,
        }),
      );
      r.post(
        '/instances/:id/cancel',
        {
          schema: {
            tags,
            summary: 'Cancel an instance (optionally compensating completed tasks)',
            security,
            params: idParam,
            body: z
              .object({ reason: z.string().max(1000).optional(), compensate: z.boolean().optional() })
              .default({}),
            response: { 200: control, ...errors },
          },
        },
        async (req) =>
          asControl(
            engine.cancel(req.params.id, {
              actor: await actor(req),
              ...(req.body.reason ? { reason: req.body.reason } : {}),
              ...(req.body.compensate !== undefined ? { compensate: req.body.compensate } : {}),
            }),
          ),
      );
      r.post(
        '/instances/:id/suspend',
        {
          schema: {
            tags,
            summary: 'Suspend an instance',
            security,
            params: idParam,
            response: { 200: control, ...errors },
          },
        },
        async (req) => asControl(engine.suspend(req.params.id, await actor(req))),
      );
      r.post(
        '/instances/:id/resume',
        {
          schema: {
            tags,
            summary: 'Resume a suspended instance',
            security,
            params: idParam,
            response: { 200: control, ...errors },
          },
        },
        async (req) => asControl(engine.resume(req.params.id, await actor(req))),
      );
      r.post(
        '/instances/:id/retry',
        {
          schema: {
            tags,
            summary: 'Retry an incident',
            security,
            params: idParam,
            body: z.object({ incidentId: z.string().optional() }).default({}),
            response: { 200: control, ...errors },
          },
        },
        async (req) =>
          asControl(
            engine.retryIncident(req.params.id, {
              actor: await actor(req),
              ...(req.body.incidentId ? { incidentId: req.body.incidentId } : {}),
            }),
          ),
      );
      r.post(
        '/instances/:id/variables',
        {
          schema: {
            tags,
            summary: 'Set instance variables',
            security,
            params: idParam,
            body: z.object({ variables: z.record(z.string(), json) }),
            response: { 200: control, ...errors },
          },
        },
        async (req) => asControl(engine.setVariables(req.params.id, req.body.variables, await actor(req))),
      );
      r.post(
        '/instances/:id/migrate',
        {
          schema: {
            tags,
            summary: 'Move an instance to another version of its definition',
            security,
            params: idParam,
            body: z.object({
              toVersion: z.number().int().positive(),
              mapping: z.record(z.string(), z.string()).default({}),
            }),
            response: { 200: control, ...errors },
          },
        },
        async (req) =>
          asControl(engine.migrate(req.params.id, req.body.toVersion, req.body.mapping, await actor(req))),
      );

      r.post(
        '/messages',
        {
          schema: {
            tags,
            summary: 'Correlate a message (signal) by name and business key; buffered when nobody waits yet',
            security,
            body: z.object({
              name: z.string().min(1),
              businessKey: z.string().optional(),
              correlationKey: z.string().optional(),
              payload: json.optional(),
              messageId: z.string().optional(),
              ttlMs: z.number().int().positive().optional(),
            }),
            response: {
              200: z.object({
                status: z.enum(['delivered', 'started', 'buffered']),
                messageId: z.string(),
                instanceId: z.string().optional(),
                expiresAt: z.number().optional(),
              }),
              ...errors,
            },
          },
        },
        async (req) => {
          const { name, ...rest } = req.body;
          return engine.correlate(
            name,
            Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
          );
        },
      );

      r.get(
        '/tasks',
        {
          schema: {
            tags,
            summary: 'Human (user) tasks',
            security,
            querystring: z.object({
              status: z.enum(['open', 'completed', 'cancelled']).optional(),
              assignee: z.string().optional(),
              role: z.string().optional(),
              instanceId: z.string().optional(),
              limit: z.coerce.number().int().min(1).max(500).default(100),
            }),
            response: {
              200: z.object({
                items: z.array(
                  z
                    .object({
                      taskId: z.string(),
                      instanceId: z.string(),
                      title: z.string(),
                      status: z.string(),
                    })
                    .loose(),
                ),
              }),
              ...errors,
            },
          },
        },
        async (req) => {
          const q = req.query;
          const tasks = await engine.listUserTasks(
            Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as Parameters<
              Engine['listUserTasks']
            >[0],
          );
          return {
            items: tasks as unknown as Array<{
              taskId: string;
              instanceId: string;
              title: string;
              status: string;
            }>,
          };
        },
      );
      r.post(
        '/tasks/:id/complete',
        {
          schema: {
            tags,
            summary: 'Complete a user task with its form data (e.g. the decision variable)',
            security,
            params: idParam,
            body: z.object({ data: z.record(z.string(), json).default({}) }),
            response: { 200: control, ...errors },
          },
        },
        async (req) => asControl(engine.completeUserTask(req.params.id, req.body.data, await actor(req))),
      );
    },
    { prefix: '/api/v1/workflows' },
  );
}
