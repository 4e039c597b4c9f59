// Influencer campaign brief: deliverables with draft, review and go-live dates worked back from the
// campaign window on business days, mandatory disclosure wording, do's and don'ts; a model may add a
// friendlier creator-facing version.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { addBusinessDays, formatDay, isWeekend, isoDate, parseIsoDay } from '../shared/dates.js';
import { askWriter } from '../shared/enrich.js';
import { invalid } from '../shared/invalid.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { PLATFORM_RULES, platformSchema } from './platforms.js';
import { toHashtag } from './social-hashtags.js';

const inputSchema = z.object({
  brand: z.string().trim().min(1).max(60),
  product: z.string().trim().min(2).max(100),
  goal: z.enum(['awareness', 'engagement', 'traffic', 'sales']).default('awareness'),
  keyMessages: z.array(z.string().trim().min(3).max(200)).min(1).max(5),
  deliverables: z
    .array(
      z.object({
        platform: platformSchema,
        format: z.string().trim().min(2).max(40),
        count: z.number().int().min(1).max(10),
      }),
    )
    .min(1)
    .max(10),
  startDate: isoDate,
  endDate: isoDate,
  hashtags: z.array(z.string().trim().min(2).max(40)).max(10).default([]),
  dos: z.array(z.string().trim().min(2).max(200)).max(10).default([]),
  donts: z.array(z.string().trim().min(2).max(200)).max(10).default([]),
  /** Business days the brand needs to review a draft. */
  reviewDays: z.number().int().min(1).max(10).default(2),
});

export interface BriefScheduleItem {
  deliverable: string;
  draftDue: string;
  approvalBy: string;
  goLive: string;
}

export const influencerBrief = defineSkill({
  id: 'influencer.brief',
  agentIds: [AgentId.influencer],
  title: 'Influencer campaign brief',
  description:
    'A creator brief with a dated draft → review → go-live schedule, key messages, ASCI disclosure wording, do’s and don’ts.',
  usesWriter: true,
  inputSchema,
  async run(
    input,
    ctx,
  ): Promise<SkillResult<{ schedule: BriefScheduleItem[]; disclosure: string; hashtags: string[] }>> {
    const start = parseIsoDay(input.startDate) as number;
    const end = parseIsoDay(input.endDate) as number;
    if (end < start) throw invalid('endDate', 'is before startDate');
    const posts = input.deliverables.flatMap((d) =>
      Array.from({ length: d.count }, (_, i) => ({
        label: `${PLATFORM_RULES[d.platform].label} ${d.format}${d.count > 1 ? ` #${i + 1}` : ''}`,
      })),
    );
    const span = end - start;
    const schedule: BriefScheduleItem[] = posts.map((p, i) => {
      // Spread go-live dates evenly over the window, then work back for approval and draft.
      const goLiveDay = addBusinessDays(start + Math.floor((span * i) / Math.max(1, posts.length)), 0);
      let approval = goLiveDay - 1;
      while (isWeekend(approval)) approval--;
      let draft = approval;
      for (let k = 0; k < input.reviewDays; k++) {
        draft--;
        while (isWeekend(draft)) draft--;
      }
      return {
        deliverable: p.label,
        draftDue: formatDay(draft),
        approvalBy: formatDay(approval),
        goLive: formatDay(goLiveDay),
      };
    });
    const disclosure = `Start the caption with "#ad" or use the platform's "Paid partnership with ${input.brand}" label; in videos, say it in the first seconds and keep it on screen long enough to read.`;
    const hashtags = input.hashtags.map(toHashtag).filter((t): t is string => !!t);
    const inWindow = schedule.every((s) => s.goLive >= input.startDate && s.goLive <= input.endDate);
    const ordered = schedule.every((s) => s.draftDue < s.approvalBy && s.approvalBy < s.goLive);
    const draftFuture = schedule.every(
      (s) => (parseIsoDay(s.draftDue) as number) >= Math.floor(ctx.now / 86_400_000),
    );
    const checks = [
      check(
        'go-live dates in window',
        inWindow,
        `${schedule.length} post(s) between ${input.startDate} and ${input.endDate}`,
      ),
      check(
        'draft → approval → live',
        ordered,
        `drafts due ${input.reviewDays} business day(s) before approval`,
      ),
      check(
        'enough lead time',
        draftFuture,
        draftFuture
          ? 'every draft is due today or later'
          : 'some drafts would be due in the past: move the start date',
      ),
      check(
        'disclosure included',
        disclosure.includes('#ad'),
        'ASCI-compliant disclosure instructions included',
      ),
    ];
    const outcome = await askWriter(
      ctx,
      `Rewrite this influencer brief for ${input.brand} (${input.product}) as a warm, concise note to the creator. Keep every date and the disclosure rule.\n\nKey messages: ${input.keyMessages.join('; ')}\nDo: ${input.dos.join('; ')}\nDon't: ${input.donts.join('; ')}`,
      'You brief creators clearly and respectfully.',
    );
    const markdown = doc(
      outcome.kind === 'text'
        ? `> The creator note at the end was written by a model (${outcome.provider}); dates and checks were computed offline.`
        : '',
      `# Creator brief — ${input.brand} ${input.product}`,
      `**Goal:** ${input.goal} · **Window:** ${input.startDate} to ${input.endDate}`,
      `## Key messages\n${bullets(input.keyMessages)}`,
      `## Deliverables and dates\n${table(
        ['Deliverable', 'Draft due', 'Approval by', 'Go live'],
        schedule.map((s) => [s.deliverable, s.draftDue, s.approvalBy, s.goLive]),
      )}`,
      `## Disclosure (mandatory)\n${disclosure}`,
      hashtags.length > 0 && `## Hashtags\n${hashtags.join(' ')}`,
      `## Do\n${bullets(input.dos, '_—_')}`,
      `## Don't\n${bullets(['Make health, financial or performance claims we have not approved', ...input.donts])}`,
      outcome.kind === 'text' ? `## Note to the creator (model: ${outcome.provider})\n${outcome.text}` : '',
      checksSection(checks),
    );
    const base = offlineResult(
      { schedule, disclosure, hashtags },
      {
        summary: `Brief with ${schedule.length} dated deliverable(s) for ${input.brand}`,
        markdown,
        checks,
        confidence: 0.9,
        selfChecksPassed: inWindow && ordered,
      },
    );
    return outcome.kind === 'text' ? { ...base, method: 'model' } : base;
  },
});
