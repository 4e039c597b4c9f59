// Multi-agent jobs over HTTP (contracts/work.ts): start a campaign or a described request, list the
// tenant's jobs (cursor pages) and read one with its timeline. Another tenant's job answers 404.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CursorSchema, LimitSchema } from '../../contracts/contracts.js';
import {
  CreateJobRequestSchema,
  JobPageSchema,
  JobParamsSchema,
  JobSchema,
  workRoutes,
} from '../../contracts/work.js';
import type { JobService } from '../../marketplace/jobs/job-service.js';
import type { PlatformApp } from '../app.js';
import type { RequestAuth } from '../request-auth.js';
import { bearer, errors } from '../route-kit.js';

const JobListQuerySchema = z.object({ cursor: CursorSchema.optional(), limit: LimitSchema });
const strip = (path: string): string => path.replace(/^\/api\/v1/, '');

/** Registers the job routes under /api/v1 (before `app.ready()`). */
export async function registerJobRoutes(
  app: PlatformApp,
  deps: { jobs: JobService; auth: RequestAuth },
): Promise<void> {
  const { jobs, auth } = deps;
  const tags = ['jobs'];
  await app.register(
    async (plain) => {
      const scope = plain.withTypeProvider<ZodTypeProvider>();
      // Signed-in callers only, checked before the body is read.
      scope.addHook('preParsing', async (request) => {
        auth.user(request);
      });

      scope.post(
        strip(workRoutes.createJob.path),
        {
          schema: {
            tags,
            summary: 'Start a multi-agent job: a campaign, or a described request the coordinator routes',
            security: bearer,
            body: CreateJobRequestSchema,
            response: { 201: JobSchema, ...errors(401, 404, 409, 412, 503) },
          },
        },
        async (request, reply) => reply.status(201).send(await jobs.create(auth.user(request), request.body)),
      );

      scope.get(
        strip(workRoutes.listJobs.path),
        {
          schema: {
            tags,
            summary: "Your organisation's jobs, newest first",
            security: bearer,
            querystring: JobListQuerySchema,
            response: { 200: JobPageSchema, ...errors(401) },
          },
        },
        async (request) =>
          jobs.list(auth.user(request), {
            limit: request.query.limit,
            ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
          }),
      );

      scope.get(
        strip(workRoutes.getJob.path),
        {
          schema: {
            tags,
            summary: 'One job with its timeline: routing, tasks, consults, handoffs, escalations, approvals',
            security: bearer,
            params: JobParamsSchema,
            response: { 200: JobSchema, ...errors(401, 404) },
          },
        },
        async (request) => jobs.get(auth.user(request), request.params.jobId),
      );
    },
    { prefix: '/api/v1' },
  );
}
