// Creator mix under a budget: picks the set of creators that maximises expected engagements (or reach)
// without exceeding the budget — an exact 0/1 knapsack over fees rounded up to a small unit.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  budget: z.number().positive().max(1e10),
  currency: z.string().trim().length(3).default('INR'),
  objective: z.enum(['engagements', 'reach']).default('engagements'),
  creators: z
    .array(
      z.object({
        handle: z.string().trim().min(1).max(60),
        fee: z.number().positive().max(1e9),
        expectedEngagements: z.number().min(0).max(1e10).default(0),
        expectedReach: z.number().min(0).max(1e11).default(0),
      }),
    )
    .min(1)
    .max(80),
  /** Creators that must be in the mix (e.g. already contracted). */
  mustInclude: z.array(z.string().trim().max(60)).max(20).default([]),
});

/**
 * Exact 0/1 knapsack: maximises value with integer costs ≤ capacity. O(n·capacity) time; returns the
 * chosen indices.
 */
export function knapsack(costs: readonly number[], values: readonly number[], capacity: number): number[] {
  const n = costs.length;
  const best = new Float64Array(capacity + 1);
  const take: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const c = costs[i] ?? 0;
    const v = values[i] ?? 0;
    const row = new Uint8Array(capacity + 1);
    for (let w = capacity; w >= c; w--) {
      const cand = (best[w - c] ?? 0) + v;
      if (cand > (best[w] ?? 0)) {
        best[w] = cand;
        row[w] = 1;
      }
    }
    take.push(row);
  }
  const chosen: number[] = [];
  let w = capacity;
  for (let i = n - 1; i >= 0; i--) {
    if (take[i]?.[w]) {
      chosen.push(i);
      w -= costs[i] ?? 0;
    }
  }
  return chosen.reverse();
}

export const influencerBudgetMix = defineSkill({
  id: 'influencer.budget-mix',
  agentIds: [AgentId.influencer],
  title: 'Creator mix under budget',
  description:
    'Chooses the creators that maximise expected engagements or reach within the budget (exact optimisation), including must-haves.',
  inputSchema,
  async run(input) {
    const value = (c: (typeof input.creators)[number]) =>
      input.objective === 'engagements' ? c.expectedEngagements : c.expectedReach;
    const must = input.creators.filter((c) => input.mustInclude.includes(c.handle));
    const mustCost = must.reduce((s, c) => s + c.fee, 0);
    const rest = input.creators.filter((c) => !input.mustInclude.includes(c.handle));
    const remaining = input.budget - mustCost;
    // Costs rounded UP to a unit so the real spend never exceeds the budget; ≤ 20,000 units keeps it fast.
    const unit = Math.max(1, Math.ceil(Math.max(remaining, 1) / 20_000));
    const capacity = Math.max(0, Math.floor(remaining / unit));
    const chosenIdx =
      remaining >= 0
        ? knapsack(
            rest.map((c) => Math.ceil(c.fee / unit)),
            rest.map(value),
            capacity,
          )
        : [];
    const chosen = [...must, ...chosenIdx.map((i) => rest[i] as (typeof rest)[number])];
    const spend = chosen.reduce((s, c) => s + c.fee, 0);
    const total = chosen.reduce((s, c) => s + value(c), 0);
    // Greedy by value per rupee, as a sanity bound: the optimum can never be worse.
    let greedyLeft = remaining;
    let greedy = must.reduce((s, c) => s + value(c), 0);
    for (const c of [...rest].sort((a, b) => value(b) / b.fee - value(a) / a.fee)) {
      if (c.fee <= greedyLeft) {
        greedyLeft -= c.fee;
        greedy += value(c);
      }
    }
    const missingMust = input.mustInclude.filter((h) => !must.some((m) => m.handle === h));
    const checks = [
      check(
        'within budget',
        spend <= input.budget,
        `${money(spend, input.currency)} of ${money(input.budget, input.currency)}`,
      ),
      check(
        'must-haves included',
        missingMust.length === 0 && mustCost <= input.budget,
        missingMust.length
          ? `not in the creator list: ${missingMust.join(', ')}`
          : mustCost > input.budget
            ? 'must-haves alone exceed the budget'
            : `${must.length} included`,
      ),
      check(
        'beats greedy',
        total >= greedy,
        `optimal ${Math.round(total)} vs greedy ${Math.round(greedy)} expected ${input.objective}`,
      ),
    ];
    const markdown = doc(
      `# Creator mix — ${money(input.budget, input.currency)}`,
      table(
        [
          'Creator',
          'Fee',
          `Expected ${input.objective}`,
          `Cost per ${input.objective === 'engagements' ? 'engagement' : '1,000 reach'}`,
        ],
        chosen.map((c) => [
          c.handle,
          money(c.fee, input.currency),
          value(c),
          value(c) > 0
            ? money(
                input.objective === 'engagements' ? c.fee / value(c) : (c.fee * 1000) / value(c),
                input.currency,
              )
            : '—',
        ]),
      ),
      `**Total:** ${money(spend, input.currency)} for ${Math.round(total)} expected ${input.objective}; ${money(input.budget - spend, input.currency)} left.`,
      checksSection(checks),
    );
    return offlineResult(
      { chosen: chosen.map((c) => c.handle), spend, total, left: input.budget - spend },
      {
        summary: `${chosen.length} creator(s) for ${money(spend, input.currency)}: ${Math.round(total)} expected ${input.objective}`,
        markdown,
        checks,
        confidence: 0.95,
        selfChecksPassed: spend <= input.budget && total >= greedy,
      },
    );
  },
});
