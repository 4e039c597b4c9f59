// Skills gap for a target career: the career's core skills and target levels against the student's
// self-rating, prioritised by gap size, with a concrete way to build each.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { CAREERS } from './data/careers.js';

const inputSchema = z.object({
  careerId: z.string().trim().min(2).max(60),
  /** Self-ratings 0 (none) … 5 (expert), by skill name. */
  skills: z
    .record(z.string().max(60), z.number().int().min(0).max(5))
    .refine((r) => Object.keys(r).length <= 40, 'at most 40 skills'),
});

export const careerSkillsGap = defineSkill({
  id: 'career.skills-gap',
  agentIds: [AgentId.career],
  title: 'Skills gap analysis',
  description:
    'Compares your skill ratings with a career’s core skills and target levels; the biggest gaps come first, each with a way to close it.',
  inputSchema,
  async run(input) {
    const career = CAREERS.find((c) => c.id === input.careerId);
    if (!career)
      throw invalid('careerId', `unknown career; choose one of: ${CAREERS.map((c) => c.id).join(', ')}`);
    const lookup = new Map(Object.entries(input.skills).map(([k, v]) => [k.trim().toLowerCase(), v]));
    const rows = career.skills
      .map((s) => {
        const have = lookup.get(s.skill.toLowerCase()) ?? 0;
        return {
          skill: s.skill,
          target: s.level,
          have,
          gap: Math.max(0, s.level - have),
          how: s.how,
          rated: lookup.has(s.skill.toLowerCase()),
        };
      })
      .sort((a, b) => b.gap - a.gap || a.skill.localeCompare(b.skill));
    const readiness =
      rows.reduce((s, r) => s + Math.min(r.have, r.target), 0) / rows.reduce((s, r) => s + r.target, 0);
    const unrated = rows.filter((r) => !r.rated).map((r) => r.skill);
    const checks = [
      check(
        'all core skills rated',
        unrated.length === 0,
        unrated.length === 0
          ? 'every core skill has a rating'
          : `not rated (counted as 0): ${unrated.join(', ')}`,
      ),
      check(
        'ready',
        rows.every((r) => r.gap === 0),
        `${pct(readiness, 0)} of the target levels reached`,
      ),
      check(
        'priorities ordered',
        rows.every((r, i) => i === 0 || (rows[i - 1]?.gap ?? 0) >= r.gap),
        'largest gaps first',
      ),
    ];
    const markdown = doc(
      `# Skills gap: ${career.title} (${pct(readiness, 0)} ready)`,
      table(
        ['Skill', 'You', 'Target', 'Gap', 'How to build it'],
        rows.map((r) => [r.skill, r.have, r.target, r.gap, r.how]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { career: career.title, readiness: Math.round(readiness * 1000) / 1000, gaps: rows },
      {
        summary: `${pct(readiness, 0)} ready for ${career.title}; top gap: ${rows[0]?.gap ? rows[0].skill : 'none'}`,
        markdown,
        checks,
        confidence: 0.8,
      },
    );
  },
});
