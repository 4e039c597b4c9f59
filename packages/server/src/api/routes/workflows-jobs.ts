// Job-worker routes (issue 17): workers in any process or language activate jobs of a task type (fetch
// and lock, long polling), then complete, fail (with retries and back-off), throw a BPMN error or
// extend the lock. Callers are operators (bearer JWT) or API keys (`Authorization: Bearer wak_…` or
// `X-API-Key`), which may only work the job types they name, of their own organisation's instances.
// Signals are broadcast here too.
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allowsJobType, type ApiKeyPrincipal } from '../../components/security/api-keys.js';
import { presentedApiKey } from '../request-auth.js';
import type { Engine } from '../../engine/engine.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { PlatformApp } from '../app.js';
import { errorResponseSchema } from '../error-schema.js';

export interface WorkflowJobRouteDeps {
  engine: Engine;
  requireOperator(request: FastifyRequest): Promise<{ userId: string }>;
  /** API keys as the edge resolved them (before rate limits); without it only operators may call. */
  apiKeys?:
    | {
        /** The request's valid API key, if it presented one. */
        principal(request: FastifyRequest): ApiKeyPrincipal | undefined;
        /** Why the key it presented was refused. */
        failure(request: FastifyRequest): PlatformError | undefined;
        /** Whether a key of this organisation may work the instance's jobs. */
        mayWork(tenantId: string, instanceId: string): Promise<boolean>;
      }
    | undefined;
}

const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  422: errorResponseSchema,
};
const security = [{ bearer: [] as string[] }, { apiKey: [] as string[] }];
// A request body is parsed JSON, so any value in it is a JSON value; a recursive zod schema would leave
// a dangling $ref in the OpenAPI document.
const json = z.custom<JsonValue>().describe('Any JSON value');
const variables = z.record(z.string(), json);
const job = z.object({
  id: z.string(),
  type: z.string(),
  instanceId: z.string(),
  elementId: z.string(),
  variables: z.record(z.string(), z.unknown()),
  retries: z.number(),
  lockUntil: z.number(),
});
const outcome = z.object({
  id: z.string(),
  state: z.enum(['open', 'completed', 'failed', 'cancelled']),
  repeated: z.boolean(),
});
const idParam = z.object({ id: z.string().min(1).max(300) });
const workerId = z.string().min(1).max(200).optional();

type Caller = { kind: 'operator'; userId: string } | { kind: 'key'; principal: ApiKeyPrincipal };

export function registerWorkflowJobRoutes(app: PlatformApp, deps: WorkflowJobRouteDeps): void {
  const { engine } = deps;
  const callers = new WeakMap<FastifyRequest, Caller>();

  const caller = (request: FastifyRequest): Caller => callers.get(request)!;
  /** FORBIDDEN unless the caller may work jobs of `type`. */
  const mayWork = (request: FastifyRequest, type: string): void => {
    const c = caller(request);
    if (c.kind === 'key' && !allowsJobType(c.principal, type))
      throw new PlatformError('FORBIDDEN', `This API key may not work jobs of type '${type}'`, {
        details: { type, keyId: c.principal.keyId },
      });
  };
  /** Whether the caller may see jobs of this instance: an API key only its organisation's. */
  const ownsInstance = async (request: FastifyRequest, instanceId: string): Promise<boolean> => {
    const c = caller(request);
    return c.kind === 'operator' || (await deps.apiKeys!.mayWork(c.principal.tenantId, instanceId));
  };
  const mayWorkJob = async (request: FastifyRequest, id: string): Promise<void> => {
    const found = await engine.jobs.get(id);
    // Another organisation's job answers as a missing one: its existence is not disclosed.
    if (!found || !(await ownsInstance(request, found.instanceId)))
      throw new PlatformError('NOT_FOUND', `Job ${id} does not exist`, { details: { jobKey: id } });
    mayWork(request, found.type);
  };

  void app.register(
    async (plain) => {
      const r = plain.withTypeProvider<ZodTypeProvider>();
      // Before the body is read: a caller without a valid key or operator token gets 401/403, never 400.
      r.addHook('preParsing', async (request) => {
        if (presentedApiKey(request) !== undefined) {
          const principal = deps.apiKeys?.principal(request);
          if (!principal)
            throw (
              deps.apiKeys?.failure(request) ??
              new PlatformError('UNAUTHENTICATED', 'API keys are not accepted here', {
                details: { reason: 'api-keys-disabled' },
              })
            );
          callers.set(request, { kind: 'key', principal });
        } else {
          callers.set(request, { kind: 'operator', userId: (await deps.requireOperator(request)).userId });
        }
      });
      const tags = ['workflow jobs'];

      r.post(
        '/jobs/activate',
        {
          schema: {
            tags,
            summary: 'Fetch and lock jobs of a task type (long polling with waitMs)',
            description:
              'Locks up to maxJobs open jobs of `type` for `workerId` for lockMs. When none is ready, waits up to waitMs for one. A job whose lock expires returns to the pool.',
            security,
            body: z.object({
              type: z.string().min(1).max(200),
              workerId: z.string().min(1).max(200),
              maxJobs: z.number().int().min(1).max(100).default(10),
              lockMs: z.number().int().min(1000).max(86_400_000).default(300_000),
              waitMs: z.number().int().min(0).max(60_000).default(0),
            }),
            response: { 200: z.object({ jobs: z.array(job) }), ...errors },
          },
        },
        async (req) => {
          mayWork(req, req.body.type);
          const c = caller(req);
          return {
            jobs: await engine.jobs.activate({
              ...req.body,
              // A key locks only its organisation's jobs; the others stay for their own workers.
              ...(c.kind === 'key' ? { instanceAllowed: (id: string) => ownsInstance(req, id) } : {}),
            }),
          };
        },
      );
      r.post(
        '/jobs/:id/complete',
        {
          schema: {
            tags,
            summary: 'Complete a job; its variables are the task result',
            description:
              'Idempotent: repeating the same completion answers `repeated: true` and changes nothing. Name `workerId` to be refused (409) once the lock went to another worker.',
            security,
            params: idParam,
            body: z.object({ variables: variables.default({}), workerId }).default({ variables: {} }),
            response: { 200: outcome, ...errors },
          },
        },
        async (req) => {
          await mayWorkJob(req, req.params.id);
          return engine.jobs.complete(req.params.id, req.body.workerId, req.body.variables);
        },
      );
      r.post(
        '/jobs/:id/fail',
        {
          schema: {
            tags,
            summary: 'Report a failure: retried after retryBackoffMs while retries remain, else an incident',
            security,
            params: idParam,
            body: z.object({
              message: z.string().min(1).max(10_000),
              retries: z.number().int().min(0).max(1000),
              retryBackoffMs: z.number().int().min(0).max(86_400_000).default(0),
              workerId,
            }),
            response: { 200: outcome, ...errors },
          },
        },
        async (req) => {
          await mayWorkJob(req, req.params.id);
          const { workerId: w, ...rest } = req.body;
          return engine.jobs.fail(req.params.id, w, rest);
        },
      );
      r.post(
        '/jobs/:id/bpmn-error',
        {
          schema: {
            tags,
            summary: 'Throw a BPMN error from the task (caught by a matching error boundary)',
            security,
            params: idParam,
            body: z.object({
              code: z.string().min(1).max(200),
              message: z.string().max(10_000).optional(),
              variables: variables.default({}),
              workerId,
            }),
            response: { 200: outcome, ...errors },
          },
        },
        async (req) => {
          await mayWorkJob(req, req.params.id);
          const { workerId: w, message, ...rest } = req.body;
          return engine.jobs.throwError(req.params.id, w, { ...rest, ...(message ? { message } : {}) });
        },
      );
      r.post(
        '/jobs/:id/extend',
        {
          schema: {
            tags,
            summary: 'Extend the lock on a job to lockMs from now',
            security,
            params: idParam,
            body: z.object({ lockMs: z.number().int().min(1000).max(86_400_000), workerId }),
            response: { 200: job, ...errors },
          },
        },
        async (req) => {
          await mayWorkJob(req, req.params.id);
          return engine.jobs.extend(req.params.id, req.body.workerId, req.body.lockMs);
        },
      );
      r.get(
        '/jobs',
        {
          schema: {
            tags,
            summary: 'Jobs for external workers, oldest first (operators see all; keys their types)',
            security,
            querystring: z.object({
              type: z.string().optional(),
              instanceId: z.string().optional(),
              state: z.enum(['open', 'completed', 'failed', 'cancelled']).optional(),
              limit: z.coerce.number().int().min(1).max(500).default(100),
            }),
            response: {
              200: z.object({
                items: z.array(
                  z
                    .object({
                      jobKey: z.string(),
                      type: z.string(),
                      instanceId: z.string(),
                      state: z.string(),
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
          const items = await engine.jobs.list({
            limit: q.limit,
            ...(q.type ? { type: q.type } : {}),
            ...(q.instanceId ? { instanceId: q.instanceId } : {}),
            ...(q.state ? { state: q.state } : {}),
          });
          const c = caller(req);
          const visible: typeof items = [];
          for (const j of items)
            if (
              c.kind === 'operator' ||
              (allowsJobType(c.principal, j.type) && (await ownsInstance(req, j.instanceId)))
            )
              visible.push(j);
          // The response schema validates each item; the cast bridges the interface to its loose shape.
          return {
            items: visible as unknown as Array<
              Record<string, unknown> & { jobKey: string; type: string; instanceId: string; state: string }
            >,
          };
        },
      );
      r.post(
        '/signals',
        {
          schema: {
            tags,
            summary: 'Broadcast a signal to every waiting instance and signal start (operators only)',
            security: [{ bearer: [] as string[] }],
            body: z.object({
              name: z.string().min(1).max(200),
              payload: json.optional(),
              signalId: z.string().min(1).max(200).optional(),
            }),
            response: {
              200: z.object({ signalId: z.string(), delivered: z.number(), started: z.number() }),
              ...errors,
            },
          },
        },
        async (req) => {
          if (caller(req).kind !== 'operator')
            throw new PlatformError('FORBIDDEN', 'Only operators broadcast signals', { details: {} });
          const { name, ...rest } = req.body;
          return engine.broadcastSignal(
            name,
            Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
          );
        },
      );
    },
    { prefix: '/api/v1/workflows' },
  );
}
