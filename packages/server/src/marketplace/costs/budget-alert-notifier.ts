// Budget alerts reach people (decision 0068): each `budget.alert` the budget manager publishes (80 %
// and 90 %, once per threshold and period) opens one inbox item for the budget's tenant — operators'
// when it has none — and mails the tenant's users. The item's source ref is the threshold and period,
// so a redelivered message finds the item and sends no second mail.
import type { Bus, Subscription } from '../../bus/bus.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import type { InboxService } from '../inbox/inbox-service.js';
import type { Mailer } from '../mail/mailer.js';
import { DAY } from '../time.js';

export const BUDGET_ALERT_SOURCE = 'budget-alert';

export interface BudgetAlertMessage {
  scope: string;
  tenantId: string | null;
  level: number;
  utilisation: number;
  at: number;
}

export interface BudgetAlertNotifierDeps {
  store: Store;
  inbox: Pick<InboxService, 'open' | 'registerSource'>;
  mailer: Mailer;
  logger: Logger;
  /** The budget's status when the alert is handled, for the period and the amounts in the text. */
  status(scope: string): Promise<{ periodStart: number; limit: { money: number | null } } | undefined>;
  currency: string;
}

/** How a scope reads to its tenant: `tenant:t1` → "your organisation's", `agent:a1` → "agent a1's". */
function scopeLabel(scope: string): string {
  const [kind, ...rest] = scope.split(':');
  const id = rest.join(':');
  if (kind === 'tenant') return "your organisation's";
  if (kind === 'agent') return `agent instance ${id}'s`;
  if (kind === 'run') return `workflow run ${id}'s`;
  return `${scope}'s`;
}

export class BudgetAlertNotifier {
  private subscription: Subscription | undefined;

  constructor(private readonly deps: BudgetAlertNotifierDeps) {
    // Acknowledging the item is all an answer does: the budget itself is changed by operators.
    deps.inbox.registerSource(BUDGET_ALERT_SOURCE, { answer: async () => undefined });
  }

  async start(bus: Bus): Promise<void> {
    this.subscription = await bus.subscribe({
      pattern: 'budget.alert',
      group: 'marketplace-budget-alerts',
      handler: async ({ message }) => {
        await this.notify(message.payload as unknown as BudgetAlertMessage);
      },
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** Opens the alert's inbox item and, the first time only, mails the tenant's users. */
  async notify(alert: BudgetAlertMessage): Promise<{ itemId: string; created: boolean }> {
    const status = await this.deps.status(alert.scope);
    const periodStart = status?.periodStart ?? alert.at;
    const limit = status?.limit.money;
    const percent = Math.round(alert.utilisation * 100);
    const title = `Budget alert: ${scopeLabel(alert.scope)} budget is at ${percent} % (threshold ${alert.level} %)`;
    const body = [
      `${alert.scope} has used ${percent} % of its budget this period`,
      limit === null || limit === undefined ? '.' : ` (limit ${limit} ${this.deps.currency}).`,
      ' At 100 % model calls stop and agents fall back to cheaper methods or ask a human.',
    ].join('');
    const opened = await this.deps.inbox.open({
      kind: 'escalation',
      reason: 'budget-alert',
      tenantId: alert.tenantId,
      title,
      body,
      actions: ['approve'],
      source: { kind: BUDGET_ALERT_SOURCE, ref: `${alert.scope}:${periodStart}:${alert.level}` },
      dueAt: alert.at + 7 * DAY,
      ...(alert.scope.startsWith('agent:') ? { agentId: alert.scope.slice('agent:'.length) } : {}),
    });
    if (opened.created && alert.tenantId) await this.mailTenant(alert.tenantId, title, body);
    return opened;
  }

  private async mailTenant(tenantId: string, subject: string, text: string): Promise<void> {
    const users = await this.deps.store.accounts.list({ tenantId, limit: 50 });
    for (const user of users.items) {
      if (user.data.disabledAt) continue;
      await this.deps.mailer
        .send({ userId: user.id, tenantId, to: user.data.email, subject, text, kind: 'budget-alert' })
        .catch((err: unknown) => this.deps.logger.warn({ err, tenantId }, 'budget alert mail not delivered'));
    }
  }
}
