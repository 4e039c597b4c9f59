// Email sequence scheduler: each step goes out a set number of days after the previous send, moved off
// weekends and holidays, with every subject line checked.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import {
  clockTime,
  formatDay,
  isWeekend,
  isoDate,
  nextBusinessDay,
  parseIsoDay,
  weekdayName,
} from '../shared/dates.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { analyseSubject } from './email-rules.js';

export const sequenceInputSchema = z.object({
  startDate: isoDate,
  sendTime: clockTime.default('10:00'),
  timeZone: z.string().trim().max(60).default('Asia/Kolkata'),
  steps: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(80),
        /** Days after the previous send (the first step: after the start date). */
        delayDays: z.number().int().min(0).max(90),
        subject: z.string().trim().min(1).max(200),
        channel: z.enum(['email', 'linkedin', 'call', 'sms']).default('email'),
      }),
    )
    .min(1)
    .max(15),
  skipWeekends: z.boolean().default(true),
  holidays: z.array(isoDate).max(60).default([]),
});
export type SequenceInput = z.output<typeof sequenceInputSchema>;

export interface ScheduledStep {
  step: number;
  name: string;
  channel: string;
  date: string;
  weekday: string;
  time: string;
  gapDays: number;
  subject: string;
  subjectScore: number;
  subjectIssues: string[];
}

/** Dates for each step; a step moved off a weekend pushes the later ones too (gaps never shrink). */
export function scheduleSequence(input: SequenceInput): ScheduledStep[] {
  const holidays = new Set(input.holidays.map((h) => parseIsoDay(h) as number));
  let prev = parseIsoDay(input.startDate) as number;
  return input.steps.map((s, i) => {
    let day = prev + s.delayDays;
    if (input.skipWeekends) day = nextBusinessDay(day, holidays);
    else while (holidays.has(day)) day++;
    if (i > 0 && day <= prev && s.channel === 'email')
      day = input.skipWeekends ? nextBusinessDay(prev + 1, holidays) : prev + 1;
    const gap = i === 0 ? day - (parseIsoDay(input.startDate) as number) : day - prev;
    prev = day;
    const a = analyseSubject(s.subject, { isReply: i > 0 && /^re:/i.test(s.subject) });
    return {
      step: i + 1,
      name: s.name,
      channel: s.channel,
      date: formatDay(day),
      weekday: weekdayName(day),
      time: input.sendTime,
      gapDays: gap,
      subject: s.subject,
      subjectScore: a.score,
      subjectIssues: a.issues,
    };
  });
}

export const emailSequence = defineSkill({
  id: 'email.sequence',
  agentIds: [AgentId.email],
  title: 'Email sequence schedule',
  description:
    'Schedules a multi-step sequence on business days with holidays skipped, and checks every subject line.',
  inputSchema: sequenceInputSchema,
  async run(input) {
    const steps = scheduleSequence(input);
    const holidays = new Set(input.holidays);
    const days = steps.map((s) => parseIsoDay(s.date) as number);
    const ordered = days.every(
      (d, i) => i === 0 || d > (days[i - 1] as number) || input.steps[i]?.channel !== 'email',
    );
    const businessOnly = !input.skipWeekends || days.every((d) => !isWeekend(d));
    const noHolidays = steps.every((s) => !holidays.has(s.date));
    const gapsKept = steps.every((s, i) => s.gapDays >= (input.steps[i]?.delayDays ?? 0));
    const weakSubjects = steps.filter((s) => s.channel === 'email' && s.subjectIssues.length > 0);
    const dupSubjects = steps.length - new Set(steps.map((s) => s.subject.toLowerCase())).size;
    const checks = [
      check('in order', ordered, 'each email goes out after the previous one'),
      check(
        'business days',
        businessOnly && noHolidays,
        input.skipWeekends ? 'no weekend or holiday sends' : 'no holiday sends',
      ),
      check('gaps respected', gapsKept, 'no step goes out sooner than its delay'),
      check(
        'subject lines',
        weakSubjects.length === 0,
        weakSubjects.length === 0
          ? 'no subject issues'
          : weakSubjects.map((s) => `step ${s.step}: ${s.subjectIssues.join(', ')}`).join('; '),
      ),
      check('distinct subjects', dupSubjects === 0, `${dupSubjects} repeated subject(s)`),
    ];
    const last = steps[steps.length - 1];
    const markdown = doc(
      `# Sequence schedule (${input.timeZone})`,
      table(
        ['Step', 'Name', 'Channel', 'Date', 'Day', 'Time', 'Gap (days)', 'Subject', 'Subject score'],
        steps.map((s) => [
          s.step,
          s.name,
          s.channel,
          s.date,
          s.weekday,
          s.time,
          s.gapDays,
          s.subject,
          s.subjectScore,
        ]),
      ),
      checksSection(checks),
    );
    return offlineResult(
      { steps },
      {
        summary: `${steps.length}-step sequence from ${steps[0]?.date} to ${last?.date}`,
        markdown,
        checks,
        confidence: 0.98,
        selfChecksPassed: ordered && businessOnly && noHolidays && gapsKept,
      },
    );
  },
});
