// Typed tables of what the marketplace told people: the mail log and the activity feed.
import type { ActivityRepository, MailRepository } from '../marketplace-repositories.js';
import type { ActivityRecord, MailRecord } from '../marketplace-records.js';
import type { SqlContext } from '../sql-context.js';
import { SqlEntityTable, num, str, strOrNull, type EntityTableSpec } from './entity-table.js';

type MailFilter = { userId: string; kind: MailRecord['kind']; to: string };
const mail: EntityTableSpec<MailRecord, MailFilter> = {
  table: 'mkt_mail',
  noun: 'mail',
  tenantOwned: true,
  toRow: (m) => ({
    user_id: m.userId,
    to_address: m.to,
    subject: m.subject,
    body: m.text,
    kind: m.kind,
    action_url: m.actionUrl,
    transport: m.transport,
  }),
  fromRow: (r) => ({
    userId: strOrNull(r.user_id),
    to: str(r.to_address),
    subject: str(r.subject),
    text: str(r.body),
    kind: str(r.kind) as MailRecord['kind'],
    actionUrl: strOrNull(r.action_url),
    transport: str(r.transport) as MailRecord['transport'],
  }),
  filters: { userId: 'user_id', kind: 'kind', to: 'to_address' },
};

export class SqlMail extends SqlEntityTable<MailRecord, MailFilter> implements MailRepository {
  constructor(ctx: SqlContext) {
    super(ctx, mail);
  }
}

type ActivityFilter = { agentId: string; kind: ActivityRecord['kind'] };
const activity: EntityTableSpec<ActivityRecord, ActivityFilter> = {
  table: 'mkt_activity',
  noun: 'activity',
  tenantOwned: true,
  toRow: (a) => ({
    agent_id: a.agentId,
    kind: a.kind,
    public_action: a.publicAction,
    private_action: a.privateAction,
    at: a.at,
  }),
  fromRow: (r) => ({
    agentId: str(r.agent_id),
    kind: str(r.kind) as ActivityRecord['kind'],
    publicAction: str(r.public_action),
    privateAction: str(r.private_action),
    at: num(r.at),
  }),
  filters: { agentId: 'agent_id', kind: 'kind' },
};

export class SqlActivity
  extends SqlEntityTable<ActivityRecord, ActivityFilter>
  implements ActivityRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, activity);
  }
}
