// Deliverables: list, view, download one as Markdown, export all (or one trial's) as a ZIP. They stay
// available after a trial or hire ends. Downloads and exports are recorded in the audit trail.
import { z } from 'zod';
import {
  DeliverableListQuerySchema,
  DeliverablePageSchema,
  DeliverableSchema,
  ExportQuerySchema,
  IdParamsSchema,
} from '../../contracts/contracts.js';
import { attachment, bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerDeliverableRoutes(app: RouteScope, ctx: RouteContext): void {
  const { deliverables } = ctx.services;
  const tags = ['deliverables'];

  app.get(
    '/deliverables',
    {
      schema: {
        tags,
        summary: "Your organisation's deliverables, newest first",
        security: bearer,
        querystring: DeliverableListQuerySchema,
        response: { 200: DeliverablePageSchema, ...errors(401) },
      },
    },
    async (request) =>
      deliverables.list(ctx.auth.user(request), { ...defined(request.query), limit: request.query.limit }),
  );

  app.get(
    '/deliverables/export',
    {
      schema: {
        tags,
        summary: 'Every deliverable (or one trial’s) as a ZIP: Markdown files plus manifest.json',
        security: bearer,
        querystring: ExportQuerySchema,
        response: { 200: z.any().describe('application/zip'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const zip = await deliverables.exportZip(ctx.auth.user(request), defined(request.query));
      await ctx.audit.record(request, {
        action: 'data.export',
        resource: request.query.trialId ? `trial:${request.query.trialId}` : 'deliverables',
        result: 'success',
        details: { deliverables: zip.count, format: 'zip' },
      });
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(zip.fileName))
        .header('x-deliverable-count', String(zip.count))
        .send(Buffer.from(zip.body));
    },
  );

  app.get(
    '/deliverables/:id',
    {
      schema: {
        tags,
        summary: 'One deliverable with its content, checks and how it was produced',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: DeliverableSchema, ...errors(401, 404) },
      },
    },
    async (request) => deliverables.get(ctx.auth.user(request), request.params.id),
  );

  app.get(
    '/deliverables/:id/download',
    {
      schema: {
        tags,
        summary: 'One deliverable as a Markdown file',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: z.any().describe('text/markdown'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const file = await deliverables.download(ctx.auth.user(request), request.params.id);
      await ctx.audit.record(request, {
        action: 'deliverable.download',
        resource: `deliverable:${request.params.id}`,
        result: 'success',
      });
      return reply
        .type('text/markdown; charset=utf-8')
        .header('content-disposition', attachment(file.fileName))
        .send(file.body);
    },
  );
}
