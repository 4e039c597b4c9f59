// The mail outbox: the signed-in user's mails (operators and admins see everyone's), so verification
// and reset links are reachable when no SMTP server is configured. Staff reading everyone's mail is
// recorded in the audit trail.
import { isStaff } from '../../marketplace/principal.js';
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
    async (request) => {
      const principal = ctx.auth.user(request);
      const page = await ctx.services.outbox.list(principal, {
        ...defined(request.query),
        limit: request.query.limit,
      });
      if (isStaff(principal))
        await ctx.audit.record(request, {
          action: 'mail.outbox.read',
          resource: 'mail-outbox',
          result: 'success',
          details: { mails: page.items.length },
        });
      return page;
    },
  );
}
