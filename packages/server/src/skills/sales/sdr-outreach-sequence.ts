// Personalised multi-touch outreach: email, LinkedIn and call steps on business days, each message
// built from the lead's details and checked (length, personalisation, spam phrases, subject line);
// a configured model may rewrite steps, and only rewrites that pass the same checks are used.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { isoDate } from '../shared/dates.js';
import { askWriter } from '../shared/enrich.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { lowerWords } from '../shared/text.js';
import { defineSkill, type SkillResult } from '../skill.js';
import { analyseSubject, spamHits } from '../marketing/email-rules.js';
import { scheduleSequence } from '../marketing/email-sequence.js';

const inputSchema = z.object({
  lead: z.object({
    firstName: z.string().trim().min(1).max(40),
    company: z.string().trim().min(1).max(80),
    title: z.string().trim().max(80).default(''),
    industry: z.string().trim().max(60).default(''),
    painPoint: z.string().trim().max(160).optional(),
    trigger: z.string().trim().max(160).optional(),
  }),
  sender: z.object({
    name: z.string().trim().min(1).max(60),
    company: z.string().trim().min(1).max(60),
    valueProp: z.string().trim().min(5).max(200),
    proof: z.string().trim().max(200).optional(),
  }),
  startDate: isoDate,
  holidays: z.array(isoDate).max(60).default([]),
});
type Input = z.output<typeof inputSchema>;

export interface OutreachStep {
  step: number;
  channel: 'email' | 'linkedin' | 'call';
  date: string;
  subject: string;
  body: string;
  words: number;
  source: 'offline' | 'model';
  problems: string[];
}

const CADENCE = [
  { name: 'Intro email', channel: 'email', delayDays: 0 },
  { name: 'LinkedIn connect', channel: 'linkedin', delayDays: 2 },
  { name: 'Follow-up email', channel: 'email', delayDays: 2 },
  { name: 'Call', channel: 'call', delayDays: 3 },
  { name: 'Break-up email', channel: 'email', delayDays: 4 },
] as const;

function draft(input: Input): { subject: string; body: string }[] {
  const { lead, sender } = input;
  const hook = lead.trigger
    ? `Saw that ${lead.company} ${lead.trigger.replace(/^[A-Z]/, (c) => c.toLowerCase())} — a big milestone.`
    : `I noticed ${lead.company} is growing its ${lead.industry || 'team'}.`;
  const pain =
    lead.painPoint ?? `keeping ${lead.industry ? `${lead.industry} ` : ''}operations efficient as you scale`;
  return [
    {
      subject: `${lead.company} and ${pain.split(' ').slice(0, 3).join(' ')}`,
      body: `Hi ${lead.firstName},\n\n${hook} Teams like yours often struggle with ${pain}. ${sender.company} ${sender.valueProp.replace(/^[A-Z]/, (c) => c.toLowerCase())}.${sender.proof ? ` ${sender.proof}.` : ''}\n\nWorth a 15-minute call next week?\n\n${sender.name}`,
    },
    {
      subject: '',
      body: `Hi ${lead.firstName}, I work with ${lead.industry || 'growing'} teams on ${pain}. Would be glad to connect and share what's working at companies like ${lead.company}.`,
    },
    {
      subject: `Re: ${lead.company} and ${pain.split(' ').slice(0, 3).join(' ')}`,
      body: `Hi ${lead.firstName},\n\nFollowing up in case my note got buried. One idea for ${lead.company}: start with the process that costs your team the most hours each week and measure it for 30 days.${sender.proof ? ` ${sender.proof}.` : ''}\n\nOpen to a quick chat?\n\n${sender.name}`,
    },
    {
      subject: '',
      body: `Call script: "Hi ${lead.firstName}, this is ${sender.name} from ${sender.company}. I emailed about ${pain}. Is that a priority for ${lead.company} this quarter?" If yes: ask how they handle it today and book 15 minutes. If no: ask when to check back.`,
    },
    {
      subject: `Should I close the loop, ${lead.firstName}?`,
      body: `Hi ${lead.firstName},\n\nI haven't heard back, so I'll assume ${pain} isn't a priority right now. If that changes, reply to this email and I'll send over a short plan for ${lead.company}.\n\nAll the best,\n${sender.name}`,
    },
  ];
}

function problemsOf(
  s: { subject: string; body: string },
  channel: string,
  input: Input,
  step: number,
): string[] {
  const out: string[] = [];
  const words = lowerWords(s.body).length;
  if (channel === 'email' && words > 125) out.push(`${words} words; cold emails work best under 125`);
  if (channel === 'linkedin' && s.body.length > 300)
    out.push(`${s.body.length} chars; LinkedIn connection notes allow 300`);
  if (channel !== 'call' && !s.body.includes(input.lead.firstName))
    out.push('not addressed to the lead by name');
  if (channel === 'email' && !s.body.includes(input.lead.company) && step < 4)
    out.push('does not mention the company');
  const spam = spamHits(`${s.subject} ${s.body}`);
  if (spam.length) out.push(`spam phrases: ${spam.map((h) => h.phrase).join(', ')}`);
  if (channel === 'email')
    out.push(
      ...analyseSubject(s.subject, { isReply: /^re:/i.test(s.subject) }).issues.map((i) => `subject: ${i}`),
    );
  return out;
}

export const sdrOutreachSequence = defineSkill({
  id: 'sdr.outreach-sequence',
  agentIds: [AgentId.sdr, AgentId.leadGen],
  title: 'Personalised outreach sequence',
  description:
    'A five-touch email, LinkedIn and call sequence on business days, personalised to the lead and checked for length, spam phrases and subject quality.',
  usesWriter: true,
  inputSchema,
  async run(input, ctx): Promise<SkillResult<{ steps: OutreachStep[] }>> {
    const drafts = draft(input);
    const schedule = scheduleSequence({
      startDate: input.startDate,
      sendTime: '10:00',
      timeZone: 'Asia/Kolkata',
      skipWeekends: true,
      holidays: input.holidays,
      steps: CADENCE.map((c, i) => ({
        name: c.name,
        delayDays: c.delayDays,
        subject: drafts[i]?.subject || c.name,
        channel: c.channel,
      })),
    });
    let steps: OutreachStep[] = CADENCE.map((c, i) => {
      const d = drafts[i] as { subject: string; body: string };
      return {
        step: i + 1,
        channel: c.channel,
        date: schedule[i]?.date ?? input.startDate,
        subject: d.subject,
        body: d.body,
        words: lowerWords(d.body).length,
        source: 'offline',
        problems: problemsOf(d, c.channel, input, i + 1),
      };
    });
    const outcome = await askWriter(
      ctx,
      `Rewrite this 5-step outreach for ${input.lead.firstName} (${input.lead.title}, ${input.lead.company}). Keep each email under 120 words, plain and specific, no hype. Reply with one block per step: "STEP n" on its own line, then "Subject: …" (emails only), then the body.\n\n${steps.map((s) => `STEP ${s.step} (${s.channel})\nSubject: ${s.subject}\n${s.body}`).join('\n\n')}`,
      'You are a thoughtful B2B SDR. You never use spammy phrases or fake familiarity.',
    );
    if (outcome.kind === 'text') {
      const blocks = outcome.text.split(/^\s*STEP\s+(\d+)[^\n]*$/im);
      for (let k = 1; k + 1 < blocks.length; k += 2) {
        const n = Number(blocks[k]);
        const raw = (blocks[k + 1] ?? '').trim();
        const subject = /^Subject:\s*(.*)$/im.exec(raw)?.[1]?.trim() ?? '';
        const body = raw.replace(/^Subject:.*$/im, '').trim();
        const cur = steps[n - 1];
        if (!cur || !body) continue;
        const candidate = { subject: cur.channel === 'email' ? subject || cur.subject : '', body };
        const probs = problemsOf(candidate, cur.channel, input, n);
        if (probs.length === 0)
          steps = steps.map((s) =>
            s.step === n
              ? { ...s, ...candidate, words: lowerWords(body).length, source: 'model', problems: [] }
              : s,
          );
      }
    }
    const clean = steps.every((s) => s.problems.length === 0);
    const usedModel = steps.some((s) => s.source === 'model');
    const checks = [
      check(
        'messages pass checks',
        clean,
        clean
          ? 'length, personalisation, subject and spam checks all pass'
          : steps
              .filter((s) => s.problems.length)
              .map((s) => `step ${s.step}: ${s.problems.join(', ')}`)
              .join('; '),
      ),
      check(
        'business days',
        schedule.every((s) => !['Sat', 'Sun'].includes(s.weekday)),
        schedule.map((s) => `${s.date} ${s.weekday}`).join(', '),
      ),
    ];
    const markdown = doc(
      usedModel && outcome.kind === 'text'
        ? `> Some steps were rewritten by a model (${outcome.provider}) and re-checked offline.`
        : '',
      `# Outreach to ${input.lead.firstName} at ${input.lead.company}`,
      table(
        ['Step', 'Date', 'Channel', 'Subject', 'Words', 'Source'],
        steps.map((s) => [s.step, s.date, s.channel, s.subject || '—', s.words, s.source]),
      ),
      ...steps.map(
        (s) =>
          `## Step ${s.step} — ${s.channel} (${s.date})\n${s.subject ? `**Subject:** ${s.subject}\n\n` : ''}${s.body}`,
      ),
      checksSection(checks),
    );
    const base = offlineResult(
      { steps },
      {
        summary: `5-step sequence for ${input.lead.firstName} at ${input.lead.company}, ${steps[0]?.date} → ${steps[4]?.date}`,
        markdown,
        checks,
        confidence: 0.85,
        selfChecksPassed: clean,
      },
    );
    return usedModel ? { ...base, method: 'model' } : base;
  },
});
