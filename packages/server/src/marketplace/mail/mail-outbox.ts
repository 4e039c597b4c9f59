// Reading the stored mail: a user sees the mails sent to their own address; operators and admins see
// the delivery metadata of everyone's mail (who, what kind, when, how) but never another person's body
// or link, which may hold a verification token.
import type { MailMessage, Page } from '../../contracts/contracts.js';
import type { Store } from '../../store/store.js';
import { isStaff, type Principal } from '../principal.js';
import { iso } from '../time.js';

export class MailOutbox {
  constructor(private readonly store: Store) {}

  async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<MailMessage>> {
    const own = { userId: principal.userId, to: principal.email };
    const page = await this.store.mail.list({
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(isStaff(principal) ? {} : { tenantId: principal.tenantId, where: own }),
    });
    return {
      items: page.items.map((d) => {
        const mine = d.data.userId === own.userId && d.data.to === own.to;
        return {
          id: d.id,
          to: d.data.to,
          subject: d.data.subject,
          text: mine ? d.data.text : 'Not shown: the body of mail to another person.',
          kind: d.data.kind,
          ...(mine && d.data.actionUrl ? { actionUrl: d.data.actionUrl } : {}),
          transport: d.data.transport,
          createdAt: iso(d.createdAt),
        };
      }),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}
