// The mail outbox: the signed-in user's own mails (staff too: never another user's verification or
// reset link), so those links are reachable when no SMTP server is configured.
import { MailPageSchema, PageQuerySchema } from '../../contracts/contracts.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerMailOutboxRoutes(app: RouteScope, ctx: RouteContext): void {
  app.get(
    '/mail/outbox',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Mails sent to the signed-in user, newest first (staff see only their own mail too)',
        security: bearer,
        querystring: PageQuerySchema,
        response: { 200: MailPageSchema, ...errors(401) },
      },
    },
    async (request) => {
      return ctx.services.outbox.list(ctx.auth.user(request), {
        ...defined(request.query),
        limit: request.query.limit,
      });
    },
  );
}
