// Spend read from the one cost ledger, the decision receipts (decision 0068): totals per agent,
// tenant, workflow run or UTC day (the method mix is `runtimeDecisions.totalsByMethod`).
import { sql, type Kysely } from 'kysely';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';

export type SpendGrouping = 'agent' | 'tenant' | 'run' | 'day';

export interface SpendQuery {
  from: number;
  to: number;
  tenantId?: string;
  /** Most groups returned, biggest spend first (days: oldest first); default 100. */
  limit?: number;
}

export interface SpendTotal {
  /** Agent instance id, tenant id, run id, or the day's start (epoch ms, as a string). */
  key: string;
  decisions: number;
  costMicros: number;
  tokens: number;
}

export interface DecisionCostRepository {
  spendBy(grouping: SpendGrouping, query: SpendQuery): Promise<SpendTotal[]>;
}

interface CostRow {
  agent_id: string;
  tenant_id: string | null;
  run_id: string | null;
  cost_micros: number;
  input_tokens: number;
  output_tokens: number;
  created_at: number;
}

const DAY_MS = 86_400_000;

export class DecisionCostsRepository implements DecisionCostRepository {
  constructor(private readonly ctx: SqlContext) {}

  private get db(): Kysely<{ runtime_decisions: CostRow }> {
    return this.ctx.db as Kysely<{ runtime_decisions: CostRow }>;
  }

  async spendBy(grouping: SpendGrouping, query: SpendQuery): Promise<SpendTotal[]> {
    const column = {
      agent: sql<string>`agent_id`,
      tenant: sql<string>`tenant_id`,
      run: sql<string>`run_id`,
      // Integer division of integer milliseconds on both dialects: the UTC day's index.
      day: sql<string>`(created_at / ${sql.lit(DAY_MS)})`,
    }[grouping];
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
    const rows = await withStoreErrors(
      () =>
        this.db
          .selectFrom('runtime_decisions')
          .select((eb) => [
            column.as('group_key'),
            eb.fn.countAll<number>().as('decisions'),
            eb.fn.sum<number>('cost_micros').as('cost_micros'),
            eb.fn.sum<number>(eb('input_tokens', '+', eb.ref('output_tokens'))).as('tokens'),
          ])
          .where('created_at', '>=', query.from)
          .where('created_at', '<', query.to)
          .$if(query.tenantId !== undefined, (q) => q.where('tenant_id', '=', query.tenantId!))
          .$if(grouping === 'tenant', (q) => q.where('tenant_id', 'is not', null))
          .$if(grouping === 'run', (q) => q.where('run_id', 'is not', null))
          .groupBy(column)
          .$if(grouping === 'day', (q) => q.orderBy(column))
          .$if(grouping !== 'day', (q) => q.orderBy(sql`sum(cost_micros)`, 'desc').orderBy(column))
          .limit(limit)
          .execute(),
      this.ctx.errorContext,
    );
    return rows.map((r) => ({
      key: grouping === 'day' ? String(Number(r.group_key) * DAY_MS) : String(r.group_key),
      decisions: Number(r.decisions),
      costMicros: Number(r.cost_micros ?? 0),
      tokens: Number(r.tokens ?? 0),
    }));
  }
}
