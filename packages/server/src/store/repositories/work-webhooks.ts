// The inbound webhooks table (work_webhooks) with atomic event counts, and the per-tenant rate windows
// (work_webhook_rate): one upsert per event answers the window's count for every process on the store.
import { sql, type Kysely } from 'kysely';
import type { SqlContext } from '../sql-context.js';
import type { WebhookOutcome, WebhookRecord, WebhookRepository } from '../work-trigger-repositories.js';
import {
  SqlEntityTable,
  jsonIn,
  jsonOut,
  num,
  numOrNull,
  str,
  strOrNull,
  type EntityTableSpec,
  type Row,
} from './entity-table.js';
import { deleteTenantRow } from './tenant-row-delete.js';

type WebhookFilter = { instanceId: string; status: WebhookRecord['status'] };

const spec: EntityTableSpec<WebhookRecord, WebhookFilter> = {
  table: 'work_webhooks',
  noun: 'webhook',
  tenantOwned: true,
  toRow: (w) => ({
    instance_id: w.instanceId,
    agent_id: w.agentId,
    skill: w.skill,
    label: w.label,
    input: jsonIn(w.input, 'input'),
    mapping: w.mapping === null ? null : jsonIn(w.mapping, 'mapping'),
    status: w.status,
    secret_hint: w.secretHint,
    secret_rotated_at: w.secretRotatedAt,
    accepted: w.accepted,
    duplicates: w.duplicates,
    bad_signature: w.badSignature,
    last_event_at: w.lastEventAt,
    created_by: w.createdBy,
  }),
  fromRow: (r, dialect) => ({
    instanceId: str(r.instance_id),
    agentId: str(r.agent_id),
    skill: str(r.skill),
    label: strOrNull(r.label),
    input: jsonOut(r.input, dialect),
    mapping: r.mapping === null || r.mapping === undefined ? null : jsonOut(r.mapping, dialect),
    status: str(r.status) as WebhookRecord['status'],
    secretHint: str(r.secret_hint),
    secretRotatedAt: num(r.secret_rotated_at),
    accepted: num(r.accepted),
    duplicates: num(r.duplicates),
    badSignature: num(r.bad_signature),
    lastEventAt: numOrNull(r.last_event_at),
    createdBy: str(r.created_by),
  }),
  filters: { instanceId: 'instance_id', status: 'status' },
};

const COUNT_COLUMN = { accepted: 'accepted', duplicate: 'duplicates', 'bad-signature': 'bad_signature' };
/** Windows older than this are deleted when a tenant opens a new one. */
const KEEP_WINDOWS_MS = 60 * 60_000;

interface Tables {
  work_webhooks: Row;
  work_webhook_rate: { tenant_id: string; window_start: number; count: number };
}

export class SqlWebhooks extends SqlEntityTable<WebhookRecord, WebhookFilter> implements WebhookRepository {
  constructor(ctx: SqlContext) {
    super(ctx, spec);
  }

  private get tables(): Kysely<Tables> {
    return this.ctx.db as Kysely<Tables>;
  }

  async countEvent(id: string, outcome: WebhookOutcome, at: number): Promise<void> {
    const column = COUNT_COLUMN[outcome];
    await this.run(() =>
      this.tables
        .updateTable('work_webhooks')
        .set({
          [column]: sql`${sql.ref(column)} + 1`,
          ...(outcome === 'bad-signature' ? {} : { last_event_at: at }),
          version: sql`version + 1`,
          updated_at: this.ctx.clock.now(),
        })
        .where('id', '=', id)
        .execute(),
    );
  }

  remove(id: string, tenantId: string): Promise<boolean> {
    return deleteTenantRow(this.ctx, 'work_webhooks', id, tenantId);
  }

  async hitRateWindow(tenantId: string, windowStart: number): Promise<number> {
    const row = await this.run(() =>
      this.tables
        .insertInto('work_webhook_rate')
        .values({ tenant_id: tenantId, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'window_start']).doUpdateSet({ count: sql`work_webhook_rate.count + 1` }),
        )
        .returning('count')
        .executeTakeFirstOrThrow(),
    );
    const count = Number(row.count);
    if (count === 1) {
      await this.run(() =>
        this.tables
          .deleteFrom('work_webhook_rate')
          .where('tenant_id', '=', tenantId)
          .where('window_start', '<', windowStart - KEEP_WINDOWS_MS)
          .execute(),
      );
    }
    return count;
  }
}
