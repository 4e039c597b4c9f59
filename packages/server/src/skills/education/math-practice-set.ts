// JEE/NEET practice sets: problems drawn from templates with every answer computed and independently
// verified; a problem that fails verification is regenerated, never shown.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { pickRng } from '../shared/random.js';
import { defineSkill } from '../skill.js';
import { MATH_TOPICS, generateProblem, type Problem } from './math-problems.js';
import { ui } from '../shared/form-meta.js';

const inputSchema = z.object({
  topics: z
    .array(z.enum(MATH_TOPICS))
    .max(MATH_TOPICS.length)
    .default([])
    .meta(ui({ label: 'Topics', help: 'Pick one or more; none picks from all.' })),
  exam: z
    .enum(['JEE', 'NEET', 'any'])
    .default('any')
    .meta(ui({ label: 'Exam', options: { JEE: 'JEE', NEET: 'NEET', any: 'Either' } })),
  count: z
    .number()
    .int()
    .min(1)
    .max(30)
    .default(10)
    .meta(ui({ label: 'Number of problems' })),
  difficulty: z
    .enum(['easy', 'medium', 'hard'])
    .default('medium')
    .meta(ui({ label: 'Difficulty' })),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional()
    .meta(ui({ label: 'Random seed', hidden: true })),
});

/** Topics suited to an exam (NEET has no pure-maths paper). */
export function topicsFor(exam: 'JEE' | 'NEET' | 'any', chosen: readonly string[]): string[] {
  const base = chosen.length > 0 ? [...chosen] : [...MATH_TOPICS];
  if (exam === 'any') return base;
  const probe = () => 0.5;
  return base.filter((t) => {
    const p = generateProblem(t, probe, 'easy', 'probe');
    return p.exam === 'JEE/NEET' || p.exam === exam;
  });
}

export const mathPracticeSet = defineSkill({
  id: 'math.practice-set',
  agentIds: [AgentId.math, AgentId.testPrep, AgentId.study, AgentId.science],
  title: 'JEE/NEET practice set',
  description:
    'Practice problems (quadratics, kinematics, projectiles, stoichiometry, solutions, sequences, probability, gases, circuits…) with answers computed and independently verified.',
  inputSchema,
  async run(input, ctx) {
    const topics = topicsFor(input.exam, input.topics);
    if (topics.length === 0) {
      throw invalid('topics', `none of the chosen topics appear in ${input.exam}`);
    }
    const rng = pickRng(ctx, input.seed);
    const problems: Problem[] = [];
    let rejected = 0;
    for (let i = 0; problems.length < input.count && i < input.count * 5; i++) {
      const topic = topics[problems.length % topics.length] as string;
      const p = generateProblem(topic, rng, input.difficulty, `P${problems.length + 1}`);
      if (p.verified) problems.push(p);
      else rejected++;
    }
    const allVerified = problems.every((p) => p.verified);
    const checks = [
      check(
        'answers verified',
        allVerified && problems.length === input.count,
        `${problems.length} problem(s), each verified (${rejected} draft(s) discarded)`,
      ),
      check(
        'topic coverage',
        new Set(problems.map((p) => p.topic)).size === Math.min(topics.length, input.count),
        `${new Set(problems.map((p) => p.topic)).size} topic(s)`,
      ),
    ];
    const markdown = doc(
      `# ${input.exam === 'any' ? 'JEE/NEET' : input.exam} practice set (${input.difficulty})`,
      problems.map((p, i) => `**${i + 1}.** ${p.question} _(${p.topic}, ${p.exam})_`).join('\n\n'),
      '## Answers and solutions',
      problems
        .map(
          (p, i) =>
            `**${i + 1}. ${p.answerText}**\n${bullets([...p.steps, `✔ Verified: ${p.verification}`])}`,
        )
        .join('\n\n'),
      checksSection(checks),
    );
    return offlineResult(
      { problems },
      {
        summary: `${problems.length} verified problems across ${new Set(problems.map((p) => p.topic)).size} topic(s)`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: allVerified,
      },
    );
  },
});
