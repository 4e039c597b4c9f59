// Reading the stored mail: everyone sees only the mails sent to them — staff included, so an operator
// never reads a customer's verification or password-reset link (issue 15).
import type { MailMessage, Page } from '../../contracts/contracts.js';
import type { Store } from '../../store/store.js';
import type { Principal } from '../principal.js';
import { iso } from '../time.js';

export class MailOutbox {
  constructor(private readonly store: Store) {}

  async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<MailMessage>> {
    const page = await this.store.mail.list({
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      tenantId: principal.tenantId,
      where: { userId: principal.userId },
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
