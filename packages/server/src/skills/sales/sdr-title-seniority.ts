// Title classification: seniority, department, authority and persona for a list of job titles.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { parseTitle } from './titles.js';

const inputSchema = z.object({ titles: z.array(z.string().trim().min(1).max(200)).min(1).max(5000) });

export const sdrTitleSeniority = defineSkill({
  id: 'sdr.title-seniority',
  agentIds: [AgentId.sdr, AgentId.crm, AgentId.leadGen],
  title: 'Job-title classifier',
  description:
    'Classifies job titles by seniority, department, buying authority and persona (decision maker, influencer, user).',
  inputSchema,
  async run(input) {
    const rows = input.titles.map(parseTitle);
    const unknown = rows.filter((r) => r.seniority === 'Unknown');
    const counts = rows.reduce<Record<string, number>>(
      (a, r) => ({ ...a, [r.seniority]: (a[r.seniority] ?? 0) + 1 }),
      {},
    );
    const checks = [
      check(
        'all classified',
        unknown.length === 0,
        unknown.length === 0
          ? `${rows.length} titles classified`
          : `unrecognised: ${unknown
              .slice(0, 10)
              .map((u) => u.title)
              .join(', ')}`,
      ),
    ];
    const markdown = doc(
      '# Title classification',
      table(
        ['Title', 'Seniority', 'Department', 'Authority', 'Persona'],
        rows.slice(0, 500).map((r) => [r.title, r.seniority, r.department, r.authority, r.persona]),
      ),
      table(['Seniority', 'Count'], Object.entries(counts)),
      checksSection(checks),
    );
    return offlineResult(
      { titles: rows, counts },
      {
        summary: `${rows.length} titles: ${rows.filter((r) => r.persona === 'decision maker').length} decision makers`,
        markdown,
        checks,
        confidence: 0.85,
      },
    );
  },
});
