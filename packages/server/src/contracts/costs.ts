// The costs HTTP contract (issue 15, decision 0068): spend per agent / tenant / workflow / day against
// money and token budgets, the decision-method mix, budget editing and the monthly projection. Staff
// only. Imports nothing but zod and contracts.ts, so the web imports it as-is.
import { z } from 'zod';
import { TimestampSchema } from './contracts.js';

/** `workflow`: the limits each new run of a workflow definition starts with (id: the definition id). */
export const BudgetKindSchema = z.enum(['tenant', 'agent', 'run', 'workflow']);
export type BudgetKind = z.infer<typeof BudgetKindSchema>;
export const BudgetPeriodSchema = z.enum(['day', 'month', 'total']);

export const BudgetViewSchema = z.object({
  scope: z.string(),
  kind: z.string(),
  id: z.string(),
  tenantId: z.string().nullable(),
  period: BudgetPeriodSchema,
  periodStart: TimestampSchema,
  /** Null: no limit on that dimension. Money in the report's currency. */
  limit: z.object({ tokens: z.number().nullable(), money: z.number().nullable() }),
  used: z.object({ tokens: z.number(), money: z.number() }),
  /** Highest used/limit ratio over the limited dimensions (0 when unlimited). */
  utilisation: z.number(),
  /** Highest alert threshold (percent) raised this period. */
  alertLevel: z.number(),
});
export type BudgetView = z.infer<typeof BudgetViewSchema>;
export const BudgetListSchema = z.object({ currency: z.string(), items: z.array(BudgetViewSchema) });

export const SpendGroupSchema = z.object({
  /** Agent instance, tenant, workflow definition, or the day (YYYY-MM-DD). */
  key: z.string(),
  decisions: z.number().int(),
  spend: z.number(),
  tokens: z.number(),
  /** The group's budget this period, when it has one. */
  budget: BudgetViewSchema.nullable(),
});
export type SpendGroup = z.infer<typeof SpendGroupSchema>;

export const MethodMixSchema = z.object({
  /** `cache`, `deterministic` (rules), `memory`, `model`, `conservative_fallback`, `budget_stop`… */
  method: z.string(),
  decisions: z.number().int(),
  share: z.number(),
  spend: z.number(),
  costPerDecision: z.number(),
});

export const CostsQuerySchema = z.object({
  /** Default: the last 30 days. */
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  tenantId: z.string().min(1).max(120).optional(),
});
export type CostsQuery = z.infer<typeof CostsQuerySchema>;

export const CostReportSchema = z.object({
  currency: z.string(),
  from: TimestampSchema,
  to: TimestampSchema,
  totals: z.object({ decisions: z.number().int(), spend: z.number(), costPerDecision: z.number() }),
  byAgent: z.array(SpendGroupSchema),
  byTenant: z.array(SpendGroupSchema),
  byWorkflow: z.array(SpendGroupSchema),
  byDay: z.array(SpendGroupSchema),
  methods: z.array(MethodMixSchema),
});
export type CostReport = z.infer<typeof CostReportSchema>;

export const BudgetParamsSchema = z.object({ kind: BudgetKindSchema, id: z.string().min(1).max(190) });

export const UpdateBudgetRequestSchema = z
  .object({
    /** Null removes the limit; absent keeps it. */
    money: z.number().min(0).max(1_000_000_000).nullable().optional(),
    tokens: z.number().int().min(0).max(1_000_000_000_000).nullable().optional(),
    /** Default: the budget's period, else `month` for tenants, `day` for agents, `total` for runs and workflows. */
    period: BudgetPeriodSchema.optional(),
    /** Whose inbox its alerts reach, for an agent or run budget defined here first. */
    tenantId: z.string().min(1).max(120).nullable().optional(),
  })
  .refine((b) => b.money !== undefined || b.tokens !== undefined || b.period !== undefined, {
    message: 'give money, tokens or period',
  });
export type UpdateBudgetRequest = z.infer<typeof UpdateBudgetRequestSchema>;

export const ProjectionQuerySchema = z.object({
  agents: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  decisionsPerDay: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** Re-price model decisions at this model's price from the price table. */
  model: z.string().min(1).max(200).optional(),
  /** Days of receipts measured; default from configuration. */
  windowDays: z.coerce.number().int().min(1).max(365).optional(),
  tenantId: z.string().min(1).max(120).optional(),
});
export type ProjectionQuery = z.input<typeof ProjectionQuerySchema>;

export const ProjectedMethodSchema = z.object({
  method: z.string(),
  share: z.number(),
  decisions: z.number().int(),
  avgInputTokens: z.number(),
  avgOutputTokens: z.number(),
  measuredCostPerDecision: z.number(),
  projectedCostPerDecision: z.number(),
});

export const CostProjectionSchema = z.object({
  currency: z.string(),
  monthly: z.number(),
  costPerDecision: z.number(),
  decisionsPerMonth: z.number(),
  /** False when no decisions were recorded in the window (the projection is then 0). */
  measured: z.boolean(),
  /** Everything the figure was computed from. */
  inputs: z.object({
    agents: z.number().int(),
    decisionsPerDay: z.number().int(),
    daysPerMonth: z.number().int(),
    window: z.object({ from: TimestampSchema, to: TimestampSchema, days: z.number().int() }),
    tenantId: z.string().nullable(),
    model: z
      .object({ id: z.string(), inputPer1M: z.number().nullable(), outputPer1M: z.number().nullable() })
      .nullable(),
    sampleDecisions: z.number().int(),
    mix: z.array(ProjectedMethodSchema),
  }),
});
export type CostProjectionView = z.infer<typeof CostProjectionSchema>;

const staff = ['operator', 'admin'] as const;

/** Every route of this contract and who may call it. */
export const costsRoutes = {
  costReport: { method: 'GET', path: '/api/v1/ops/costs', auth: staff },
  listBudgets: { method: 'GET', path: '/api/v1/ops/costs/budgets', auth: staff },
  updateBudget: { method: 'PUT', path: '/api/v1/ops/costs/budgets/:kind/:id', auth: staff },
  projection: { method: 'GET', path: '/api/v1/ops/costs/projection', auth: staff },
} as const satisfies Record<
  string,
  { method: string; path: string; auth: 'none' | 'user' | readonly ('customer' | 'operator' | 'admin')[] }
>;
