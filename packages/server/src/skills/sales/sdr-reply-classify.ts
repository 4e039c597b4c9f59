// Reply triage for outbound: classifies replies (interested, not now, not interested, unsubscribe,
// out of office with the return date, referral with the new contact, wrong person, question) by
// ordered rules, and says what to do next.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { formatDay, parseIsoDay } from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

export type ReplyCategory =
  | 'unsubscribe'
  | 'out-of-office'
  | 'wrong-person'
  | 'referral'
  | 'not-interested'
  | 'not-now'
  | 'interested'
  | 'question'
  | 'other';

const RULES: { category: ReplyCategory; re: RegExp; action: string }[] = [
  {
    category: 'unsubscribe',
    re: /\b(unsubscribe|remove me|stop (emailing|contacting|messaging)|do not (contact|email)|don't (contact|email) me|take me off)\b/i,
    action: 'Suppress the contact now (legal requirement) and end the sequence.',
  },
  {
    category: 'out-of-office',
    re: /\b(out of (the )?office|ooo|on (annual |maternity |paternity |sick )?leave|on vacation|on holiday|auto-?reply|automatic reply|away from (my )?(desk|email)|limited access to email)\b/i,
    action: 'Pause the sequence and resume the day after they return.',
  },
  {
    category: 'wrong-person',
    re: /\b(not the right person|wrong person|no longer (with|at|works)|left (the company|[A-Z]\w+)|not responsible for|not my (area|department))\b/i,
    action: 'Ask who owns this area, or use the referral if given.',
  },
  {
    category: 'referral',
    re: /\b(reach out to|contact|speak (to|with)|talk to|loop(ing)? in|cc'?ing|copying|best person is|handles this)\b[^.]*\b([A-Z][a-z]+|[\w.+-]+@[\w-]+\.[\w.]+)/,
    action: 'Thank them and contact the referred person, mentioning who referred you.',
  },
  {
    category: 'not-interested',
    re: /\b(not interested|no thanks|no, thank you|we('| a)re (all )?(set|good)|already (have|use|using|signed)|not a fit|pass on this|please don't follow up)\b/i,
    action: 'Close as not interested; nurture in 6 months unless they asked to stop.',
  },
  {
    category: 'not-now',
    re: /\b(not (right )?now|maybe later|next (quarter|year|month)|circle back|reach out (again )?in|budget (is )?(frozen|next year)|busy (right now|this quarter)|revisit|after (the )?(holidays|quarter|festival|diwali))\b/i,
    action: 'Set a follow-up task for the time they named (default: 90 days).',
  },
  {
    category: 'interested',
    re: /\b(interested|sounds (good|interesting)|let'?s (talk|chat|connect|set up|schedule)|book (a|some) time|send (me )?(a )?(calendar|invite|times)|happy to (chat|talk|connect)|free (on|next)|works for me|demo|tell me more)\b/i,
    action: 'Book the meeting within 24 hours; send two time options.',
  },
  {
    category: 'question',
    re: /\?\s*$|\b(how much|pricing|price|cost|does it|can it|do you)\b/im,
    action: 'Answer the question briefly and propose a call.',
  },
];

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A return date in an out-of-office reply ("back on 12 January", "until Jan 15, 2026", "2026-01-15"). */
export function returnDate(text: string, today: number): string | undefined {
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text)?.[1];
  if (iso && parseIsoDay(iso) !== undefined) return iso;
  const mon =
    '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
  const a = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${mon}\\.?,?(?:\\s+(\\d{4}))?`, 'i').exec(text);
  const b = new RegExp(`\\b${mon}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?(?:\\s+(\\d{4}))?`, 'i').exec(text);
  const m = a
    ? { d: Number(a[1]), mo: a[2] as string, y: a[3] }
    : b
      ? { d: Number(b[2]), mo: b[1] as string, y: b[3] }
      : undefined;
  if (!m) return undefined;
  const month = MONTHS.findIndex((x) => x.startsWith(m.mo.toLowerCase().slice(0, 3))) + 1;
  const todayYear = new Date(today * 86_400_000).getUTCFullYear();
  for (const y of m.y ? [Number(m.y)] : [todayYear, todayYear + 1]) {
    const day = parseIsoDay(`${y}-${String(month).padStart(2, '0')}-${String(m.d).padStart(2, '0')}`);
    if (day !== undefined && (m.y || day >= today)) return formatDay(day);
  }
  return undefined;
}

const inputSchema = z.object({
  replies: z
    .array(
      z.object({
        id: z.string().trim().max(60).optional(),
        from: z.string().trim().max(120).optional(),
        text: z.string().min(1).max(10_000),
      }),
    )
    .min(1)
    .max(1000),
});

export const sdrReplyClassify = defineSkill({
  id: 'sdr.reply-classify',
  agentIds: [AgentId.sdr, AgentId.enablement],
  title: 'Reply triage',
  description:
    'Classifies prospect replies (interested, not now, unsubscribe, out of office with return date, referral…) and gives the next action.',
  inputSchema,
  async run(input, ctx) {
    const today = Math.floor(ctx.now / 86_400_000);
    const rows = input.replies.map((r, i) => {
      // Ignore quoted earlier messages so the prospect's words decide.
      const own = r.text.split(/\n\s*(?:On .+wrote:|-{2,}\s*Original Message|From:\s)/i)[0] ?? r.text;
      const matched = RULES.filter((x) => x.re.test(own));
      const rule = matched[0];
      const category: ReplyCategory = rule?.category ?? 'other';
      const details: Record<string, string> = {};
      if (category === 'out-of-office') {
        const back = returnDate(own, today);
        if (back) details['returns'] = back;
      }
      if (category === 'referral' || category === 'wrong-person') {
        const email = /[\w.+-]+@[\w-]+\.[\w.]+/.exec(own)?.[0];
        if (email) details['referTo'] = email;
      }
      // Mixed signals ("not interested now, maybe next quarter") deserve a human glance.
      const ambiguous =
        matched.some((x) => x.category === 'interested') &&
        matched.some((x) => x.category === 'not-interested' || x.category === 'unsubscribe');
      return {
        id: r.id ?? `R${i + 1}`,
        from: r.from ?? null,
        category,
        action: rule?.action ?? 'Read and respond personally.',
        details,
        ambiguous,
      };
    });
    const counts = rows.reduce<Record<string, number>>(
      (a, r) => ({ ...a, [r.category]: (a[r.category] ?? 0) + 1 }),
      {},
    );
    const suppress = rows.filter((r) => r.category === 'unsubscribe').map((r) => r.from ?? r.id);
    const checks = [
      check(
        'all classified',
        (counts['other'] ?? 0) === 0,
        `${counts['other'] ?? 0} reply(ies) need a human read`,
      ),
      check(
        'clear signals',
        rows.every((r) => !r.ambiguous),
        `${rows.filter((r) => r.ambiguous).length} reply(ies) mix positive and negative signals`,
      ),
    ];
    const markdown = doc(
      '# Reply triage',
      table(
        ['Reply', 'From', 'Category', 'Details', 'Next action'],
        rows.map((r) => [
          r.id,
          r.from ?? '—',
          r.category,
          Object.entries(r.details)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ') || '—',
          r.action,
        ]),
      ),
      table(['Category', 'Count'], Object.entries(counts)),
      suppress.length > 0 && `**Suppress now:** ${suppress.join(', ')}`,
      checksSection(checks),
    );
    return offlineResult(
      { replies: rows, counts, suppress },
      {
        summary: `${rows.length} replies: ${counts['interested'] ?? 0} interested, ${counts['unsubscribe'] ?? 0} unsubscribe`,
        markdown,
        checks,
        confidence: 0.8,
      },
    );
  },
});
