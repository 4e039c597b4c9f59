// Decision receipts of the agent runtime over Kysely: append one row per decision, list an agent's
// recent ones, and aggregate a time range by method for the daily report and cost breakdown.
import type { Kysely } from 'kysely';
import { PlatformError } from '../../errors.js';
import { preparedInsert } from '../prepared-query.js';
import type { SqlContext } from '../sql-context.js';
import { withStoreErrors } from '../sql-errors.js';
import { fromJson, toJson } from '../sql-json.js';

export interface DecisionRecord {
  id: string;
  agentId: string;
  tenantId: string | null;
  /** What was decided (`pr-review`, `publish-post`…). */
  kind: string;
  /** Stable hash of the normalised request (the cache key). */
  requestHash: string;
  approved: boolean;
  reason: string;
  confidence: number;
  citations: string[];
  /** `cache`, `deterministic`, `memory`, `model`, `conservative_fallback`, `budget_stop`… */
  method: string;
  /** Money in micro-units of the price table's currency. */
  costMicros: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  escalationId: string | null;
  /** The workflow run whose budget also paid (`<instance>:<activity>`); null outside workflows. */
  runId?: string | null;
  /** JSON-safe extras (degrade steps, provider, model). */
  extra: Record<string, unknown>;
  createdAt: number;
}

export interface DecisionMethodTotals {
  method: string;
  count: number;
  costMicros: number;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  approvals: number;
  /** Sum of confidences, so averages can be combined across methods. */
  confidenceSum: number;
  escalations: number;
}

export interface RuntimeDecisionRepository {
  append(record: DecisionRecord): Promise<void>;
  get(id: string): Promise<DecisionRecord | undefined>;
  /** Newest first. */
  listByAgent(agentId: string, options?: { limit?: number; before?: number }): Promise<DecisionRecord[]>;
  /** Totals per method for one agent (or every agent when `agentId` is undefined) in [from, to). */
  totalsByMethod(options: {
    agentId?: string;
    tenantId?: string;
    from: number;
    to: number;
  }): Promise<DecisionMethodTotals[]>;
}

interface DecisionRow {
  id: string;
  agent_id: string;
  tenant_id: string | null;
  kind: string;
  request_hash: string;
  approved: number;
  reason: string;
  confidence: number;
  citations: unknown;
  method: string;
  cost_micros: number;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  escalation_id: string | null;
  run_id: string | null;
  extra: unknown;
  created_at: number;
}

interface DecisionDatabase {
  runtime_decisions: DecisionRow;
}

// One receipt per decision: compiled once (see prepared-query.ts).
const insertDecision = preparedInsert<DecisionRow>('runtime_decisions', [
  'id',
  'agent_id',
  'tenant_id',
  'kind',
  'request_hash',
  'approved',
  'reason',
  'confidence',
  'citations',
  'method',
  'cost_micros',
  'input_tokens',
  'output_tokens',
  'latency_ms',
  'escalation_id',
  'run_id',
  'extra',
  'created_at',
]);

export class RuntimeDecisionsRepository implements RuntimeDecisionRepository {
  constructor(private readonly ctx: SqlContext) {}

  private get db(): Kysely<DecisionDatabase> {
    return this.ctx.db as Kysely<DecisionDatabase>;
  }

  private toRecord(row: DecisionRow): DecisionRecord {
    return {
      id: row.id,
      agentId: row.agent_id,
      tenantId: row.tenant_id,
      kind: row.kind,
      requestHash: row.request_hash,
      approved: Number(row.approved) === 1,
      reason: row.reason,
      confidence: Number(row.confidence),
      citations: fromJson<string[]>(row.citations, this.ctx.dialect),
      method: row.method,
      costMicros: Number(row.cost_micros),
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      latencyMs: Number(row.latency_ms),
      escalationId: row.escalation_id,
      ...(row.run_id === null ? {} : { runId: row.run_id }),
      extra: fromJson<Record<string, unknown>>(row.extra, this.ctx.dialect),
      createdAt: Number(row.created_at),
    };
  }

  async append(r: DecisionRecord): Promise<void> {
    if (!r.id || !r.agentId)
      throw new PlatformError('VALIDATION', 'id and agentId are required', {
        details: { field: r.id ? 'agentId' : 'id' },
      });
    const row = {
      id: r.id,
      agent_id: r.agentId,
      tenant_id: r.tenantId,
      kind: r.kind,
      request_hash: r.requestHash,
      approved: r.approved ? 1 : 0,
      reason: r.reason,
      confidence: r.confidence,
      citations: toJson(r.citations, 'citations'),
      method: r.method,
      cost_micros: Math.round(r.costMicros),
      input_tokens: r.inputTokens,
      output_tokens: r.outputTokens,
      latency_ms: r.latencyMs,
      escalation_id: r.escalationId,
      run_id: r.runId ?? null,
      extra: toJson(r.extra, 'extra'),
      created_at: r.createdAt,
    };
    await withStoreErrors(() => insertDecision.execute(this.ctx, row), this.ctx.errorContext);
  }

  async get(id: string): Promise<DecisionRecord | undefined> {
    const row = await withStoreErrors(
      () => this.db.selectFrom('runtime_decisions').selectAll().where('id', '=', id).executeTakeFirst(),
      this.ctx.errorContext,
    );
    return row ? this.toRecord(row) : undefined;
  }

  async listByAgent(
    agentId: string,
    options: { limit?: number; before?: number } = {},
  ): Promise<DecisionRecord[]> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
    const rows = await withStoreErrors(
      () =>
        this.db
          .selectFrom('runtime_decisions')
          .selectAll()
          .where('agent_id', '=', agentId)
          .$if(options.before !== undefined, (q) => q.where('created_at', '<', options.before!))
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute(),
      this.ctx.errorContext,
    );
    return rows.map((r) => this.toRecord(r));
  }

  async totalsByMethod(options: {
    agentId?: string;
    tenantId?: string;
    from: number;
    to: number;
  }): Promise<DecisionMethodTotals[]> {
    const rows = await withStoreErrors(
      () =>
        this.db
          .selectFrom('runtime_decisions')
          .select((eb) => [
            'method',
            eb.fn.countAll<number>().as('count'),
            eb.fn.sum<number>('cost_micros').as('cost_micros'),
            eb.fn.sum<number>(eb('input_tokens', '+', eb.ref('output_tokens'))).as('tokens'),
            eb.fn.sum<number>('input_tokens').as('input_tokens'),
            eb.fn.sum<number>('output_tokens').as('output_tokens'),
            eb.fn.sum<number>('approved').as('approvals'),
            eb.fn.sum<number>('confidence').as('confidence_sum'),
            eb.fn.count<number>('escalation_id').as('escalations'),
          ])
          .where('created_at', '>=', options.from)
          .where('created_at', '<', options.to)
          .$if(options.agentId !== undefined, (q) => q.where('agent_id', '=', options.agentId!))
          .$if(options.tenantId !== undefined, (q) => q.where('tenant_id', '=', options.tenantId!))
          .groupBy('method')
          .orderBy('method')
          .execute(),
      this.ctx.errorContext,
    );
    return rows.map((r) => ({
      method: r.method,
      count: Number(r.count),
      costMicros: Number(r.cost_micros ?? 0),
      tokens: Number(r.tokens ?? 0),
      inputTokens: Number(r.input_tokens ?? 0),
      outputTokens: Number(r.output_tokens ?? 0),
      approvals: Number(r.approvals ?? 0),
      confidenceSum: Number(r.confidence_sum ?? 0),
      escalations: Number(r.escalations ?? 0),
    }));
  }
}
