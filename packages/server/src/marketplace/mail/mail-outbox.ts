// Reading the stored mail: a user sees their own mails, operators and admins every mail.
import type { MailMessage, Page } from '../../contracts/contracts.js';
import type { Store } from '../../store/store.js';
import { isStaff, type Principal } from '../principal.js';
import { iso } from '../time.js';

export class MailOutbox {
  constructor(private readonly store: Store) {}

  async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<MailMessage>> {
    const page = await this.store.mail.list({
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(isStaff(principal) ? {} : { tenantId: principal.tenantId, where: { userId: principal.userId } }),
    });
    return {
      items: page.items.map((d) => ({
        id: d.id,
        to: d.data.to,
        subject: d.data.subject,
        text: d.data.text,
        kind: d.data.kind,
        ...(d.data.actionUrl ? { actionUrl: d.data.actionUrl } : {}),
        transport: d.data.transport,
        createdAt: iso(d.createdAt),
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}
