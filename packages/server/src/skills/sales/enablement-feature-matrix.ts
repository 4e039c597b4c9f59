// Feature comparison across several products: weighted coverage score, gaps and unique features of each.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { own } from '../shared/own.js';

const support = z.enum(['yes', 'partial', 'no']);
const inputSchema = z.object({
  products: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(60),
        features: z
          .record(z.string().max(80), support)
          .refine((r) => Object.keys(r).length <= 100, 'at most 100 features'),
      }),
    )
    .min(2)
    .max(8),
  importance: z.record(z.string().max(80), z.number().int().min(1).max(5)).default({}),
});

const VALUE = { yes: 1, partial: 0.5, no: 0 } as const;
const MARK = { yes: '✅', partial: '◐', no: '—' } as const;

export const enablementFeatureMatrix = defineSkill({
  id: 'enablement.feature-matrix',
  agentIds: [AgentId.enablement],
  title: 'Feature comparison matrix',
  description:
    'Compares up to eight products feature by feature with importance weights: coverage scores, gaps and unique features.',
  inputSchema,
  async run(input) {
    const features = [...new Set(input.products.flatMap((p) => Object.keys(p.features)))].sort(
      (a, b) => (own(input.importance, b) ?? 3) - (own(input.importance, a) ?? 3) || a.localeCompare(b),
    );
    const w = (f: string) => own(input.importance, f) ?? 3;
    const maxScore = features.reduce((s, f) => s + w(f), 0);
    const rows = input.products.map((p) => {
      const score = features.reduce((s, f) => s + VALUE[own(p.features, f) ?? 'no'] * w(f), 0);
      const gaps = features.filter(
        (f) =>
          (own(p.features, f) ?? 'no') === 'no' &&
          input.products.some((o) => o !== p && (own(o.features, f) ?? 'no') !== 'no'),
      );
      const unique = features.filter(
        (f) =>
          (own(p.features, f) ?? 'no') === 'yes' &&
          input.products.every((o) => o === p || (own(o.features, f) ?? 'no') === 'no'),
      );
      return { name: p.name, score: round((score / maxScore) * 100, 1), gaps, unique };
    });
    const ranked = [...rows].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const names = new Set(input.products.map((p) => p.name));
    const checks = [
      check('distinct products', names.size === input.products.length, `${input.products.length} products`),
      check(
        'scores bounded',
        rows.every((r) => r.score >= 0 && r.score <= 100),
        'coverage between 0 and 100',
      ),
    ];
    const markdown = doc(
      '# Feature matrix',
      table(
        ['Feature', 'Importance', ...input.products.map((p) => p.name)],
        features.map((f) => [f, w(f), ...input.products.map((p) => MARK[own(p.features, f) ?? 'no'])]),
      ),
      table(
        ['Product', 'Weighted coverage', 'Gaps (others have)', 'Unique'],
        ranked.map((r) => [r.name, r.score, r.gaps.join(', ') || '—', r.unique.join(', ') || '—']),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { features, products: ranked },
      {
        summary: `${ranked[0]?.name} leads with ${ranked[0]?.score}% weighted coverage across ${features.length} features`,
        markdown,
        checks,
        confidence: 0.95,
      },
    );
  },
});
