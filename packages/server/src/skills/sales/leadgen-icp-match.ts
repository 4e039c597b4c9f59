// ICP matching over a company list: fit score per company (industry, size, revenue, country, required
// and excluded technologies), tiers A/B/C, disqualification reasons, and a segment summary.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { companiesFromCsv, type CompanyRecord } from './company-records.js';
import { normaliseDomain } from './company.js';
import { ui } from '../shared/form-meta.js';

export const leadIcpSchema = z.object({
  industries: z
    .array(z.string().trim().min(2).max(80))
    .max(30)
    .default([])
    .meta(ui({ label: 'Industries you sell to', example: 'Fintech' })),
  employeeRange: z
    .tuple([z.number().int().min(0).max(1e7), z.number().int().min(1).max(1e7)])
    .optional()
    .meta(ui({ label: 'Company size', unit: 'employees' })),
  revenueRange: z
    .tuple([z.number().min(0).max(1e13), z.number().min(0).max(1e13)])
    .optional()
    .meta(ui({ label: 'Yearly revenue', advanced: true })),
  countries: z
    .array(z.string().trim().min(2).max(60))
    .max(60)
    .default([])
    .meta(ui({ label: 'Countries', example: 'India' })),
  techIncludes: z
    .array(z.string().trim().min(1).max(40))
    .max(20)
    .default([])
    .meta(ui({ label: 'Tools they use (a plus)', example: 'HubSpot' })),
  techExcludes: z
    .array(z.string().trim().min(1).max(40))
    .max(20)
    .default([])
    .meta(ui({ label: 'Tools that rule them out', advanced: true })),
  weights: z
    .object({
      industry: z.number().min(0).max(10).default(3),
      size: z.number().min(0).max(10).default(2),
      revenue: z.number().min(0).max(10).default(1),
      country: z.number().min(0).max(10).default(2),
      tech: z.number().min(0).max(10).default(2),
    })
    .prefault({})
    .meta(ui({ label: 'How much each criterion counts (0–10)', advanced: true })),
});
export type LeadIcp = z.output<typeof leadIcpSchema>;

const inputSchema = z.object({
  csv: z
    .string()
    .min(1)
    .max(2_000_000)
    .meta(
      ui({
        label: 'Companies',
        help: 'One row per company: name, website, industry, employees, country, tech. Upload a CSV or Excel list, or edit the grid.',
        widget: 'csv',
      }),
    ),
  icp: leadIcpSchema.prefault({}).meta(ui({ label: 'Your ideal customer' })),
  top: z
    .number()
    .int()
    .min(1)
    .max(500)
    .default(25)
    .meta(ui({ label: 'How many to rank' })),
  tierA: z
    .number()
    .min(1)
    .max(100)
    .default(80)
    .meta(ui({ label: 'Score for tier A', advanced: true })),
  tierB: z
    .number()
    .min(0)
    .max(99)
    .default(60)
    .meta(ui({ label: 'Score for tier B', advanced: true })),
});

const lc = (s: string) => s.trim().toLowerCase();

export interface IcpScore {
  row: number;
  name: string;
  domain: string | null;
  score: number;
  tier: 'A' | 'B' | 'C' | 'excluded';
  reasons: string[];
}

/** Scores one company 0–100 against the ICP; unknown values earn half credit. */
export function scoreCompany(c: CompanyRecord, icp: LeadIcp): IcpScore {
  const w = icp.weights;
  const reasons: string[] = [];
  let got = 0;
  let max = 0;
  const part = (weight: number, credit: number, why: string) => {
    max += weight;
    got += weight * credit;
    if (credit > 0 && why) reasons.push(why);
  };
  const banned = c.tech.filter((t) => icp.techExcludes.some((x) => lc(x) === lc(t)));
  if (icp.industries.length)
    part(
      w.industry,
      !c.industry ? 0.5 : icp.industries.some((x) => lc(c.industry).includes(lc(x))) ? 1 : 0,
      c.industry ? `industry ${c.industry}` : '',
    );
  if (icp.employeeRange) {
    const [lo, hi] = icp.employeeRange;
    part(
      w.size,
      c.employees === undefined
        ? 0.5
        : c.employees >= lo && c.employees <= hi
          ? 1
          : c.employees >= lo / 2 && c.employees <= hi * 2
            ? 0.4
            : 0,
      c.employees !== undefined ? `${c.employees} employees` : '',
    );
  }
  if (icp.revenueRange) {
    const [lo, hi] = icp.revenueRange;
    part(
      w.revenue,
      c.revenue === undefined ? 0.5 : c.revenue >= lo && c.revenue <= hi ? 1 : 0,
      c.revenue !== undefined && c.revenue >= lo && c.revenue <= hi ? 'revenue in range' : '',
    );
  }
  if (icp.countries.length)
    part(
      w.country,
      !c.country ? 0.5 : icp.countries.some((x) => lc(x) === lc(c.country)) ? 1 : 0,
      c.country ? `based in ${c.country}` : '',
    );
  if (icp.techIncludes.length) {
    const hits = c.tech.filter((t) => icp.techIncludes.some((x) => lc(x) === lc(t)));
    part(
      w.tech,
      Math.min(1, hits.length / Math.min(2, icp.techIncludes.length)),
      hits.length ? `uses ${hits.join(', ')}` : '',
    );
  }
  const score = max === 0 ? 100 : round((got / max) * 100, 1);
  const tier: IcpScore['tier'] = banned.length ? 'excluded' : score >= 80 ? 'A' : score >= 60 ? 'B' : 'C';
  return {
    row: c.row,
    name: c.name,
    domain: c.domain ? (normaliseDomain(c.domain) ?? c.domain) : null,
    score,
    tier,
    reasons: banned.length ? [`uses excluded tech: ${banned.join(', ')}`, ...reasons] : reasons,
  };
}

export const leadgenIcpMatch = defineSkill({
  id: 'leadgen.icp-match',
  agentIds: [AgentId.leadGen, AgentId.sdr, AgentId.crm],
  title: 'ICP match over a company list',
  description:
    'Scores every company in a CSV against your ideal customer profile (industry, size, revenue, country, tech), tiers A/B/C and ranks them with reasons.',
  inputSchema,
  async run(input) {
    const { companies } = companiesFromCsv(input.csv);
    const scored = companies
      .map((c) => {
        const s = scoreCompany(c, input.icp);
        return s.tier === 'excluded'
          ? s
          : {
              ...s,
              tier:
                s.score >= input.tierA
                  ? ('A' as const)
                  : s.score >= input.tierB
                    ? ('B' as const)
                    : ('C' as const),
            };
      })
      .sort(
        (a, b) =>
          Number(a.tier === 'excluded') - Number(b.tier === 'excluded') ||
          b.score - a.score ||
          a.name.localeCompare(b.name),
      );
    const counts = { A: 0, B: 0, C: 0, excluded: 0 };
    for (const s of scored) counts[s.tier]++;
    const ordered = scored.every(
      (s, i) => i === 0 || s.tier === 'excluded' || (scored[i - 1]?.score ?? 0) >= s.score,
    );
    const checks = [
      check('ranked', ordered, 'best fit first, excluded last'),
      check(
        'counts add up',
        counts.A + counts.B + counts.C + counts.excluded === companies.length,
        `${counts.A} A, ${counts.B} B, ${counts.C} C, ${counts.excluded} excluded`,
      ),
      check(
        'tier-A accounts found',
        counts.A > 0,
        counts.A > 0
          ? `${counts.A} tier-A account(s)`
          : 'no tier-A accounts: loosen the ICP or source a better list',
      ),
    ];
    const markdown = doc(
      '# ICP match',
      table(['Tier', 'Companies'], Object.entries(counts)),
      table(
        ['#', 'Company', 'Domain', 'Score', 'Tier', 'Why'],
        scored
          .slice(0, input.top)
          .map((s, i) => [i + 1, s.name, s.domain ?? '—', s.score, s.tier, s.reasons.join('; ')]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { companies: scored.slice(0, Math.max(input.top, 0)), counts, total: companies.length },
      {
        summary: `${counts.A} tier-A, ${counts.B} tier-B of ${companies.length} companies`,
        markdown,
        checks,
        confidence: 0.85,
        selfChecksPassed: ordered,
      },
    );
  },
});
