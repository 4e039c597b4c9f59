// The one human-in-the-loop inbox over HTTP (contracts/work.ts): list with filters and a cursor, one
// item, and answer it (approve / reject / modify with a comment and data). A customer sees and answers
// their own tenant's items (another tenant's is a 404); operators and admins see every tenant's.
import {
  InboxAnswerRequestSchema,
  InboxItemParamsSchema,
  InboxItemSchema,
  InboxListQuerySchema,
  InboxPageSchema,
  workRoutes,
} from '../../contracts/work.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

const at = (path: string) => path.replace(/^\/api\/v1/, '');

export function registerInboxRoutes(app: RouteScope, ctx: RouteContext): void {
  const { inbox } = ctx.services;
  const tags = ['inbox'];

  app.get(
    at(workRoutes.listInbox.path),
    {
      schema: {
        tags,
        summary: 'Everything waiting on a person, newest first (operators: every tenant, or `tenantId`)',
        security: bearer,
        querystring: InboxListQuerySchema,
        response: { 200: InboxPageSchema, ...errors(401) },
      },
    },
    async (request) =>
      inbox.list(ctx.auth.user(request), { ...defined(request.query), limit: request.query.limit }),
  );

  app.get(
    at(workRoutes.getInboxItem.path),
    {
      schema: {
        tags,
        summary: 'One inbox item',
        security: bearer,
        params: InboxItemParamsSchema,
        response: { 200: InboxItemSchema, ...errors(401, 404) },
      },
    },
    async (request) => inbox.get(ctx.auth.user(request), request.params.itemId),
  );

  app.post(
    at(workRoutes.answerInboxItem.path),
    {
      bodyLimit: 256 * 1024,
      schema: {
        tags,
        summary:
          'Answer an open item: approve, reject or modify (comment required; modify sends the work back as a revision); 409 when already answered',
        security: bearer,
        params: InboxItemParamsSchema,
        body: InboxAnswerRequestSchema,
        response: { 200: InboxItemSchema, ...errors(401, 404, 409, 503) },
      },
    },
    async (request) => {
      const item = await inbox.answer(ctx.auth.user(request), request.params.itemId, request.body);
      await ctx.audit.record(request, {
        action: 'inbox.answer',
        resource: `inbox:${request.params.itemId}`,
        result: 'success',
        details: { decision: request.body.decision, kind: item.kind },
      });
      return item;
    },
  );
}
