// Responsive search ad copy: headlines and descriptions assembled from the product facts to fit
// Google's limits; a configured model may add more, and only those that pass the same checks are kept.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { askWriter } from '../shared/enrich.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { titleCase } from '../shared/text.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { AD_FORMATS, adLength, checkAdCopy } from './ppc-ad-copy-check.js';

const inputSchema = z.object({
  brand: z.string().trim().min(1).max(30),
  product: z.string().trim().min(2).max(60),
  keyword: z.string().trim().min(2).max(60),
  benefits: z.array(z.string().trim().min(2).max(80)).min(1).max(8),
  offer: z.string().trim().max(60).optional(),
  callToAction: z.string().trim().max(30).default('Shop Now'),
});
type Input = z.output<typeof inputSchema>;

const H = AD_FORMATS['google-rsa'].headline;
const D = AD_FORMATS['google-rsa'].description;

function fitting(cands: string[], limit: number): string[] {
  const out: string[] = [];
  for (const c of cands.map((x) => x.replace(/\s+/g, ' ').trim().replace(/!/g, ''))) {
    if (c.length > 0 && adLength(c) <= limit && !out.some((o) => o.toLowerCase() === c.toLowerCase()))
      out.push(c);
  }
  return out;
}

/** Offline headline and description candidates within the RSA limits. */
export function draftRsa(input: Input): { headlines: string[]; descriptions: string[] } {
  const kw = titleCase(input.keyword);
  const headlines = fitting(
    [
      kw,
      `${kw} | ${input.brand}`,
      `Buy ${kw} Online`,
      `${input.brand} ${titleCase(input.product)}`,
      ...(input.offer ? [titleCase(input.offer)] : []),
      ...input.benefits.map(titleCase),
      `${input.callToAction} Today`,
      `Official ${input.brand} Store`,
      `Top-Rated ${kw}`,
      `${kw} That Lasts`,
      'Fast, Free Delivery',
      'Easy Returns',
    ],
    H,
  ).slice(0, 15);
  const b = input.benefits;
  const descriptions = fitting(
    [
      `${titleCase(input.product)} from ${input.brand}: ${b.slice(0, 2).join(', ').toLowerCase()}. ${input.callToAction}.`,
      `${input.offer ? `${input.offer}. ` : ''}${b[0] ?? ''}. ${input.callToAction} and see why customers choose ${input.brand}.`,
      `Looking for ${input.keyword}? ${input.brand} offers ${b.slice(0, 3).join(', ').toLowerCase()}.`,
      `${b[b.length - 1] ?? ''}. Order ${input.keyword} today.`,
    ],
    D,
  ).slice(0, 4);
  return { headlines, descriptions };
}

export const ppcAdCopyVariants = defineSkill({
  id: 'ppc.ad-copy-variants',
  agentIds: [AgentId.ppc],
  title: 'Responsive search ad writer',
  description:
    'Headlines (≤ 30) and descriptions (≤ 90) for a Google RSA from product facts; model-written extras are kept only if they pass the same checks.',
  usesWriter: true,
  inputSchema,
  async run(
    input,
    ctx,
  ): Promise<SkillResult<{ headlines: string[]; descriptions: string[]; fromModel: string[] }>> {
    const drafted = draftRsa(input);
    let headlines = drafted.headlines;
    let descriptions = drafted.descriptions;
    const fromModel: string[] = [];
    const outcome = await askWriter(
      ctx,
      `Write 10 Google responsive search ad headlines (max ${H} characters, no "!") and 4 descriptions (max ${D} characters) for ${input.brand} ${input.product}, keyword "${input.keyword}", benefits: ${input.benefits.join('; ')}${input.offer ? `, offer: ${input.offer}` : ''}. One per line, prefix headlines with "H:" and descriptions with "D:".`,
      'You write compliant, specific search ads. No superlatives you cannot prove.',
    );
    if (outcome.kind === 'text') {
      const lines = outcome.text.split(/\r?\n/);
      const modelH = fitting(
        lines.filter((l) => /^\s*H:/i.test(l)).map((l) => l.replace(/^\s*H:\s*/i, '')),
        H,
      ).filter(
        (h) =>
          checkAdCopy({ format: 'google-rsa', headlines: [h], descriptions: [], keywords: [] }).assets[0]
            ?.problems.length === 0,
      );
      const modelD = fitting(
        lines.filter((l) => /^\s*D:/i.test(l)).map((l) => l.replace(/^\s*D:\s*/i, '')),
        D,
      ).filter(
        (d) =>
          checkAdCopy({ format: 'google-rsa', headlines: ['x'], descriptions: [d], keywords: [] }).assets[1]
            ?.problems.length === 0,
      );
      fromModel.push(...modelH, ...modelD);
      headlines = fitting([...modelH, ...headlines], H).slice(0, 15);
      descriptions = fitting([...modelD, ...descriptions], D).slice(0, 4);
    }
    const report = checkAdCopy({ format: 'google-rsa', headlines, descriptions, keywords: [input.keyword] });
    const bad = report.assets.filter((a) => a.problems.length > 0);
    const checks = [
      check(
        'asset limits and policy',
        bad.length === 0,
        bad.length === 0
          ? `${headlines.length} headlines ≤ ${H}, ${descriptions.length} descriptions ≤ ${D}`
          : `${bad.length} asset(s) fail`,
      ),
      check(
        'ad set',
        report.setProblems.length === 0,
        report.setProblems.join('; ') || 'counts, uniqueness and keyword use are fine',
      ),
    ];
    const usedModel = fromModel.some((m) => headlines.includes(m) || descriptions.includes(m));
    const markdown = doc(
      usedModel && outcome.kind === 'text'
        ? `> Some assets were written by a model (${outcome.provider}); all were checked offline.`
        : '',
      `# Responsive search ad — ${input.brand} ${input.product}`,
      table(
        ['Type', 'Text', 'Chars', 'Source'],
        [
          ...headlines.map((h) => ['headline', h, adLength(h), fromModel.includes(h) ? 'model' : 'offline']),
          ...descriptions.map((d) => [
            'description',
            d,
            adLength(d),
            fromModel.includes(d) ? 'model' : 'offline',
          ]),
        ],
      ),
      checksSection(checks),
    );
    const base = offlineResult(
      { headlines, descriptions, fromModel },
      {
        summary: `${headlines.length} headlines and ${descriptions.length} descriptions within Google limits`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: bad.length === 0,
      },
    );
    return usedModel ? { ...base, method: 'model' } : base;
  },
});
