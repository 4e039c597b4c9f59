// Client of the costs API (decision 0068) for the console's costs section: the spend report, budgets,
// budget edits and the projection. Paths mirror the contract's route table (a mismatch fails `tsc`).
import type {
  BudgetKind,
  BudgetView,
  CostProjectionView,
  CostReport,
  UpdateBudgetRequest,
  costsRoutes,
} from '@waooaw/server/contracts';
import { request } from '../../api.js';

export const costPaths = {
  costReport: '/api/v1/ops/costs',
  listBudgets: '/api/v1/ops/costs/budgets',
  updateBudget: '/api/v1/ops/costs/budgets/:kind/:id',
  projection: '/api/v1/ops/costs/projection',
} as const satisfies { [K in keyof typeof costsRoutes]: (typeof costsRoutes)[K]['path'] };

type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function json<T>(url: string, init: { method?: 'PUT'; body?: unknown } = {}): Promise<T> {
  const res = await request(url, { auth: true, ...init });
  return (await res.json()) as T;
}

export const getCostReport = (query: { tenantId?: string; from?: string; to?: string }) =>
  json<CostReport>(withQuery(costPaths.costReport, query));

export const listBudgets = (tenantId?: string) =>
  json<{ currency: string; items: BudgetView[] }>(withQuery(costPaths.listBudgets, { tenantId }));

export const updateBudget = (kind: BudgetKind, id: string, body: UpdateBudgetRequest) =>
  json<BudgetView>(costPaths.updateBudget.replace(':kind', kind).replace(':id', encodeURIComponent(id)), {
    method: 'PUT',
    body,
  });

export interface ProjectionInputs {
  agents: number;
  decisionsPerDay: number;
  model?: string;
  windowDays?: number;
}

export const getProjection = (inputs: ProjectionInputs) =>
  json<CostProjectionView>(withQuery(costPaths.projection, { ...inputs }));

/** Names the console uses for decision methods: `deterministic` answers come from rules. */
export const methodLabel = (method: string): string =>
  ({ deterministic: 'rules', conservative_fallback: 'fallback', budget_stop: 'budget stop' })[method] ??
  method;

/** Costs are small per decision: up to 4 significant digits, in the report's currency. */
export function formatCost(amount: number, currency: string): string {
  try {
    const small = amount !== 0 && Math.abs(amount) < 1;
    return new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en', {
      style: 'currency',
      currency,
      ...(small ? { maximumSignificantDigits: 4 } : { minimumFractionDigits: 0, maximumFractionDigits: 2 }),
    }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}
