// Consistency across many assets: the voice check per asset plus cross-asset drift in brand-name
// spelling, tagline wording, readability and exclamation use.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { countPhrase, escapeRegExp, readability } from '../shared/text.js';
import { defineSkill } from '../skill.js';
import { checkVoice, styleGuideSchema } from './brand-voice-check.js';

const inputSchema = z.object({
  assets: z
    .array(z.object({ name: z.string().trim().min(1).max(100), text: z.string().min(1).max(20_000) }))
    .min(2)
    .max(20),
  guide: styleGuideSchema.prefault({}),
  tagline: z.string().trim().max(120).optional(),
});

export const brandConsistencyAudit = defineSkill({
  id: 'brand.consistency-audit',
  agentIds: [AgentId.brand],
  title: 'Brand consistency audit',
  description:
    'Audits several assets together: per-asset voice score plus drift in brand-name spelling, tagline wording, readability and tone.',
  inputSchema,
  async run(input) {
    const rows = input.assets.map((a) => {
      const v = checkVoice(a.text, input.guide);
      const ease = round(readability(a.text).fleschReadingEase, 1);
      return {
        name: a.name,
        score: v.score,
        violations: v.violations.length,
        readingEase: ease,
        exclamationsPer100Words: v.words ? round((v.stats.exclamations * 100) / v.words, 2) : 0,
        taglineExact: input.tagline ? countPhrase(a.text, input.tagline) > 0 : null,
      };
    });
    const nameForms = new Map<string, number>();
    if (input.guide.brandName) {
      const re = new RegExp(
        `(?<![\\w])${escapeRegExp(input.guide.brandName).replace(/\\? /g, '[\\s-]?')}(?![\\w])`,
        'gi',
      );
      for (const a of input.assets)
        for (const m of a.text.matchAll(re)) nameForms.set(m[0], (nameForms.get(m[0]) ?? 0) + 1);
    }
    const eases = rows.map((r) => r.readingEase);
    const spread = round(Math.max(...eases) - Math.min(...eases), 1);
    const avgScore = round(rows.reduce((s, r) => s + r.score, 0) / rows.length, 0);
    const taglineMissing = rows.filter((r) => r.taglineExact === false).map((r) => r.name);
    const offBrand = rows.filter((r) => r.score < 70).map((r) => r.name);
    const checks = [
      check(
        'assets on brand',
        offBrand.length === 0,
        offBrand.length === 0 ? `all ${rows.length} assets score ≥ 70` : `below 70: ${offBrand.join(', ')}`,
      ),
      check(
        'one brand-name form',
        nameForms.size <= 1,
        nameForms.size === 0
          ? 'brand name not used'
          : [...nameForms.entries()].map(([f, n]) => `"${f}" ×${n}`).join(', '),
      ),
      check(
        'consistent readability',
        spread <= 20,
        `reading ease spread ${spread} points (≤ 20 keeps one voice)`,
      ),
      check(
        'tagline wording',
        taglineMissing.length === 0,
        input.tagline
          ? taglineMissing.length === 0
            ? 'exact tagline wherever used'
            : `tagline missing or altered in: ${taglineMissing.join(', ')}`
          : 'no tagline given',
      ),
    ];
    const consistency = round((checks.filter((c) => c.passed).length / checks.length) * 50 + avgScore / 2, 0);
    const markdown = doc(
      '# Brand consistency audit',
      `Consistency **${consistency}/100** across ${rows.length} assets (average on-brand score ${avgScore}).`,
      table(
        ['Asset', 'On-brand score', 'Deviations', 'Reading ease', '! per 100 words', 'Tagline exact'],
        rows.map((r) => [
          r.name,
          r.score,
          r.violations,
          r.readingEase,
          r.exclamationsPer100Words,
          r.taglineExact === null ? '—' : r.taglineExact ? 'yes' : 'no',
        ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { consistency, assets: rows, brandNameForms: Object.fromEntries(nameForms), readabilitySpread: spread },
      {
        summary: `Consistency ${consistency}/100 across ${rows.length} assets; ${offBrand.length} off-brand`,
        markdown,
        checks,
        confidence: 0.8,
      },
    );
  },
});
