// Ad-copy checks for Google responsive search ads (headline 30, description 90, path 15, counts),
// Meta and LinkedIn text ads, with editorial rules (no "!" in headlines, capitals, repeats, keyword use).
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { countPhrase } from '../shared/text.js';
import { defineSkill } from '../skill.js';

/** Google counts wide (CJK, full-width) characters double. */
export function adLength(text: string): number {
  let n = 0;
  for (const ch of text)
    n +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return n;
}

export const AD_FORMATS = {
  'google-rsa': {
    headline: 30,
    description: 90,
    headlines: [3, 15],
    descriptions: [2, 4],
    path: 15,
    label: 'Google responsive search ad',
  },
  meta: {
    headline: 40,
    description: 30,
    primaryText: 125,
    headlines: [1, 5],
    descriptions: [0, 5],
    label: 'Meta ad (recommended lengths)',
  },
  linkedin: {
    headline: 70,
    description: 100,
    primaryText: 150,
    headlines: [1, 1],
    descriptions: [0, 1],
    label: 'LinkedIn single-image ad (recommended lengths)',
  },
} as const;

export const adCopyInputSchema = z.object({
  format: z.enum(['google-rsa', 'meta', 'linkedin']).default('google-rsa'),
  headlines: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
  descriptions: z.array(z.string().trim().min(1).max(500)).max(6).default([]),
  primaryText: z.string().trim().max(3000).optional(),
  path1: z.string().trim().max(50).optional(),
  path2: z.string().trim().max(50).optional(),
  keywords: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
});
export type AdCopyInput = z.output<typeof adCopyInputSchema>;

export interface AssetReport {
  kind: 'headline' | 'description' | 'path' | 'primary text';
  text: string;
  length: number;
  limit: number;
  problems: string[];
}

/** Checks every asset and the set as a whole. Pure. */
export function checkAdCopy(input: AdCopyInput): { assets: AssetReport[]; setProblems: string[] } {
  const f = AD_FORMATS[input.format];
  const assets: AssetReport[] = [];
  const asset = (kind: AssetReport['kind'], text: string, limit: number) => {
    const length = adLength(text);
    const problems: string[] = [];
    if (length > limit) problems.push(`${length} chars (max ${limit})`);
    if (kind === 'headline' && input.format === 'google-rsa' && text.includes('!'))
      problems.push('Google does not allow "!" in headlines');
    if (/!{2,}|\?{2,}|[!?]{2,}/.test(text)) problems.push('repeated punctuation');
    if (text.split(/\s+/).some((w) => /^[A-Z]{5,}[!?.,:]*$/.test(w)))
      problems.push('ALL-CAPS word (only acronyms allowed)');
    if (/(\+?\d[\d\s-]{8,}\d)/.test(text) && input.format === 'google-rsa')
      problems.push('phone numbers belong in a call asset, not ad text');
    if (/\s{2,}/.test(text)) problems.push('double space');
    if (/click here/i.test(text)) problems.push('"click here" is a disallowed call to action');
    assets.push({ kind, text, length, limit, problems });
  };
  input.headlines.forEach((h) => asset('headline', h, f.headline));
  input.descriptions.forEach((d) => asset('description', d, f.description));
  if ('path' in f) {
    if (input.path1 !== undefined) asset('path', input.path1, f.path);
    if (input.path2 !== undefined) asset('path', input.path2, f.path);
  }
  if ('primaryText' in f && input.primaryText !== undefined)
    asset('primary text', input.primaryText, f.primaryText);
  const setProblems: string[] = [];
  const [hMin, hMax] = f.headlines;
  const [dMin, dMax] = f.descriptions;
  if (input.headlines.length < hMin || input.headlines.length > hMax)
    setProblems.push(`${input.headlines.length} headlines; ${f.label} takes ${hMin}–${hMax}`);
  if (input.descriptions.length < dMin || input.descriptions.length > dMax)
    setProblems.push(`${input.descriptions.length} descriptions; ${f.label} takes ${dMin}–${dMax}`);
  const lower = input.headlines.map((h) => h.toLowerCase());
  const dups = lower.filter((h, i) => lower.indexOf(h) !== i);
  if (dups.length > 0) setProblems.push(`duplicate headlines: ${[...new Set(dups)].join(', ')}`);
  if (input.keywords.length > 0) {
    const withKw = input.headlines.filter((h) => input.keywords.some((k) => countPhrase(h, k) > 0)).length;
    const need = input.format === 'google-rsa' ? 2 : 1;
    if (withKw < need)
      setProblems.push(`${withKw} headline(s) contain a keyword; use one in at least ${need}`);
  }
  if (input.format === 'google-rsa' && input.path2 !== undefined && input.path1 === undefined)
    setProblems.push('path2 needs path1');
  return { assets, setProblems };
}

export const ppcAdCopyCheck = defineSkill({
  id: 'ppc.ad-copy-check',
  agentIds: [AgentId.ppc],
  title: 'Ad copy limits check',
  description:
    'Checks ad copy against platform limits (Google RSA: headlines 30, descriptions 90, paths 15, 3–15 / 2–4 assets) and editorial rules.',
  inputSchema: adCopyInputSchema,
  async run(input) {
    const { assets, setProblems } = checkAdCopy(input);
    const bad = assets.filter((a) => a.problems.length > 0);
    const checks = [
      check(
        'asset limits and policy',
        bad.length === 0,
        bad.length === 0 ? `all ${assets.length} assets pass` : `${bad.length} asset(s) need edits`,
      ),
      check(
        'ad set',
        setProblems.length === 0,
        setProblems.join('; ') || 'asset counts, uniqueness and keyword use are fine',
      ),
    ];
    const markdown = doc(
      `# Ad copy check — ${AD_FORMATS[input.format].label}`,
      table(
        ['Type', 'Text', 'Length / limit', 'Problems'],
        assets.map((a) => [a.kind, a.text, `${a.length} / ${a.limit}`, a.problems.join('; ') || '✅']),
      ),
      setProblems.length > 0 && `## Ad set\n${setProblems.map((p) => `- ${p}`).join('\n')}`,
      checksSection(checks),
    );
    return offlineResult(
      { assets, setProblems },
      {
        summary: `${assets.length - bad.length}/${assets.length} assets pass; ${setProblems.length} set-level issue(s)`,
        markdown,
        checks,
        confidence: 0.97,
      },
    );
  },
});
