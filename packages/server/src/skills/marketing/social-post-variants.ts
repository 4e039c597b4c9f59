// One message, one post per platform: offline variants are assembled to fit each platform's rules;
// with a model configured it may rewrite them, and any model variant that breaks a rule is replaced.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { askWriter } from '../shared/enrich.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { splitSentences, truncateWords } from '../shared/text.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { PLATFORM_RULES, platformLength, platformSchema, type Platform } from './platforms.js';
import { checkPost } from './social-post-check.js';
import { toHashtag } from './social-hashtags.js';

const inputSchema = z.object({
  message: z.string().trim().min(10).max(1000),
  link: z.string().trim().url().max(500).optional(),
  hashtags: z.array(z.string().trim().min(2).max(40)).max(10).default([]),
  callToAction: z.string().trim().max(120).optional(),
  platforms: z.array(platformSchema).min(1).max(5),
});
type Input = z.output<typeof inputSchema>;

export interface Variant {
  platform: Platform;
  text: string;
  length: number;
  source: 'offline' | 'model';
}

/** The offline variant for one platform; it always fits the hard limit. */
export function offlineVariant(input: Input, platform: Platform): string {
  const rules = PLATFORM_RULES[platform];
  const tags = input.hashtags
    .map(toHashtag)
    .filter((t): t is string => !!t)
    .slice(0, rules.hashtags[1]);
  const tagLine = tags.join(' ');
  const cta = input.callToAction ?? '';
  const sentences = splitSentences(input.message);
  let body: string;
  switch (platform) {
    case 'linkedin':
      body = [
        sentences[0] ?? input.message,
        sentences.slice(1).join(' '),
        [cta, input.link].filter(Boolean).join('\n'),
        tagLine,
      ]
        .filter(Boolean)
        .join('\n\n');
      break;
    case 'instagram':
      body = [input.message, [cta, input.link ? 'Link in bio.' : ''].filter(Boolean).join(' '), tagLine]
        .filter(Boolean)
        .join('\n\n');
      break;
    default:
      body = [input.message, cta, input.link, tagLine]
        .filter(Boolean)
        .join(platform === 'facebook' ? '\n\n' : ' ');
  }
  if (platformLength(body, platform) <= rules.maxChars) return body;
  // Too long: keep link, CTA and tags, shorten the message to the space left.
  const tail = [cta, input.link, tagLine].filter(Boolean).join(' ');
  const room = rules.maxChars - platformLength(tail, platform) - 1;
  let msg = truncateWords(input.message, Math.max(10, room));
  while (platformLength(`${msg} ${tail}`.trim(), platform) > rules.maxChars && msg.length > 10)
    msg = truncateWords(msg, msg.length - 5);
  return `${msg} ${tail}`.trim();
}

export const socialPostVariants = defineSkill({
  id: 'social.post-variants',
  agentIds: [AgentId.social, AgentId.content],
  title: 'Cross-platform post variants',
  description:
    'Turns one message into a post per platform that fits its limits, hook and hashtag rules; a model may rewrite them when configured.',
  usesWriter: true,
  inputSchema,
  async run(input, ctx): Promise<SkillResult<{ variants: Variant[] }>> {
    let variants: Variant[] = input.platforms.map((p) => {
      const text = offlineVariant(input, p);
      return { platform: p, text, length: platformLength(text, p), source: 'offline' };
    });
    const prompt = [
      `Rewrite this message as one post per platform (${input.platforms.join(', ')}).`,
      `Message: ${input.message}`,
      input.link ? `Link: ${input.link}` : '',
      input.callToAction ? `Call to action: ${input.callToAction}` : '',
      `Limits: ${input.platforms.map((p) => `${p} ${PLATFORM_RULES[p].maxChars} chars`).join(', ')}.`,
      'Reply with exactly one line per platform in the form "platform: post text" (use \\n for line breaks).',
    ]
      .filter(Boolean)
      .join('\n');
    const outcome = await askWriter(
      ctx,
      prompt,
      'You write concise B2B social posts. You never exceed platform limits.',
    );
    const rejected: string[] = [];
    if (outcome.kind === 'text') {
      const lines = new Map<string, string>();
      for (const m of outcome.text.matchAll(/^\s*([a-z]+)\s*:\s*(.+)$/gim))
        lines.set((m[1] ?? '').toLowerCase(), (m[2] ?? '').replace(/\\n/g, '\n').trim());
      variants = variants.map((v) => {
        const text = lines.get(v.platform);
        if (!text) return v;
        if (checkPost(text, v.platform).problems.length > 0) {
          rejected.push(`${v.platform}: model text broke a limit; kept the offline variant`);
          return v;
        }
        return { platform: v.platform, text, length: platformLength(text, v.platform), source: 'model' };
      });
    }
    const reports = variants.map((v, i) => checkPost(v.text, v.platform, i));
    const fits = reports.every((r) => r.problems.length === 0);
    const usedModel = variants.some((v) => v.source === 'model');
    const checks = [
      check('within limits', fits, reports.map((r) => `${r.platform} ${r.length}/${r.limit}`).join(', ')),
      check(
        'best practice',
        reports.every((r) => r.warnings.length === 0),
        reports.flatMap((r) => r.warnings.map((w) => `${r.platform}: ${w}`)).join('; ') || 'no warnings',
      ),
    ];
    const markdown = doc(
      usedModel && outcome.kind === 'text'
        ? `> Some variants were written by a model (${outcome.provider}); every variant was checked offline.`
        : '',
      '# Post variants',
      ...variants.map(
        (v) =>
          `## ${PLATFORM_RULES[v.platform].label} (${v.length}/${PLATFORM_RULES[v.platform].maxChars}, ${v.source})\n\n${v.text}`,
      ),
      rejected.length > 0
        ? table(
            ['Note'],
            rejected.map((r) => [r]),
          )
        : '',
      checksSection(checks),
      !usedModel && outcome.kind === 'failed'
        ? `_Produced offline: the model writer failed (${outcome.reason})._`
        : '',
    );
    const base = offlineResult(
      { variants },
      {
        summary: `${variants.length} platform variant(s), all within limits: ${fits ? 'yes' : 'no'}`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: fits,
      },
    );
    return usedModel ? { ...base, method: 'model' } : base;
  },
});
