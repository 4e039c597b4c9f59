// Lead scoring for B2B SaaS: ICP fit (industry, company size, country, tech stack) plus BANT (budget,
// authority from the title, need signals, timeline) and engagement, graded hot / warm / cold with reasons.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { readCsvRecords } from '../shared/csv.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { parseTitle } from './titles.js';
import { own } from '../shared/own.js';
import { ui } from '../shared/form-meta.js';

const lead = z.object({
  id: z.string().trim().max(60).optional(),
  name: z
    .string()
    .trim()
    .max(120)
    .optional()
    .meta(ui({ label: 'Contact' })),
  company: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .meta(ui({ label: 'Company' })),
  title: z
    .string()
    .trim()
    .max(120)
    .default('')
    .meta(ui({ label: 'Job title', example: 'VP Sales' })),
  industry: z
    .string()
    .trim()
    .max(80)
    .default('')
    .meta(ui({ label: 'Industry' })),
  employees: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .optional()
    .meta(ui({ label: 'Employees' })),
  country: z
    .string()
    .trim()
    .max(60)
    .default('')
    .meta(ui({ label: 'Country' })),
  tech: z
    .array(z.string().trim().max(40))
    .max(50)
    .default([])
    .meta(ui({ label: 'Tools they use' })),
  budget: z
    .number()
    .min(0)
    .max(1e12)
    .optional()
    .meta(ui({ label: 'Budget' })),
  signals: z
    .array(z.string().trim().max(60))
    .max(20)
    .default([])
    .meta(ui({ label: 'Buying signals', example: 'demo request' })),
  timeline: z
    .enum(['now', 'quarter', 'half-year', 'year', 'unknown'])
    .default('unknown')
    .meta(
      ui({
        label: 'Buying within',
        options: {
          now: 'Now',
          quarter: 'This quarter',
          'half-year': 'Six months',
          year: 'A year',
          unknown: 'Not known',
        },
      }),
    ),
  engagement: z
    .object({
      opens: z.number().int().min(0).max(1e6).default(0),
      clicks: z.number().int().min(0).max(1e6).default(0),
      replies: z.number().int().min(0).max(1e6).default(0),
      demoRequested: z.boolean().default(false),
    })
    .prefault({})
    .meta(ui({ label: 'Engagement' })),
});
type Lead = z.output<typeof lead>;

export const icpSchema = z.object({
  industries: z
    .array(z.string().trim().min(2).max(80))
    .max(30)
    .default([])
    .meta(ui({ label: 'Industries you sell to', example: 'SaaS' })),
  employeeRange: z
    .tuple([z.number().int().min(0).max(1e7), z.number().int().min(1).max(1e7)])
    .default([10, 5000])
    .meta(ui({ label: 'Company size', unit: 'employees' })),
  countries: z
    .array(z.string().trim().min(2).max(60))
    .max(60)
    .default([])
    .meta(ui({ label: 'Countries', example: 'India' })),
  tech: z
    .array(z.string().trim().min(1).max(40))
    .max(30)
    .default([])
    .meta(ui({ label: 'Tools your buyers use', example: 'Salesforce' })),
  minDealSize: z
    .number()
    .min(0)
    .max(1e12)
    .default(0)
    .meta(ui({ label: 'Smallest deal worth pursuing' })),
  excludedIndustries: z
    .array(z.string().trim().min(2).max(80))
    .max(30)
    .default([])
    .meta(ui({ label: 'Industries to skip', advanced: true })),
});
export type Icp = z.output<typeof icpSchema>;

const inputSchema = z
  .object({
    icp: icpSchema.prefault({}).meta(ui({ label: 'Your ideal customer' })),
    leads: z
      .array(lead)
      .max(2000)
      .optional()
      .meta(
        ui({
          label: 'Your leads',
          help: 'One row per lead. Upload a CSV or Excel export, or type them in; lists take commas.',
        }),
      ),
    /** Or a CSV with columns company, title, industry, employees, country, tech (semicolon-separated), budget, signals, timeline. */
    csv: z
      .string()
      .max(500_000)
      .optional()
      .meta(
        ui({
          label: 'Leads as CSV',
          help: 'Instead of the table: columns company, title, industry, employees, country, tech, budget, signals, timeline.',
          widget: 'csv',
          advanced: true,
        }),
      ),
    thresholds: z
      .object({
        hot: z
          .number()
          .min(1)
          .max(100)
          .default(70)
          .meta(ui({ label: 'Hot from score' })),
        warm: z
          .number()
          .min(0)
          .max(99)
          .default(45)
          .meta(ui({ label: 'Warm from score' })),
      })
      .prefault({})
      .meta(ui({ label: 'Grades', advanced: true })),
  })
  .refine((v) => v.leads !== undefined || v.csv !== undefined, {
    message: 'give leads or csv',
    path: ['leads'],
  });

/** Known buying signals and how strongly each indicates need. */
const NEED_SIGNALS: Record<string, number> = {
  'demo request': 10,
  'pricing page': 8,
  hiring: 5,
  funding: 6,
  'using competitor': 7,
  'contract renewal': 8,
  'new leader': 5,
  expansion: 5,
  'pain mentioned': 8,
  webinar: 3,
  'content download': 3,
};

const lc = (s: string) => s.trim().toLowerCase();

/** Fit 0..100 against the ICP, with reasons. */
export function icpFit(
  l: { industry: string; employees?: number | undefined; country: string; tech: readonly string[] },
  icp: Icp,
): { score: number; reasons: string[]; disqualified?: string } {
  const reasons: string[] = [];
  if (icp.excludedIndustries.some((x) => lc(x) === lc(l.industry)))
    return {
      score: 0,
      reasons: [`industry ${l.industry} is excluded`],
      disqualified: `excluded industry (${l.industry})`,
    };
  let s = 0;
  const industryMatch =
    l.industry !== '' &&
    icp.industries.some((x) => lc(l.industry).includes(lc(x)) || lc(x).includes(lc(l.industry)));
  if (icp.industries.length === 0 || industryMatch) {
    s += 35;
    reasons.push(`industry ${l.industry || 'any'} fits`);
  }
  const [lo, hi] = icp.employeeRange;
  if (l.employees !== undefined) {
    if (l.employees >= lo && l.employees <= hi) {
      s += 25;
      reasons.push(`${l.employees} employees in range`);
    } else if (l.employees >= lo / 2 && l.employees <= hi * 2) {
      s += 12;
      reasons.push(`${l.employees} employees near range`);
    }
  } else s += 8;
  if (icp.countries.length === 0 || icp.countries.some((c) => lc(c) === lc(l.country))) {
    s += 20;
    if (icp.countries.length) reasons.push(`in ${l.country}`);
  } else if (icp.countries.length)
    return {
      score: round(s * 0.5, 1),
      reasons: [...reasons, `${l.country || 'unknown country'} is not served`],
      disqualified: 'country not served',
    };
  if (icp.tech.length > 0) {
    const overlap = l.tech.filter((t) => icp.tech.some((x) => lc(x) === lc(t)));
    s += 20 * Math.min(1, overlap.length / Math.min(2, icp.tech.length));
    if (overlap.length) reasons.push(`uses ${overlap.join(', ')}`);
  } else s += 20;
  return { score: round(s, 1), reasons };
}

export interface ScoredLead {
  id: string;
  company: string;
  name: string | null;
  title: string;
  fit: number;
  bant: number;
  engagementBonus: number;
  score: number;
  grade: 'hot' | 'warm' | 'cold' | 'disqualified';
  reasons: string[];
}

function scoreLead(l: Lead, icp: Icp, idx: number, th: { hot: number; warm: number }): ScoredLead {
  const fit = icpFit(l, icp);
  const t = parseTitle(l.title || 'unknown');
  const budget = l.budget === undefined ? 10 : l.budget >= icp.minDealSize ? 25 : 0;
  const authority = 25 * t.authority;
  const need = Math.min(
    25,
    l.signals.reduce((s, x) => s + (own(NEED_SIGNALS, lc(x)) ?? 2), 0),
  );
  const timeline = { now: 25, quarter: 20, 'half-year': 12, year: 6, unknown: 5 }[l.timeline];
  const bant = round(budget + authority + need + timeline, 1);
  const e = l.engagement;
  const engagementBonus = Math.min(
    10,
    (e.demoRequested ? 10 : 0) + e.replies * 4 + e.clicks * 1 + Math.min(3, e.opens * 0.5),
  );
  const score = round(Math.min(100, 0.5 * fit.score + 0.5 * bant + engagementBonus), 1);
  const reasons = [...fit.reasons, `${t.seniority} (${t.department}) → authority ${round(t.authority, 2)}`];
  if (budget === 25) reasons.push('budget confirmed');
  if (budget === 0) reasons.push('budget below minimum deal size');
  if (need > 0) reasons.push(`need signals: ${l.signals.join(', ')}`);
  reasons.push(`timeline ${l.timeline}`);
  if (engagementBonus > 0) reasons.push(`engagement +${round(engagementBonus, 1)}`);
  const grade = fit.disqualified
    ? 'disqualified'
    : score >= th.hot
      ? 'hot'
      : score >= th.warm
        ? 'warm'
        : 'cold';
  return {
    id: l.id ?? `L${idx + 1}`,
    company: l.company,
    name: l.name ?? null,
    title: l.title,
    fit: fit.score,
    bant,
    engagementBonus: round(engagementBonus, 1),
    score,
    grade,
    reasons: fit.disqualified ? [fit.disqualified, ...reasons] : reasons,
  };
}

/** Leads from a CSV export (tech and signals separated by ";"). */
export function leadsFromCsv(csv: string): Lead[] {
  const { records } = readCsvRecords(
    csv,
    {
      id: { aliases: ['lead id'], type: 'string' },
      name: { aliases: ['full name', 'contact'], type: 'string' },
      company: { aliases: ['account', 'organisation', 'organization'], type: 'string', required: true },
      title: { aliases: ['job title', 'designation'], type: 'string' },
      industry: { aliases: ['sector'], type: 'string' },
      employees: { aliases: ['company size', 'employee count', 'headcount'], type: 'number' },
      country: { aliases: [], type: 'string' },
      tech: { aliases: ['technologies', 'tech stack'], type: 'string' },
      budget: { aliases: [], type: 'number' },
      signals: { aliases: ['intent', 'intent signals'], type: 'string' },
      timeline: { aliases: ['timeframe'], type: 'string' },
    },
    'csv',
    2000,
  );
  return records.map((r, i) => {
    const tl = lc(r.timeline ?? 'unknown').replace(/\s+/g, '-');
    if (!['now', 'quarter', 'half-year', 'year', 'unknown'].includes(tl))
      throw invalid(`csv[row ${i + 1}].timeline`, 'must be now, quarter, half-year, year or unknown');
    return lead.parse({
      ...(r.id ? { id: r.id } : {}),
      ...(r.name ? { name: r.name } : {}),
      company: r.company,
      title: r.title ?? '',
      industry: r.industry ?? '',
      ...(r.employees !== undefined ? { employees: Math.round(r.employees) } : {}),
      country: r.country ?? '',
      tech: (r.tech ?? '')
        .split(/[;|]/)
        .map((x) => x.trim())
        .filter(Boolean),
      ...(r.budget !== undefined ? { budget: r.budget } : {}),
      signals: (r.signals ?? '')
        .split(/[;|]/)
        .map((x) => x.trim())
        .filter(Boolean),
      timeline: tl,
    });
  });
}

export const sdrLeadScore = defineSkill({
  id: 'sdr.lead-score',
  agentIds: [AgentId.sdr, AgentId.ae, AgentId.crm],
  title: 'ICP + BANT lead scoring',
  description:
    'Scores leads on ICP fit and BANT (budget, authority from title, need signals, timeline) plus engagement; grades hot, warm or cold with reasons.',
  inputSchema,
  async run(input) {
    const leads = input.leads ?? leadsFromCsv(input.csv ?? '');
    const scored = leads
      .map((l, i) => scoreLead(l, input.icp, i, input.thresholds))
      .sort(
        (a, b) =>
          Number(a.grade === 'disqualified') - Number(b.grade === 'disqualified') ||
          b.score - a.score ||
          a.company.localeCompare(b.company),
      );
    const counts = { hot: 0, warm: 0, cold: 0, disqualified: 0 };
    for (const s of scored) counts[s.grade]++;
    const ordered = scored.every(
      (s, i) =>
        i === 0 ||
        (scored[i - 1]?.grade === 'disqualified'
          ? s.grade === 'disqualified'
          : s.grade === 'disqualified' || (scored[i - 1]?.score ?? 0) >= s.score),
    );
    const checks = [
      check('ranked', ordered, 'highest score first, disqualified last'),
      check(
        'counts add up',
        counts.hot + counts.warm + counts.cold + counts.disqualified === leads.length,
        `${counts.hot} hot, ${counts.warm} warm, ${counts.cold} cold, ${counts.disqualified} disqualified`,
      ),
      check(
        'hot leads found',
        counts.hot > 0,
        counts.hot > 0
          ? `${counts.hot} hot lead(s) to call today`
          : 'no hot leads: widen the ICP or nurture warm ones',
      ),
    ];
    const markdown = doc(
      '# Lead scores',
      table(
        ['#', 'Company', 'Contact', 'Title', 'Fit', 'BANT', 'Score', 'Grade', 'Why'],
        scored
          .slice(0, 200)
          .map((s, i) => [
            i + 1,
            s.company,
            s.name ?? '—',
            s.title,
            s.fit,
            s.bant,
            s.score,
            s.grade,
            s.reasons.join('; '),
          ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { leads: scored, counts },
      {
        summary: `Scored ${leads.length} leads; ${counts.hot} hot`,
        markdown,
        checks,
        confidence: 0.85,
        selfChecksPassed: ordered,
      },
    );
  },
});
