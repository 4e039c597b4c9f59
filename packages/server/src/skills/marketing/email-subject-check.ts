// Subject-line scoring: ranks candidate subject lines on length, wording, punctuation and spam phrases.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { analyseSubject } from './email-rules.js';

const inputSchema = z.object({ subjects: z.array(z.string().trim().min(1).max(200)).min(1).max(20) });

export const emailSubjectCheck = defineSkill({
  id: 'email.subject-check',
  agentIds: [AgentId.email],
  title: 'Subject line scorer',
  description:
    'Scores and ranks subject lines: length, word count, capitals, punctuation, emoji, personalisation and spam phrases.',
  inputSchema,
  async run(input) {
    const ranked = input.subjects
      .map((s, i) => ({ ...analyseSubject(s), index: i }))
      .sort((a, b) => b.score - a.score || a.index - b.index);
    const best = ranked[0];
    const sorted = ranked.every((r, i) => i === 0 || (ranked[i - 1]?.score ?? 0) >= r.score);
    const checks = [
      check(
        'best subject clean',
        (best?.issues.length ?? 1) === 0,
        best
          ? `"${best.subject}" ${best.issues.length === 0 ? 'has no issues' : `has: ${best.issues.join(', ')}`}`
          : 'none',
      ),
      check('ranked', sorted, 'highest score first'),
    ];
    const markdown = doc(
      '# Subject lines, best first',
      table(
        ['Rank', 'Subject', 'Score', 'Chars', 'Strengths', 'Issues'],
        ranked.map((r, i) => [
          i + 1,
          r.subject,
          r.score,
          r.length,
          r.strengths.join('; ') || '—',
          r.issues.join('; ') || '—',
        ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { ranked },
      {
        summary: `Best of ${ranked.length}: "${best?.subject}" (${best?.score}/100)`,
        markdown,
        checks,
        confidence: 0.8,
      },
    );
  },
});
