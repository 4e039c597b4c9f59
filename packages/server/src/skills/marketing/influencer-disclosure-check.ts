// Sponsored-post disclosure check (ASCI influencer guidelines, India): a clear label such as #ad or
// "Paid partnership" must appear up front — before the caption is cut off — and not buried among hashtags.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { PLATFORM_RULES, platformSchema } from './platforms.js';

const ACCEPTED =
  /(#ad\b|#advertisement\b|#sponsored\b|#collab(oration)?\b|#partnership\b|#paidpartnership\b|#affiliate\b|#freegift\b|#gifted\b|\bpaid partnership\b|\badvertisement\b|\bsponsored\b|\bin partnership with\b|\bcollaboration with\b)/i;
const AMBIGUOUS = /(#sp\b|#spon\b|#collab\w+|#thanks\w*|#ambassador\b|#partner\b|#brandpartner\b)/i;

const inputSchema = z.object({
  posts: z
    .array(
      z.object({
        handle: z.string().trim().max(60).optional(),
        platform: platformSchema.default('instagram'),
        caption: z.string().min(1).max(5000),
        paid: z.boolean().default(true),
      }),
    )
    .min(1)
    .max(100),
});

export const influencerDisclosureCheck = defineSkill({
  id: 'influencer.disclosure-check',
  agentIds: [AgentId.influencer],
  title: 'Sponsorship disclosure check',
  description:
    'Checks sponsored captions for an ASCI-compliant label that is upfront (before the fold) and not buried in hashtags.',
  inputSchema,
  async run(input) {
    const rows = input.posts.map((p, i) => {
      const fold =
        'foldAt' in PLATFORM_RULES[p.platform]
          ? (PLATFORM_RULES[p.platform] as { foldAt: number }).foldAt
          : 125;
      const m = ACCEPTED.exec(p.caption);
      const problems: string[] = [];
      if (!p.paid)
        return {
          index: i,
          handle: p.handle ?? `post ${i + 1}`,
          label: m?.[0] ?? null,
          position: m?.index ?? null,
          compliant: true,
          problems,
        };
      if (!m) {
        problems.push(
          AMBIGUOUS.test(p.caption)
            ? `ambiguous label ${AMBIGUOUS.exec(p.caption)?.[0]}; use #ad or "Paid partnership"`
            : 'no disclosure label',
        );
      } else {
        if (m.index > fold) problems.push(`label at character ${m.index}, after the ${fold}-character fold`);
        const before = p.caption.slice(0, m.index);
        const tagsBefore = (before.match(/#\w+/g) ?? []).length;
        if (tagsBefore >= 3) problems.push(`label comes after ${tagsBefore} other hashtags (buried)`);
      }
      return {
        index: i,
        handle: p.handle ?? `post ${i + 1}`,
        label: m?.[0] ?? null,
        position: m?.index ?? null,
        compliant: problems.length === 0,
        problems,
      };
    });
    const failing = rows.filter((r) => !r.compliant);
    const checks = [
      check(
        'all paid posts disclosed upfront',
        failing.length === 0,
        failing.length === 0
          ? `${rows.length} post(s) compliant`
          : `${failing.length} post(s) need a clear, upfront label`,
      ),
    ];
    const markdown = doc(
      '# Disclosure check (ASCI guidelines)',
      table(
        ['Post', 'Label found', 'Position', 'Compliant', 'Problems'],
        rows.map((r) => [
          r.handle,
          r.label ?? '—',
          r.position ?? '—',
          r.compliant ? 'yes' : 'no',
          r.problems.join('; ') || '—',
        ]),
      ),
      'For video, the label must also be spoken or shown on screen for long enough to read; this check covers captions only.',
      checksSection(checks),
    );
    return offlineResult(
      { posts: rows },
      {
        summary: `${rows.length - failing.length}/${rows.length} post(s) properly disclosed`,
        markdown,
        checks,
        confidence: 0.9,
      },
    );
  },
});
