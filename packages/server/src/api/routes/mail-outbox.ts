// The mail outbox: the signed-in user's mails (operators and admins see everyone's), so verification
// and reset links are reachable when no SMTP server is configured.
import { MailPageSchema, PageQuerySchema } from '../../contracts/contracts.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerMailOutboxRoutes(app: RouteScope, ctx: RouteContext): void {
  app.get(
    '/mail/outbox',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Mails sent to the signed-in user, newest first (operators and admins: every mail)',
        security: bearer,
        querystring: PageQuerySchema,
        response: { 200: MailPageSchema, ...errors(401) },
      },
    },
    async (request) =>
      ctx.services.outbox.list(ctx.auth.user(request), {
        ...defined(request.query),
        limit: request.query.limit,
      }),
  );
}
