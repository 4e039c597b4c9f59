// Budgets in the costs section: every money and token budget with its use this period, and a form
// that sets one (tenant, agent instance or workflow run). The server audits each change and raises
// the 80 % / 90 % alerts a lower limit makes due.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { BudgetKind } from '@waooaw/server/contracts';
import { HeaderRow } from './cost-tables.js';
import { formatCost, listBudgets, updateBudget } from './costs-api.js';

const number = (s: string): number | null => (s.trim() === '' ? null : Number(s));

export function BudgetEditor({ tenantId }: { tenantId?: string }) {
  const client = useQueryClient();
  const budgets = useQuery({
    queryKey: ['ops', 'budgets', tenantId ?? ''],
    queryFn: () => listBudgets(tenantId),
  });
  const [kind, setKind] = useState<BudgetKind>('tenant');
  const [id, setId] = useState(tenantId ?? '');
  const [money, setMoney] = useState('');
  const [tokens, setTokens] = useState('');
  const save = useMutation({
    mutationFn: () => updateBudget(kind, id.trim(), { money: number(money), tokens: number(tokens) }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['ops'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const currency = budgets.data?.currency ?? '';
  return (
    <section aria-labelledby="budgets-title" className="cost-budgets">
      <h2 id="budgets-title">Budgets</h2>
      {budgets.data && budgets.data.items.length > 0 ? (
        <table className="cost-table" data-testid="budgets">
          <caption>Money and token budgets this period</caption>
          <HeaderRow
            first="Budget"
            numeric={['Money used / limit', 'Tokens used / limit', 'Used']}
            after={['Edit']}
          />
          <tbody>
            {budgets.data.items.map((b) => (
              <tr key={b.scope}>
                <th scope="row">
                  {b.scope} <span className="muted small">({b.period})</span>
                </th>
                <td className="num">
                  {formatCost(b.used.money, currency)} /{' '}
                  {b.limit.money == null ? 'no limit' : formatCost(b.limit.money, currency)}
                </td>
                <td className="num">
                  {b.used.tokens} / {b.limit.tokens ?? 'no limit'}
                </td>
                <td className="num">{Math.round(b.utilisation * 100)} %</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Edit ${b.scope}`}
                    onClick={() => {
                      setKind(b.kind as BudgetKind);
                      setId(b.id);
                      setMoney(b.limit.money == null ? '' : String(b.limit.money));
                      setTokens(b.limit.tokens == null ? '' : String(b.limit.tokens));
                    }}
                  >
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No budgets yet.</p>
      )}
      <form className="budget-form" onSubmit={submit} aria-labelledby="budget-form-title">
        <h3 id="budget-form-title">Set a budget</h3>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as BudgetKind)}>
            <option value="tenant">Tenant (per month)</option>
            <option value="agent">Agent instance (per day)</option>
            <option value="run">Workflow run (total)</option>
            <option value="workflow">Each run of a workflow definition (total)</option>
          </select>
        </label>
        <label>
          Id
          <input value={id} onChange={(e) => setId(e.target.value)} required />
        </label>
        <label>
          Money limit {currency && `(${currency})`}
          <input type="number" min="0" step="any" value={money} onChange={(e) => setMoney(e.target.value)} />
        </label>
        <label>
          Token limit
          <input type="number" min="0" step="1" value={tokens} onChange={(e) => setTokens(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save budget
        </button>
        {save.isSuccess && (
          <p role="status" className="small">
            Saved {save.data.scope}: {Math.round(save.data.utilisation * 100)} % used.
          </p>
        )}
        {save.isError && (
          <p role="alert" className="error small">
            {save.error.message}
          </p>
        )}
      </form>
    </section>
  );
}
