// The YAML agent spec: identity, skills and tiers, pricing, wake rules, budget, workflows, model
// prompts and marketplace listing. `parseAgentSpec` validates one document and names the file and field.
import { Cron } from 'croner';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { PlatformError } from '../../errors.js';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const skillIdRe = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/;
/** Topic patterns: dot-separated segments, each a word or `*` (one segment). */
const topicRe = /^(?:[a-z0-9_-]+|\*)(?:\.(?:[a-z0-9_-]+|\*))*$/;
const semverRe = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const STANDARD_SKILLS = 4;
export const PREMIUM_SKILLS = 10;

const skillEntry = z.object({
  id: z.string().regex(skillIdRe, 'must be a dotted kebab-case skill id such as seo.page-audit'),
  name: z.string().trim().min(2).max(80),
  description: z.string().trim().min(10).max(400),
  /** The lowest tier that includes the skill. */
  tier: z.enum(['standard', 'premium']),
  /** Whether the skill produces a useful, checked result without a model. */
  offline: z.boolean(),
});

const money = z.number().int().min(0).max(10_000_000);

export const agentSpecSchema = z
  .object({
    id: z.string().regex(kebab, 'must be kebab-case').max(60),
    version: z.string().regex(semverRe, 'must be a semantic version such as 1.0.0'),
    roleTitle: z.string().trim().min(3).max(80),
    domain: z.enum(['marketing', 'education', 'sales']),
    specialty: z.string().trim().min(2).max(60),
    industries: z.array(z.string().trim().min(2).max(60)).min(1).max(20),
    description: z.string().trim().min(20).max(1000),
    tagline: z.string().trim().min(5).max(120),
    skills: z.array(skillEntry).min(STANDARD_SKILLS).max(30),
    tiers: z.object({
      standard: z.array(z.string()).length(STANDARD_SKILLS),
      premium: z.array(z.string()).length(PREMIUM_SKILLS),
    }),
    price: z.object({
      monthly: money.min(1),
      annual: money.min(1),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
        .default('INR'),
      premium: z.object({ monthly: money.min(1), annual: money.min(1) }).optional(),
    }),
    wake: z.object({
      events: z
        .array(z.string().regex(topicRe, 'must be a topic pattern such as marketing.content.*'))
        .max(30)
        .default([]),
      schedule: z
        .string()
        .max(100)
        .refine((s) => {
          try {
            new Cron(s, { paused: true }).stop();
            return true;
          } catch {
            return false;
          }
        }, 'must be a valid cron expression')
        .optional(),
      thresholds: z
        .array(
          z
            .object({
              metric: z.string().regex(/^[a-z0-9_.-]+$/, 'must be a metric name such as leads.new'),
              gte: z.number().min(0).optional(),
              olderThanMinutes: z.number().int().min(1).max(100_000).optional(),
            })
            .refine(
              (t) => t.gte !== undefined || t.olderThanMinutes !== undefined,
              'needs gte or olderThanMinutes',
            ),
        )
        .max(10)
        .default([]),
    }),
    budget: z.object({
      monthlyTokens: z.number().int().min(0).max(1_000_000_000),
      monthlyMoney: z.number().min(0).max(10_000_000),
    }),
    workflows: z.array(z.string().regex(kebab, 'must be kebab-case')).max(20).default([]),
    prompts: z.object({
      system: z.string().trim().min(20).max(4000),
      perSkill: z.record(z.string(), z.string().trim().min(10).max(4000)).default({}),
    }),
    listing: z.object({
      badge: z.string().trim().min(2).max(40).optional(),
      avatar: z.string().regex(/^[A-Z]{2}$/, 'must be two capital letters'),
      accent: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour such as #00f2fe'),
      sampleInput: z.record(z.string(), z.unknown()).default({}),
    }),
    demoSkill: z.string().regex(skillIdRe, 'must be a skill id'),
  })
  .superRefine((spec, ctx) => {
    const ids = spec.skills.map((s) => s.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        ctx.addIssue({ code: 'custom', path: ['skills', i, 'id'], message: `duplicate skill "${id}"` });
    });
    const known = new Set(ids);
    for (const tier of ['standard', 'premium'] as const) {
      spec.tiers[tier].forEach((id, i) => {
        if (!known.has(id))
          ctx.addIssue({ code: 'custom', path: ['tiers', tier, i], message: `"${id}" is not in skills` });
        if (spec.tiers[tier].indexOf(id) !== i)
          ctx.addIssue({ code: 'custom', path: ['tiers', tier, i], message: `"${id}" is listed twice` });
      });
    }
    spec.tiers.standard.forEach((id, i) => {
      if (!spec.tiers.premium.includes(id))
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', 'standard', i],
          message: `"${id}" must also be in the premium tier`,
        });
    });
    spec.skills.forEach((s, i) => {
      const inStandard = spec.tiers.standard.includes(s.id);
      if (inStandard !== (s.tier === 'standard'))
        ctx.addIssue({
          code: 'custom',
          path: ['skills', i, 'tier'],
          message: `is "${s.tier}" but the skill is ${inStandard ? '' : 'not '}in tiers.standard`,
        });
      if (!inStandard && !spec.tiers.premium.includes(s.id))
        ctx.addIssue({ code: 'custom', path: ['skills', i, 'id'], message: 'is in no tier' });
    });
    if (!spec.skills.some((s) => s.offline))
      ctx.addIssue({ code: 'custom', path: ['skills'], message: 'at least one skill must work offline' });
    if (!spec.tiers.standard.includes(spec.demoSkill))
      ctx.addIssue({ code: 'custom', path: ['demoSkill'], message: 'must be a standard-tier skill' });
    if (!(spec.demoSkill in spec.listing.sampleInput))
      ctx.addIssue({
        code: 'custom',
        path: ['listing', 'sampleInput'],
        message: `needs an entry for the demo skill "${spec.demoSkill}"`,
      });
    for (const k of Object.keys(spec.listing.sampleInput))
      if (!known.has(k))
        ctx.addIssue({
          code: 'custom',
          path: ['listing', 'sampleInput', k],
          message: 'is not one of the skills',
        });
    for (const k of Object.keys(spec.prompts.perSkill))
      if (!known.has(k))
        ctx.addIssue({
          code: 'custom',
          path: ['prompts', 'perSkill', k],
          message: 'is not one of the skills',
        });
    if (spec.price.annual > spec.price.monthly * 12)
      ctx.addIssue({
        code: 'custom',
        path: ['price', 'annual'],
        message: 'is more than twelve monthly payments',
      });
    if (spec.price.premium && spec.price.premium.monthly < spec.price.monthly)
      ctx.addIssue({
        code: 'custom',
        path: ['price', 'premium', 'monthly'],
        message: 'is below the standard price',
      });
  });

export type AgentSpec = z.output<typeof agentSpecSchema>;
export type AgentSpecSkill = AgentSpec['skills'][number];

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(root)';
}

/** Parses and validates one spec. VALIDATION errors name `source` (the file) and the field path. */
export function parseAgentSpec(text: string, source: string): AgentSpec {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const line = err instanceof YAMLParseError ? err.linePos?.[0]?.line : undefined;
    throw new PlatformError(
      'VALIDATION',
      `${source}${line ? `:${line}` : ''}: invalid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      {
        details: { file: source, field: '(yaml)', ...(line ? { line } : {}) },
        cause: err,
      },
    );
  }
  const parsed = agentSpecSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 20)
      .map((i) => ({ field: pathOf(i.path), message: i.message }));
    const first = issues[0] ?? { field: '(root)', message: 'invalid' };
    throw new PlatformError('VALIDATION', `${source}: ${first.field}: ${first.message}`, {
      details: { file: source, field: first.field, issues },
    });
  }
  return parsed.data;
}
