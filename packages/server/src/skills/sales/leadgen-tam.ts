// Market sizing: TAM, SAM and SOM by segment (accounts × annual contract value × serviceable and
// obtainable shares), totals that reconcile, and the number of customers the SOM implies.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  currency: z.string().trim().length(3).default('INR'),
  segments: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(80),
        accounts: z.number().int().min(0).max(1e9),
        annualContractValue: z.number().min(0).max(1e10),
        serviceableShare: z.number().min(0).max(1),
        obtainableShare: z.number().min(0).max(1),
      }),
    )
    .min(1)
    .max(30),
});

export const leadgenTam = defineSkill({
  id: 'leadgen.tam',
  agentIds: [AgentId.leadGen],
  title: 'TAM / SAM / SOM',
  description:
    'Bottom-up market size by segment: total, serviceable and obtainable market, and the customers the obtainable share implies.',
  inputSchema,
  async run(input) {
    const rows = input.segments.map((s) => {
      const tam = s.accounts * s.annualContractValue;
      const sam = tam * s.serviceableShare;
      const som = sam * s.obtainableShare;
      return {
        name: s.name,
        tam: round(tam, 2),
        sam: round(sam, 2),
        som: round(som, 2),
        customers: Math.round(s.accounts * s.serviceableShare * s.obtainableShare),
      };
    });
    const total = {
      tam: round(
        rows.reduce((a, r) => a + r.tam, 0),
        2,
      ),
      sam: round(
        rows.reduce((a, r) => a + r.sam, 0),
        2,
      ),
      som: round(
        rows.reduce((a, r) => a + r.som, 0),
        2,
      ),
      customers: rows.reduce((a, r) => a + r.customers, 0),
    };
    const nested = rows.every((r) => r.som <= r.sam && r.sam <= r.tam);
    const m = (x: number) => money(x, input.currency);
    const checks = [
      check('SOM ≤ SAM ≤ TAM', nested, 'each segment nests correctly'),
      check(
        'totals reconcile',
        Math.abs(total.tam - input.segments.reduce((a, s) => a + s.accounts * s.annualContractValue, 0)) < 1,
        `TAM ${m(total.tam)}`,
      ),
    ];
    const markdown = doc(
      '# Market size',
      table(
        ['Segment', 'TAM', 'SAM', 'SOM', 'Customers at SOM'],
        [
          ...rows.map((r) => [r.name, m(r.tam), m(r.sam), m(r.som), r.customers]),
          ['**Total**', m(total.tam), m(total.sam), m(total.som), total.customers],
        ],
      ),
      '_Bottom-up sizing: accounts × annual contract value. Check account counts against a source you can cite._',
      checksSection(checks),
    );
    return offlineResult(
      { segments: rows, total },
      {
        summary: `TAM ${m(total.tam)}, SAM ${m(total.sam)}, SOM ${m(total.som)}`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: nested,
      },
    );
  },
});
