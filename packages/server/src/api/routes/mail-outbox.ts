// The mail outbox: mail sent to the signed-in user's own address (so the verification link is
// reachable when no SMTP server is configured); operators and admins also see the delivery metadata of
// everyone's mail, never another person's body or link. Staff reading it is recorded in the audit trail.
import { isStaff } from '../../marketplace/principal.js';
import { MailPageSchema, PageQuerySchema } from '../../contracts/contracts.js';
import { bearer, defined, errors, type RouteContext, type RouteScope } from '../route-kit.js';

export function registerMailOutboxRoutes(app: RouteScope, ctx: RouteContext): void {
  app.get(
    '/mail/outbox',
    {
      schema: {
        tags: ['accounts'],
        summary:
          "Mails sent to the signed-in user's address, newest first; operators and admins also see every other mail's delivery metadata (recipient, subject, kind, time), without its body or link. Password-reset links are never kept here",
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
