// Positioning statement, elevator pitch, tagline options and message pillars from the strategy inputs,
// each checked (all parts present, length, unprovable superlatives); a model may add richer variants.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { askWriter } from '../shared/enrich.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { countPhrase, lowerWords, titleCase } from '../shared/text.js';
import { defineSkill, type SkillResult } from '../skill.js';

const SUPERLATIVES = [
  'best',
  'leading',
  'world-class',
  'number one',
  '#1',
  'unmatched',
  'revolutionary',
  'ultimate',
  'cutting-edge',
  'best-in-class',
];

const inputSchema = z.object({
  brandName: z.string().trim().min(1).max(60),
  targetCustomer: z.string().trim().min(3).max(120),
  need: z.string().trim().min(3).max(160),
  category: z.string().trim().min(2).max(80),
  keyBenefit: z.string().trim().min(3).max(160),
  competitorAlternative: z.string().trim().min(2).max(120),
  differentiator: z.string().trim().min(3).max(160),
  proofPoints: z.array(z.string().trim().min(3).max(160)).max(5).default([]),
});

const lc = (s: string) => s.charAt(0).toLowerCase() + s.slice(1).replace(/[.!?]+$/, '');

export interface Positioning {
  statement: string;
  elevatorPitch: string;
  taglines: string[];
  pillars: { pillar: string; proof: string }[];
  superlatives: string[];
}

export const brandPositioning = defineSkill({
  id: 'brand.positioning',
  agentIds: [AgentId.brand, AgentId.enablement],
  title: 'Positioning statement',
  description:
    'Positioning statement, elevator pitch, tagline options and message pillars, checked for completeness, length and unprovable claims.',
  usesWriter: true,
  inputSchema,
  async run(input, ctx): Promise<SkillResult<Positioning>> {
    const statement = `For ${lc(input.targetCustomer)} who ${lc(input.need)}, ${input.brandName} is the ${lc(input.category)} that ${lc(input.keyBenefit)}. Unlike ${lc(input.competitorAlternative)}, ${input.brandName} ${lc(input.differentiator)}.`;
    const elevatorPitch = `${titleCase(input.targetCustomer)} ${lc(input.need)}. ${input.brandName} ${lc(input.keyBenefit)}${input.proofPoints[0] ? ` — ${lc(input.proofPoints[0])}` : ''}. Unlike ${lc(input.competitorAlternative)}, we ${lc(input.differentiator).replace(/^(is|are|does|has) /, '')}.`;
    const benefitWords = lowerWords(input.keyBenefit)
      .filter((w) => w.length > 3)
      .slice(0, 3);
    const taglines = [
      titleCase(benefitWords.join(' ')),
      `${titleCase(input.category)}, ${benefitWords[0] ?? 'done'} right`,
      `${input.brandName}: ${titleCase(benefitWords.slice(0, 2).join(' '))}`,
      `Less ${lowerWords(input.need).find((w) => w.length > 4) ?? 'hassle'}, more ${benefitWords[0] ?? 'results'}`,
    ].filter((t) => t.trim().length > 0 && t.split(/\s+/).length <= 6);
    const pillars = (
      input.proofPoints.length ? input.proofPoints : [input.keyBenefit, input.differentiator]
    ).map((p, i) => ({
      pillar: ['Outcome', 'Difference', 'Trust', 'Ease', 'Value'][i] ?? `Pillar ${i + 1}`,
      proof: p,
    }));
    const allText = [statement, elevatorPitch, ...taglines].join(' ');
    const superlatives = SUPERLATIVES.filter((s) => countPhrase(allText, s) > 0);
    const parts =
      [input.targetCustomer, input.category, input.competitorAlternative].every((p) =>
        statement.toLowerCase().includes(lc(p).toLowerCase()),
      ) && statement.includes(input.brandName);
    const statementWords = lowerWords(statement).length;
    const checks = [
      check(
        'statement complete',
        parts,
        'target, need, category, benefit, alternative and difference all present',
      ),
      check('statement length', statementWords <= 60, `${statementWords} words (≤ 60 keeps it memorable)`),
      check(
        'taglines short',
        taglines.length > 0 && taglines.every((t) => t.split(/\s+/).length <= 6),
        `${taglines.length} tagline(s) of ≤ 6 words`,
      ),
      check(
        'provable claims',
        superlatives.length === 0,
        superlatives.length === 0
          ? 'no unprovable superlatives'
          : `remove or prove: ${superlatives.join(', ')}`,
      ),
      check(
        'proof points',
        input.proofPoints.length >= 2,
        `${input.proofPoints.length} proof point(s); give at least 2 reasons to believe`,
      ),
    ];
    const output: Positioning = { statement, elevatorPitch, taglines, pillars, superlatives };
    const outcome = await askWriter(
      ctx,
      `Improve this positioning for ${input.brandName}. Give 3 alternative elevator pitches (≤ 40 words each) and 5 taglines (≤ 6 words), no superlatives.\n\nStatement: ${statement}\nProof: ${input.proofPoints.join('; ')}`,
      'You are a brand strategist. Be specific; avoid clichés.',
    );
    const markdown = doc(
      outcome.kind === 'text'
        ? `> Alternatives below were written by a model (${outcome.provider}); the statement and checks were produced offline.`
        : '',
      `# Positioning — ${input.brandName}`,
      `## Positioning statement\n${statement}`,
      `## Elevator pitch\n${elevatorPitch}`,
      `## Tagline options\n${bullets(taglines)}`,
      `## Message pillars\n${bullets(pillars.map((p) => `**${p.pillar}:** ${p.proof}`))}`,
      outcome.kind === 'text' ? `## Model alternatives (${outcome.provider})\n${outcome.text}` : '',
      checksSection(checks),
    );
    const base = offlineResult(output, {
      summary: `Positioning for ${input.brandName} with ${taglines.length} tagline option(s)`,
      markdown,
      checks,
      confidence: 0.75,
    });
    return outcome.kind === 'text' ? { ...base, method: 'model' } : base;
  },
});
