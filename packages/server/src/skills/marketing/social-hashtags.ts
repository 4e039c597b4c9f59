// Hashtag suggestions from the post's own key phrases plus seed tags: CamelCase, valid, de-duplicated,
// within the platform's range, with spammy tags removed.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { STOP_WORDS, lowerWords } from '../shared/text.js';
import { defineSkill } from '../skill.js';
import { PLATFORM_RULES, platformSchema } from './platforms.js';

const SPAMMY = new Set([
  'followforfollow',
  'follow4follow',
  'like4like',
  'likeforlike',
  'f4f',
  'l4l',
  'instagood',
  'tagsforlikes',
  'followme',
  'spam4spam',
]);
const VALID = /^#[\p{L}][\p{L}\p{N}_]{1,49}$/u;

/** `#CamelCase` from a phrase ("blood pressure" → "#BloodPressure"), or undefined if nothing valid is left. */
export function toHashtag(phrase: string): string | undefined {
  const parts = phrase
    .replace(/^#/, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const tag = `#${parts.map((p) => (p === p.toUpperCase() && p.length <= 5 ? p : p[0]?.toUpperCase() + p.slice(1))).join('')}`;
  return VALID.test(tag) ? tag : undefined;
}

const inputSchema = z.object({
  text: z.string().min(1).max(5000),
  platform: platformSchema.default('linkedin'),
  seeds: z.array(z.string().trim().min(2).max(50)).max(30).default([]),
  /** Defaults to the top of the platform's recommended range. */
  count: z.number().int().min(1).max(30).optional(),
});

export const socialHashtags = defineSkill({
  id: 'social.hashtags',
  agentIds: [AgentId.social, AgentId.influencer, AgentId.brand],
  title: 'Hashtag suggestions',
  description:
    'Valid CamelCase hashtags from the post’s key phrases and your seed tags, sized for the platform, spam tags removed.',
  inputSchema,
  async run(input) {
    const rules = PLATFORM_RULES[input.platform];
    const want = Math.min(
      input.count ?? Math.max(1, rules.hashtags[1]),
      'hashtagLimit' in rules ? rules.hashtagLimit : 30,
    );
    const ws = lowerWords(input.text).filter((w) => w.length > 2 && !STOP_WORDS.has(w));
    const score = new Map<string, number>();
    ws.forEach((w, i) => {
      score.set(w, (score.get(w) ?? 0) + 1);
      const next = ws[i + 1];
      if (next) score.set(`${w} ${next}`, (score.get(`${w} ${next}`) ?? 0) + 1.5);
    });
    const phrases = [...score.entries()]
      .filter(([p, s]) => s >= 2 || !p.includes(' '))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const removed: string[] = [];
    const seen = new Set<string>();
    const tags: { tag: string; source: 'seed' | 'text' }[] = [];
    const add = (phrase: string, source: 'seed' | 'text') => {
      const tag = toHashtag(phrase);
      if (!tag) {
        if (source === 'seed') removed.push(`${phrase} (invalid)`);
        return;
      }
      const key = tag.toLowerCase();
      if (SPAMMY.has(key.slice(1))) {
        removed.push(`${tag} (spammy)`);
        return;
      }
      if (seen.has(key)) return;
      seen.add(key);
      tags.push({ tag, source });
    };
    for (const s of input.seeds) add(s, 'seed');
    for (const [p] of phrases) add(p, 'text');
    const chosen = tags.slice(0, want);
    const valid = chosen.every((t) => VALID.test(t.tag));
    const unique = new Set(chosen.map((t) => t.tag.toLowerCase())).size === chosen.length;
    const [lo, hi] = rules.hashtags;
    const checks = [
      check('valid hashtags', valid, 'letters, digits and underscores, starting with a letter'),
      check('no duplicates', unique, 'case-insensitive duplicates removed'),
      check(
        'platform range',
        chosen.length >= lo && chosen.length <= Math.max(hi, input.count ?? 0),
        `${chosen.length} tag(s); ${lo}–${hi} recommended on ${rules.label}`,
      ),
    ];
    const markdown = doc(
      `# Hashtags for ${rules.label}`,
      chosen.map((t) => t.tag).join(' ') || '_No hashtags found._',
      bullets(
        chosen.map((t) => `${t.tag} — from ${t.source === 'seed' ? 'your seed list' : 'the post text'}`),
      ),
      removed.length > 0 && `## Removed\n${bullets(removed)}`,
      checksSection(checks),
    );
    return offlineResult(
      { hashtags: chosen.map((t) => t.tag), details: chosen, removed },
      {
        summary: `${chosen.length} hashtag(s) for ${rules.label}`,
        markdown,
        checks,
        confidence: 0.85,
        selfChecksPassed: valid && unique,
      },
    );
  },
});
