// Per-platform post checks: hard length limits (as each platform counts), the hook before the fold,
// hashtag counts, and links that will not be clickable.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { PLATFORM_RULES, hashtagsIn, platformLength, platformSchema, type Platform } from './platforms.js';

export interface PostReport {
  index: number;
  platform: Platform;
  length: number;
  limit: number;
  remaining: number;
  hashtags: number;
  problems: string[];
  warnings: string[];
}

/** Checks one post against its platform's rules. */
export function checkPost(text: string, platform: Platform, index = 0): PostReport {
  const rules = PLATFORM_RULES[platform];
  const length = platformLength(text, platform);
  const tags = hashtagsIn(text);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (length > rules.maxChars) problems.push(`${length} characters; ${rules.label} allows ${rules.maxChars}`);
  if ('hashtagLimit' in rules && tags.length > rules.hashtagLimit)
    problems.push(`${tags.length} hashtags; ${rules.label} allows ${rules.hashtagLimit}`);
  const [lo, hi] = rules.hashtags;
  if (tags.length < lo || tags.length > hi)
    warnings.push(`${tags.length} hashtags; ${lo}–${hi} works best on ${rules.label}`);
  if ('foldAt' in rules) {
    const firstLine = text.split(/\n/)[0] ?? '';
    if (firstLine.length > rules.foldAt)
      warnings.push(
        `the hook (first line) is ${firstLine.length} chars; only ${rules.foldAt} show before "see more"`,
      );
  }
  if (!rules.clickableLinks && /https?:\/\//.test(text))
    warnings.push(`links are not clickable in ${rules.label} captions; say "link in bio"`);
  const dupTags = tags.length - new Set(tags.map((t) => t.toLowerCase())).size;
  if (dupTags > 0) warnings.push(`${dupTags} repeated hashtag(s)`);
  if (/(.)\1{4,}/u.test(text) || /[!?]{3,}/.test(text))
    warnings.push('repeated characters or punctuation look spammy');
  return {
    index,
    platform,
    length,
    limit: rules.maxChars,
    remaining: rules.maxChars - length,
    hashtags: tags.length,
    problems,
    warnings,
  };
}

const inputSchema = z.object({
  posts: z
    .array(z.object({ platform: platformSchema, text: z.string().min(1).max(70_000) }))
    .min(1)
    .max(50),
});

export const socialPostCheck = defineSkill({
  id: 'social.post-check',
  agentIds: [AgentId.social, AgentId.influencer],
  title: 'Post length and format check',
  description:
    'Checks posts against each platform’s limits (X 280 with URLs as 23, LinkedIn 3000, Instagram 2200, Threads 500…), hooks, hashtags and links.',
  inputSchema,
  async run(input) {
    const reports = input.posts.map((p, i) => checkPost(p.text, p.platform, i));
    const over = reports.filter((r) => r.problems.length > 0);
    const warned = reports.filter((r) => r.warnings.length > 0);
    const checks = [
      check(
        'within hard limits',
        over.length === 0,
        over.length === 0
          ? `all ${reports.length} posts fit`
          : `post(s) ${over.map((r) => r.index + 1).join(', ')} break a hard limit`,
      ),
      check('best practice', warned.length === 0, `${warned.length} post(s) with warnings`),
    ];
    const markdown = doc(
      '# Post check',
      table(
        ['#', 'Platform', 'Length / limit', 'Hashtags', 'Problems', 'Warnings'],
        reports.map((r) => [
          r.index + 1,
          PLATFORM_RULES[r.platform].label,
          `${r.length} / ${r.limit}`,
          r.hashtags,
          r.problems.join('; ') || '—',
          r.warnings.join('; ') || '—',
        ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { posts: reports },
      {
        summary: `${reports.length} post(s) checked; ${over.length} over a hard limit, ${warned.length} with warnings`,
        markdown,
        checks,
        confidence: 0.97,
      },
    );
  },
});
