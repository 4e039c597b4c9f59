// The costs section's tables: spend per group against its budget, and the method mix. They carry the
// charts' numbers too (the accessible alternative to each chart).
import type { CostReport, SpendGroup } from '@waooaw/server/contracts';
import { formatCost, methodLabel } from './costs-api.js';

const percent = (n: number) => `${Math.round(n * 100)} %`;

/** A table's column headers: a text column, numeric columns (right-aligned), then text columns. */
export function HeaderRow({
  first,
  numeric,
  after = [],
}: {
  first: string;
  numeric: string[];
  after?: string[];
}) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {numeric.map((label) => (
          <th key={label} scope="col" className="num">
            {label}
          </th>
        ))}
        {after.map((label) => (
          <th key={label} scope="col">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function SpendTable({
  caption,
  groups,
  currency,
  testId,
}: {
  caption: string;
  groups: SpendGroup[];
  currency: string;
  testId: string;
}) {
  if (groups.length === 0) return null;
  return (
    <table className="cost-table" data-testid={testId}>
      <caption>{caption}</caption>
      <HeaderRow first="Name" numeric={['Decisions', 'Spend', 'Budget (this period)', 'Used']} />
      <tbody>
        {groups.map((g) => (
          <tr key={g.key}>
            <th scope="row">{g.key}</th>
            <td className="num">{g.decisions}</td>
            <td className="num">{formatCost(g.spend, currency)}</td>
            <td className="num">
              {g.budget?.limit.money == null
                ? '—'
                : `${formatCost(g.budget.limit.money, currency)} / ${g.budget.period}`}
            </td>
            <td className="num">{g.budget ? percent(g.budget.utilisation) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MethodTable({ report }: { report: CostReport }) {
  return (
    <table className="cost-table" data-testid="method-mix">
      <caption>Decision-method mix and cost per decision</caption>
      <HeaderRow first="Method" numeric={['Decisions', 'Share', 'Spend', 'Cost per decision']} />
      <tbody>
        {report.methods.map((m) => (
          <tr key={m.method}>
            <th scope="row">{methodLabel(m.method)}</th>
            <td className="num">{m.decisions}</td>
            <td className="num">{percent(m.share)}</td>
            <td className="num">{formatCost(m.spend, report.currency)}</td>
            <td className="num">{formatCost(m.costPerDecision, report.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
