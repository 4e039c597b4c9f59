// The costs section's charts (recharts, decision 0067): spend per day against the daily share of the
// budget, and the decision-method mix. Each chart is a figure whose data is also in a table beside it,
// so the numbers are there for screen readers and keyboard users.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CostReport } from '@waooaw/server/contracts';
import { formatCost, methodLabel } from './costs-api.js';

const COLOURS = ['#2563eb', '#16a34a', '#f59e0b', '#9333ea', '#dc2626', '#0891b2', '#64748b'];
const colour = (i: number): string => COLOURS[i % COLOURS.length] ?? '#2563eb';

export function SpendByDayChart({ report }: { report: CostReport }) {
  const data = report.byDay.map((d) => ({ day: d.key.slice(5), spend: d.spend, decisions: d.decisions }));
  return (
    <figure className="cost-chart" aria-labelledby="spend-day-caption" data-testid="spend-by-day-chart">
      <figcaption id="spend-day-caption">
        Spend per day ({report.currency}); the numbers are in the table below.
      </figcaption>
      <div aria-hidden="true" style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis />
            <Tooltip formatter={(v) => formatCost(Number(v), report.currency)} />
            <Bar dataKey="spend" name="Spend" fill={colour(0)} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function MethodMixChart({ report }: { report: CostReport }) {
  const data = report.methods.map((m) => ({ name: methodLabel(m.method), value: m.decisions }));
  return (
    <figure className="cost-chart" aria-labelledby="mix-caption" data-testid="method-mix-chart">
      <figcaption id="mix-caption">Decisions by method; the numbers are in the table below.</figcaption>
      <div aria-hidden="true" style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer width="100%" height="100%">
          <PieChart accessibilityLayer={false}>
            <Pie
              rootTabIndex={-1}
              data={data}
              dataKey="value"
              nameKey="name"
              outerRadius={80}
              isAnimationActive={false}
              label
            >
              {data.map((d, i) => (
                <Cell key={d.name} fill={colour(i)} />
              ))}
            </Pie>
            <Legend />
            <Tooltip />
          </PieChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
