// Study progress against the plan: adherence, streak, backlog per topic, and a rebalanced plan that
// spreads the backlog over the coming days without exceeding the daily limit.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult, pct } from '../shared/checks.js';
import { formatDay, isoDate, parseIsoDay } from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const entry = z.object({
  date: isoDate,
  topic: z.string().trim().min(1).max(80),
  minutes: z.number().int().min(1).max(1440),
});
const inputSchema = z.object({
  today: isoDate,
  planned: z.array(entry).min(1).max(3000),
  done: z.array(entry).max(3000).default([]),
  maxDailyMinutes: z.number().int().min(15).max(1440).default(240),
});

export const studyProgress = defineSkill({
  id: 'study.progress',
  agentIds: [AgentId.study],
  title: 'Study progress and catch-up plan',
  description:
    'Adherence to the plan, study streak, backlog by topic and a catch-up schedule that respects a daily limit.',
  inputSchema,
  async run(input) {
    const today = input.today;
    const plannedToDate = input.planned.filter((p) => p.date <= today);
    const doneToDate = input.done.filter((d) => d.date <= today);
    const sum = (xs: { minutes: number }[]) => xs.reduce((s, x) => s + x.minutes, 0);
    const adherence = sum(plannedToDate) ? Math.min(1, sum(doneToDate) / sum(plannedToDate)) : 1;
    const studied = new Set(doneToDate.map((d) => d.date));
    const t = parseIsoDay(today) as number;
    let streak = 0;
    for (let d = studied.has(today) ? t : t - 1; studied.has(formatDay(d)); d--) streak++;
    const topics = [...new Set(plannedToDate.map((p) => p.topic))].sort();
    const backlog = topics
      .map((topic) => ({
        topic,
        planned: sum(plannedToDate.filter((p) => p.topic === topic)),
        done: sum(doneToDate.filter((d) => d.topic === topic)),
      }))
      .map((b) => ({ ...b, behind: Math.max(0, b.planned - b.done) }))
      .filter((b) => b.behind > 0);
    // Spread the backlog over future planned days (earliest first) within the daily limit.
    const future = [...new Set(input.planned.filter((p) => p.date > today).map((p) => p.date))].sort();
    const load = new Map(future.map((d) => [d, sum(input.planned.filter((p) => p.date === d))]));
    const additions: { date: string; topic: string; minutes: number }[] = [];
    let unplaced = 0;
    for (const b of backlog) {
      let left = b.behind;
      for (const d of future) {
        if (left === 0) break;
        const room = input.maxDailyMinutes - (load.get(d) ?? 0);
        if (room <= 0) continue;
        const take = Math.min(room, left, 60);
        additions.push({ date: d, topic: b.topic, minutes: take });
        load.set(d, (load.get(d) ?? 0) + take);
        left -= take;
      }
      unplaced += left;
    }
    const totalBehind = backlog.reduce((s, b) => s + b.behind, 0);
    const reconciled = sum(additions) + unplaced === totalBehind;
    // Only days that received catch-up time must stay within the limit (the original plan may exceed it).
    const withinLimit = [...new Set(additions.map((a) => a.date))].every(
      (d) => (load.get(d) ?? 0) <= input.maxDailyMinutes,
    );
    const checks = [
      check('on plan', adherence >= 0.9, `${pct(adherence, 0)} of planned minutes done`),
      check(
        'catch-up fits',
        unplaced === 0,
        unplaced === 0
          ? `${totalBehind} min of backlog rescheduled`
          : `${unplaced} min do not fit before the plan ends; raise the daily limit or drop topics`,
      ),
      check(
        'daily limit respected',
        withinLimit,
        `no day above ${input.maxDailyMinutes} min after rescheduling`,
      ),
      check('backlog accounted for', reconciled, 'rescheduled + unplaced = backlog'),
    ];
    const markdown = doc(
      `# Progress on ${today}`,
      `Adherence **${pct(adherence, 0)}** · streak **${streak} day(s)** · backlog **${totalBehind} min**`,
      backlog.length > 0 &&
        table(
          ['Topic', 'Planned so far', 'Done', 'Behind'],
          backlog.map((b) => [b.topic, b.planned, b.done, b.behind]),
        ),
      additions.length > 0 &&
        `## Catch-up plan\n${table(
          ['Date', 'Topic', 'Extra minutes'],
          additions.map((a) => [a.date, a.topic, a.minutes]),
        )}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        adherence: Math.round(adherence * 1000) / 1000,
        streak,
        backlog,
        catchUp: additions,
        unplacedMinutes: unplaced,
      },
      {
        summary: `${pct(adherence, 0)} on plan, ${streak}-day streak, ${totalBehind} min behind`,
        markdown,
        checks,
        confidence: 0.97,
        selfChecksPassed: reconciled && withinLimit,
      },
    );
  },
});
