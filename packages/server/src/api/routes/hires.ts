// Hires: list, view, pause, resume, cancel, and the hire's review (invoices: invoices.ts).
import {
  CancelRequestSchema,
  HirePageSchema,
  HireSchema,
  IdParamsSchema,
  PageQuerySchema,
  ReviewSchema,
  UpsertReviewRequestSchema,
} from '../../contracts/contracts.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerHireRoutes(app: RouteScope, ctx: RouteContext): void {
  const { hires, reviews } = ctx.services;
  const tags = ['hires'];
  const page = (q: { cursor?: string | undefined; limit: number }) => ({ ...defined(q), limit: q.limit });

  app.get(
    '/hires',
    {
      schema: {
        tags,
        summary: "Your organisation's hires, newest first",
        security: bearer,
        querystring: PageQuerySchema,
        response: { 200: HirePageSchema, ...errors(401) },
      },
    },
    async (request) => hires.list(ctx.auth.user(request), page(request.query)),
  );

  app.get(
    '/hires/:id',
    {
      schema: {
        tags,
        summary: 'One hire',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: HireSchema, ...errors(401, 404) },
      },
    },
    async (request) => hires.get(ctx.auth.user(request), request.params.id),
  );

  app.post(
    '/hires/:id/pause',
    {
      schema: {
        tags,
        summary: 'Pause an active hire (no renewal while paused)',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: HireSchema, ...errors(401, 404, 412) },
      },
    },
    async (request) => hires.pause(ctx.auth.user(request), request.params.id),
  );

  app.post(
    '/hires/:id/resume',
    {
      schema: {
        tags,
        summary: 'Resume a paused hire (a new period starts if the old one ran out)',
        security: bearer,
        params: IdParamsSchema,
        response: { 200: HireSchema, ...errors(401, 404, 412) },
      },
    },
    async (request) => hires.resume(ctx.auth.user(request), request.params.id),
  );

  app.post(
    '/hires/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a hire; deliverables stay',
        security: bearer,
        params: IdParamsSchema,
        body: CancelRequestSchema,
        response: { 200: HireSchema, ...errors(401, 404, 412) },
      },
    },
    async (request) => hires.cancel(ctx.auth.user(request), request.params.id, request.body.reason),
  );

  app.get(
    '/hires/:id/review',
    {
      schema: {
        tags: ['reviews'],
        summary: "The hire's review (404 until written)",
        security: bearer,
        params: IdParamsSchema,
        response: { 200: ReviewSchema, ...errors(401, 404) },
      },
    },
    async (request) => reviews.getForHire(ctx.auth.user(request), request.params.id),
  );

  app.put(
    '/hires/:id/review',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['reviews'],
        summary: 'Rate the hired agent 1–5 stars with an optional comment (one review per hire, editable)',
        security: bearer,
        params: IdParamsSchema,
        body: UpsertReviewRequestSchema,
        response: { 200: ReviewSchema, ...errors(401, 404) },
      },
    },
    async (request) => reviews.upsert(ctx.auth.user(request), request.params.id, request.body),
  );
}
