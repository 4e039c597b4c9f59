// The work-orders routes under /api/v1 (contracts/work.ts): the tenant's agent instances, tasks on the
// customer's own input and the files those tasks read. Who may call each route comes from the contract
// (`workRoutes`) and is checked before the body is read.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PageQuerySchema } from '../../contracts/contracts.js';
import {
  CreateTaskRequestSchema,
  InstancePageSchema,
  InstanceParamsSchema,
  InstanceSchema,
  TaskAcceptedSchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskParamsSchema,
  TaskSchema,
  UpdateInstanceRequestSchema,
  workRoutes,
} from '../../contracts/work.js';
import type { InstanceDirectory } from '../../marketplace/work/instance-directory.js';
import type { TaskService } from '../../marketplace/work/task-service.js';
import type { PlatformApp } from '../app.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, defined, errors, type RouteScope } from '../route-kit.js';
import { registerFileRoutes, type FileRoutesDeps } from './work-files.js';
import { MARKETPLACE_PREFIX } from './marketplace-routes.js';

export interface WorkRouteDeps {
  auth: RequestAuth;
  instances: InstanceDirectory;
  tasks: TaskService;
  files?: FileRoutesDeps['files'];
}

const TASK_BODY_LIMIT = 4 * 1024 * 1024;

const accessByRoute = new Map<string, string>(
  Object.values(workRoutes).map((r) => [`${r.method} ${r.path}`, r.auth]),
);

function registerInstanceRoutes(app: RouteScope, deps: WorkRouteDeps): void {
  const { auth, instances } = deps;
  const tags = ['instances'];
  app.get(
    '/instances',
    {
      schema: {
        tags,
        summary: "Your organisation's agent instances (one per trial, kept by its hire), newest first",
        security: bearer,
        querystring: PageQuerySchema,
        response: { 200: InstancePageSchema, ...errors(401) },
      },
    },
    async (request) =>
      instances.list(auth.user(request), { ...defined(request.query), limit: request.query.limit }),
  );
  app.get(
    '/instances/:instanceId',
    {
      schema: {
        tags,
        summary:
          'One instance: status, agent, plan, budget use, task counts and its skills with their input schemas',
        security: bearer,
        params: InstanceParamsSchema,
        response: { 200: InstanceSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const principal = auth.user(request);
      return instances.view(await instances.owned(principal, request.params.instanceId));
    },
  );
  app.patch(
    '/instances/:instanceId',
    {
      schema: {
        tags,
        summary: 'Change the working hours or the approval mode of an instance',
        security: bearer,
        params: InstanceParamsSchema,
        body: UpdateInstanceRequestSchema,
        response: { 200: InstanceSchema, ...errors(401, 404) },
      },
    },
    async (request) => instances.update(auth.user(request), request.params.instanceId, request.body),
  );
}

function registerTaskRoutes(app: RouteScope, deps: WorkRouteDeps): void {
  const { auth, tasks } = deps;
  const tags = ['tasks'];
  app.post(
    '/instances/:instanceId/tasks',
    {
      bodyLimit: TASK_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Give the agent work: a skill and its input (values may be {"$file": id}). 202 once stored; 400 names each bad field; 409 when the instance takes no work',
        security: bearer,
        params: InstanceParamsSchema,
        body: CreateTaskRequestSchema,
        response: { 202: TaskAcceptedSchema, ...errors(401, 404, 409, 413) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await tasks.createFor(auth.user(request), request.params.instanceId, request.body)),
  );
  app.get(
    '/instances/:instanceId/tasks',
    {
      schema: {
        tags,
        summary: "An instance's tasks, newest first",
        security: bearer,
        params: InstanceParamsSchema,
        querystring: TaskListQuerySchema,
        response: { 200: TaskPageSchema, ...errors(401, 404) },
      },
    },
    async (request) =>
      tasks.list(auth.user(request), request.params.instanceId, {
        ...defined(request.query),
        limit: request.query.limit,
      }),
  );
  app.get(
    '/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'One task: status, progress, receipts and deliverables',
        security: bearer,
        params: TaskParamsSchema,
        response: { 200: TaskSchema, ...errors(401, 404) },
      },
    },
    async (request) => tasks.get(auth.user(request), request.params.taskId),
  );
  app.post(
    '/tasks/:taskId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a task that has not started (409 once it runs)',
        security: bearer,
        params: TaskParamsSchema,
        response: { 200: TaskSchema, ...errors(401, 404, 409) },
      },
    },
    async (request) => tasks.cancel(auth.user(request), request.params.taskId),
  );
  app.post(
    '/tasks/:taskId/rerun',
    {
      schema: {
        tags,
        summary: 'Run a task again with the same skill and input (a new task)',
        security: bearer,
        params: TaskParamsSchema,
        response: { 202: TaskAcceptedSchema, ...errors(401, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await tasks.rerun(auth.user(request), request.params.taskId)),
  );
}

/** Registers the work-orders routes under /api/v1 on `app` (before `app.ready()`). */
export async function registerWorkRoutes(app: PlatformApp, deps: WorkRouteDeps): Promise<void> {
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      scope.addHook('preParsing', async (request) => {
        const method = request.method === 'HEAD' ? 'GET' : request.method;
        if (accessByRoute.get(`${method} ${request.routeOptions.url}`) === 'user') deps.auth.user(request);
      });
      registerInstanceRoutes(scope, deps);
      registerTaskRoutes(scope, deps);
      if (deps.files) registerFileRoutes(scope, { auth: deps.auth, files: deps.files });
    },
    { prefix: MARKETPLACE_PREFIX },
  );
}
