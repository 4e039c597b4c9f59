// Name screening: length, pronounceability (vowel balance, consonant runs), spelling ambiguity and
// similarity to competitors' names (Jaro–Winkler), ranked best first.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, round } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { jaroWinkler } from '../shared/similarity.js';
import { countSyllables } from '../shared/text.js';
import { defineSkill } from '../skill.js';

const inputSchema = z.object({
  candidates: z.array(z.string().trim().min(2).max(40)).min(1).max(30),
  competitors: z.array(z.string().trim().min(2).max(60)).max(50).default([]),
  maxLength: z.number().int().min(4).max(30).default(12),
  /** Similarity at or above which a name is too close to a competitor's. */
  conflictThreshold: z.number().min(0.5).max(1).default(0.88),
});

/** Letters only, lower case: the form people will type. */
const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export const brandNameCheck = defineSkill({
  id: 'brand.name-check',
  agentIds: [AgentId.brand],
  title: 'Brand name screening',
  description:
    'Screens name ideas for length, pronounceability, spelling ambiguity and closeness to competitor names, ranked best first.',
  inputSchema,
  async run(input) {
    const rows = input.candidates.map((name) => {
      const k = key(name);
      const issues: string[] = [];
      let score = 100;
      if (k.length > input.maxLength) {
        issues.push(`${k.length} letters (max ${input.maxLength})`);
        score -= 15;
      }
      const vowels = (k.match(/[aeiouy]/g) ?? []).length;
      const vowelRatio = k.length ? vowels / k.length : 0;
      if (vowelRatio < 0.25 || vowelRatio > 0.7) {
        issues.push(`vowel balance ${round(vowelRatio, 2)} makes it hard to say`);
        score -= 15;
      }
      const cluster = /[^aeiouy\d]{4,}/.exec(k);
      if (cluster) {
        issues.push(`consonant run "${cluster[0]}"`);
        score -= 15;
      }
      if (/\d|-/.test(name)) {
        issues.push('digits or hyphens are misheard when spoken');
        score -= 10;
      }
      if (/(ph|ck|ie|ei|ou|x|q(?!u))/.test(k) && /(ph|ck)/.test(k)) {
        issues.push('spelling is not obvious from the sound');
        score -= 5;
      }
      const syllables = countSyllables(k);
      if (syllables > 4) {
        issues.push(`${syllables} syllables`);
        score -= 10;
      }
      const closest = input.competitors
        .map((c) => ({ c, sim: round(jaroWinkler(k, key(c)), 3) }))
        .sort((a, b) => b.sim - a.sim)[0];
      const conflict = closest !== undefined && closest.sim >= input.conflictThreshold;
      if (conflict) {
        issues.push(`too close to "${closest.c}" (${closest.sim})`);
        score -= 40;
      }
      return {
        name,
        score: Math.max(0, score),
        syllables,
        closestCompetitor: closest?.c ?? null,
        similarity: closest?.sim ?? null,
        conflict,
        issues,
        domainIdea: `${k}.in / ${k}.com`,
      };
    });
    rows.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const conflicts = rows.filter((r) => r.conflict);
    const checks = [
      check(
        'no competitor conflicts',
        conflicts.length === 0,
        conflicts.length === 0
          ? 'no candidate is close to a competitor'
          : `${conflicts.length} conflict(s): ${conflicts.map((c) => c.name).join(', ')}`,
      ),
      check(
        'a clean candidate exists',
        rows.some((r) => r.issues.length === 0),
        `${rows.filter((r) => r.issues.length === 0).length} candidate(s) with no issues`,
      ),
    ];
    const markdown = doc(
      '# Name screening, best first',
      table(
        ['Name', 'Score', 'Syllables', 'Closest competitor', 'Similarity', 'Issues', 'Domains to check'],
        rows.map((r) => [
          r.name,
          r.score,
          r.syllables,
          r.closestCompetitor ?? '—',
          r.similarity ?? '—',
          r.issues.join('; ') || '—',
          r.domainIdea,
        ]),
      ),
      '_Screening only: run a trademark search (e.g. the IP India public search) before adopting a name._',
      checksSection(checks),
    );
    return offlineResult(
      { ranked: rows },
      {
        summary: `Top name: ${rows[0]?.name} (${rows[0]?.score}/100); ${conflicts.length} competitor conflict(s)`,
        markdown,
        checks,
        confidence: 0.7,
      },
    );
  },
});
