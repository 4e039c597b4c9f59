// The console's costs section (issue 15): spend per agent / tenant / workflow / day against budgets,
// the decision-method mix and cost per decision, budget editing and the monthly projection.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { BudgetEditor } from './budget-editor.js';
import { MethodMixChart, SpendByDayChart } from './cost-charts.js';
import { CostProjectionPanel } from './cost-projection-panel.js';
import { MethodTable, SpendTable } from './cost-tables.js';
import { formatCost, getCostReport } from './costs-api.js';

export function OpsCostsPage() {
  const [tenantDraft, setTenantDraft] = useState('');
  const [tenantId, setTenantId] = useState<string | undefined>(undefined);
  const report = useQuery({
    queryKey: ['ops', 'costs', tenantId ?? ''],
    queryFn: () => getCostReport(tenantId ? { tenantId } : {}),
  });
  const filter = (e: FormEvent) => {
    e.preventDefault();
    setTenantId(tenantDraft.trim() || undefined);
  };
  const r = report.data;
  return (
    <section aria-labelledby="ops-costs" className="ops-costs">
      <h1 id="ops-costs">Costs</h1>
      <form className="budget-form" onSubmit={filter} role="search">
        <label>
          Tenant
          <input
            value={tenantDraft}
            onChange={(e) => setTenantDraft(e.target.value)}
            placeholder="all tenants"
          />
        </label>
        <button type="submit" className="btn">
          Show
        </button>
      </form>
      {report.isPending && <p className="muted small">Loading…</p>}
      {report.isError && <p role="alert">{report.error.message}</p>}
      {r && (
        <>
          <dl className="kv cost-totals" data-testid="cost-totals">
            <dt>Spend</dt>
            <dd data-testid="total-spend">{formatCost(r.totals.spend, r.currency)}</dd>
            <dt>Decisions</dt>
            <dd>{r.totals.decisions}</dd>
            <dt>Cost per decision</dt>
            <dd>{formatCost(r.totals.costPerDecision, r.currency)}</dd>
            <dt>Period</dt>
            <dd>
              {r.from.slice(0, 10)} – {r.to.slice(0, 10)}
            </dd>
          </dl>
          <div className="cost-charts">
            <SpendByDayChart report={r} />
            <MethodMixChart report={r} />
          </div>
          <SpendTable caption="Spend per day" groups={r.byDay} currency={r.currency} testId="spend-by-day" />
          <MethodTable report={r} />
          <SpendTable
            caption="Spend per tenant"
            groups={r.byTenant}
            currency={r.currency}
            testId="spend-by-tenant"
          />
          <SpendTable
            caption="Spend per agent instance"
            groups={r.byAgent}
            currency={r.currency}
            testId="spend-by-agent"
          />
          <SpendTable
            caption="Spend per workflow"
            groups={r.byWorkflow}
            currency={r.currency}
            testId="spend-by-workflow"
          />
        </>
      )}
      <BudgetEditor {...(tenantId ? { tenantId } : {})} />
      <CostProjectionPanel />
    </section>
  );
}
