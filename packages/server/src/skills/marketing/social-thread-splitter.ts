// Splits long text into a numbered thread whose every part fits the platform limit (as the platform
// counts it), breaking at sentence ends where possible. Re-joining the parts gives back the text.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { PLATFORM_RULES, platformLength } from './platforms.js';

const inputSchema = z.object({
  text: z.string().trim().min(1).max(20_000),
  platform: z.enum(['x', 'threads']).default('x'),
  numbering: z.boolean().default(true),
});

/** Splits words into parts of at most `budget` (platform-counted) characters; over-long words are cut. */
function pack(wordsIn: readonly string[], budget: number, platform: 'x' | 'threads'): string[] {
  const len = (s: string) => platformLength(s, platform);
  const words: string[] = [];
  for (const w of wordsIn) {
    if (len(w) <= budget) words.push(w);
    else for (let i = 0; i < w.length; i += budget) words.push(w.slice(i, i + budget));
  }
  const parts: string[] = [];
  let cur: string[] = [];
  for (const w of words) {
    const next = [...cur, w].join(' ');
    if (cur.length === 0 || len(next) <= budget) {
      cur.push(w);
      continue;
    }
    // Prefer to end the part at the last sentence end, if that keeps it at least half full.
    let cut = -1;
    for (let k = cur.length - 1; k > 0; k--) {
      if (/[.!?]["')’”]*$/.test(cur[k - 1] ?? '') && len(cur.slice(0, k).join(' ')) >= budget / 2) {
        cut = k;
        break;
      }
    }
    if (cut > 0 && !/[.!?]["')’”]*$/.test(cur[cur.length - 1] ?? '')) {
      parts.push(cur.slice(0, cut).join(' '));
      cur = [...cur.slice(cut), w];
      if (len(cur.join(' ')) > budget) {
        parts.push(cur.slice(0, -1).join(' '));
        cur = [w];
      }
    } else {
      parts.push(cur.join(' '));
      cur = [w];
    }
  }
  if (cur.length > 0) parts.push(cur.join(' '));
  return parts;
}

/** Splits `text` into a thread; numbering suffixes (" 3/7") are included in each part's length. */
export function splitThread(text: string, platform: 'x' | 'threads', numbering: boolean): string[] {
  const limit = PLATFORM_RULES[platform].maxChars;
  const words = text.split(/\s+/).filter(Boolean);
  if (!numbering) return pack(words, limit, platform);
  for (let digits = 1; digits <= 5; digits++) {
    const parts = pack(words, limit - (2 + 2 * digits), platform);
    if (String(parts.length).length <= digits) return parts.map((p, i) => `${p} ${i + 1}/${parts.length}`);
  }
  return pack(words, limit, platform);
}

export const socialThreadSplitter = defineSkill({
  id: 'social.thread-splitter',
  agentIds: [AgentId.social],
  title: 'Thread splitter',
  description:
    'Turns long text into a numbered X or Threads thread; each part fits the limit and the parts re-join to the original.',
  inputSchema,
  async run(input) {
    const parts = splitThread(input.text, input.platform, input.numbering);
    const limit = PLATFORM_RULES[input.platform].maxChars;
    const lengths = parts.map((p) => platformLength(p, input.platform));
    const stripped = parts.map((p) => (input.numbering ? p.replace(/ \d+\/\d+$/, '') : p));
    const rejoined = stripped.join(' ') === input.text.split(/\s+/).filter(Boolean).join(' ');
    const fits = lengths.every((l) => l <= limit);
    const checks = [
      check('every part fits', fits, `longest part ${Math.max(...lengths)} of ${limit}`),
      check(
        'nothing lost',
        rejoined,
        rejoined ? 'the parts re-join to the original text' : 'text changed while splitting',
      ),
    ];
    const markdown = doc(
      `# Thread (${parts.length} parts)`,
      parts.map((p, i) => `**${i + 1}.** ${p}\n_${lengths[i]} chars_`).join('\n\n'),
      checksSection(checks),
    );
    return offlineResult(
      { parts, lengths },
      {
        summary: `Split into ${parts.length} part(s), longest ${Math.max(...lengths)}/${limit}`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: fits && rejoined,
      },
    );
  },
});
