// The daily report per agent instance: activity (wake cycles, tasks, decisions, escalations,
// deliverables), cost split by decision method, and quality (average confidence, approvals,
// rejections, escalations) for one UTC day, as data and as Markdown.
import { PlatformError } from '../errors.js';
import { costBreakdown, type CostBreakdown } from '../components/cost/cost-breakdown.js';
import type { Store } from '../store/store.js';
import { WAKE_CYCLES } from './runtime-core.js';

export interface DailyReport {
  agentId: string;
  /** YYYY-MM-DD (UTC). */
  date: string;
  title: string;
  activity: {
    wakeCycles: number;
    tasksCompleted: number;
    tasksFailed: number;
    decisions: number;
    escalationsCreated: number;
    deliverables: number;
  };
  cost: CostBreakdown;
  quality: { averageConfidence: number | null; approvals: number; rejections: number; escalations: number };
  markdown: string;
}

function dayRange(date: string): { from: number; to: number } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new PlatformError('VALIDATION', 'date must be YYYY-MM-DD', { details: { field: 'date' } });
  }
  const from = Date.parse(`${date}T00:00:00Z`);
  return { from, to: from + 86_400_000 };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export async function buildDailyReport(
  store: Store,
  input: { agentId: string; displayName: string; date: string; currency?: string },
): Promise<DailyReport> {
  const { from, to } = dayRange(input.date);
  const [cost, wakeCycles, tasksCompleted, tasksFailed, escalationsCreated, deliverables] = await Promise.all(
    [
      costBreakdown(store, { agentId: input.agentId, from, to }),
      store.documents.count(WAKE_CYCLES, { where: { instanceId: input.agentId, day: input.date } }),
      store.agentTasks.count({ where: { instanceId: input.agentId, status: 'done', day: input.date } }),
      store.agentTasks.count({ where: { instanceId: input.agentId, status: 'failed', day: input.date } }),
      store.escalations.count({ where: { agentId: input.agentId, day: input.date } }),
      store.documents.count('deliverable_versions', { where: { agentId: input.agentId, day: input.date } }),
    ],
  );
  const totals = await store.runtimeDecisions.totalsByMethod({ agentId: input.agentId, from, to });
  const decisions = cost.total.count;
  const approvals = totals.reduce((n, t) => n + t.approvals, 0);
  const confidenceSum = totals.reduce((n, t) => n + t.confidenceSum, 0);
  const decisionEscalations = totals.reduce((n, t) => n + t.escalations, 0);
  const quality = {
    averageConfidence: decisions === 0 ? null : confidenceSum / decisions,
    approvals,
    rejections: decisions - approvals,
    escalations: decisionEscalations,
  };
  const title = `📊 ${input.displayName} Daily Report - ${input.date}`;
  const currency = input.currency ? ` ${input.currency}` : '';
  const methodRows = Object.entries(cost.byMethod)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([m, c]) => `| ${m} | ${c.count} | ${pct(c.share)} | ${c.cost.toFixed(4)}${currency} | ${c.tokens} |`,
    );
  const markdown = [
    `# ${title}`,
    '',
    '## Activity',
    `- Wake cycles: ${wakeCycles}`,
    `- Tasks: ${tasksCompleted} completed, ${tasksFailed} failed`,
    `- Decisions: ${decisions}`,
    `- Escalations created: ${escalationsCreated}`,
    `- Deliverables: ${deliverables}`,
    '',
    '## Cost',
    `Total: ${cost.total.cost.toFixed(4)}${currency} (${cost.total.tokens} tokens)`,
    '',
    '| method | decisions | share | cost | tokens |',
    '|---|---|---|---|---|',
    ...(methodRows.length ? methodRows : ['| — | 0 | — | 0 | 0 |']),
    '',
    '## Quality',
    `- Average confidence: ${quality.averageConfidence === null ? 'n/a' : pct(quality.averageConfidence)}`,
    `- Approvals: ${approvals}`,
    `- Rejections: ${quality.rejections}`,
    `- Escalations: ${quality.escalations}`,
    '',
  ].join('\n');
  return {
    agentId: input.agentId,
    date: input.date,
    title,
    activity: { wakeCycles, tasksCompleted, tasksFailed, decisions, escalationsCreated, deliverables },
    cost,
    quality,
    markdown,
  };
}
