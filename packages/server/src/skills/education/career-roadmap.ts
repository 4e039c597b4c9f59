// Career roadmap: dated milestones from today to admission — stream choice, preparation start, mock
// tests, registration, the entrance exams in their usual months, and counselling — for a chosen career.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, offlineResult } from '../shared/checks.js';
import { isoDate, parseIsoDay, formatDay } from '../shared/dates.js';
import { invalid } from '../shared/invalid.js';
import { checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';
import { CAREERS } from './data/careers.js';

const inputSchema = z.object({
  careerId: z.string().trim().min(2).max(60),
  currentClass: z.number().int().min(6).max(12),
  today: isoDate.optional(),
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const label = (y: number, m: number) => `${MONTHS[m - 1]} ${y}`;
/** Months since year 0, for ordering. */
const mi = (y: number, m: number) => y * 12 + (m - 1);
const fromMi = (v: number) => ({ y: Math.floor(v / 12), m: (v % 12) + 1 });

export interface Milestone {
  when: string;
  monthIndex: number;
  what: string;
  status: 'done' | 'upcoming';
}

export const careerRoadmap = defineSkill({
  id: 'career.roadmap',
  agentIds: [AgentId.career],
  title: 'Career roadmap',
  description:
    'Dated milestones for a chosen career: stream choice, preparation, registrations, entrance exams in their usual months, and admissions.',
  inputSchema,
  async run(input, ctx) {
    const career = CAREERS.find((c) => c.id === input.careerId);
    if (!career)
      throw invalid('careerId', `unknown career; choose one of: ${CAREERS.map((c) => c.id).join(', ')}`);
    const today = input.today ? (parseIsoDay(input.today) as number) : Math.floor(ctx.now / 86_400_000);
    const d = new Date(today * 86_400_000);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    // Indian school years run April–March; class-12 board exams are in Feb–March.
    const sessionStart = month >= 4 ? year : year - 1;
    const boardYear = sessionStart + 1 + (12 - input.currentClass);
    const now = mi(year, month);
    const items: { at: number; what: string }[] = [];
    if (input.currentClass <= 10)
      items.push({ at: mi(boardYear - 2, 4), what: `Start class 11 in ${career.streams.join(' or ')}` });
    const exams = career.exams.map((e) => ({ ...e, at: mi(boardYear + e.yearOffset, e.month) }));
    const first = Math.min(...exams.map((e) => e.at));
    items.push({
      at: Math.max(now, first - 18),
      what: `Begin focused preparation (${career.skills
        .slice(0, 2)
        .map((s) => s.skill)
        .join(', ')})`,
    });
    items.push({ at: Math.max(now, first - 6), what: 'Monthly full-length mock tests' });
    items.push({ at: mi(boardYear, 2), what: 'Class 12 board exams (Feb–Mar)' });
    for (const e of exams) {
      items.push({ at: e.at - 2, what: `Register for ${e.name}` });
      items.push({ at: e.at, what: e.name });
    }
    const last = Math.max(...exams.map((e) => e.at));
    items.push({ at: last + 1, what: `Results and counselling / admissions → ${career.path}` });
    const milestones: Milestone[] = items
      .sort((a, b) => a.at - b.at)
      .map((x) => {
        const { y, m } = fromMi(x.at);
        return {
          when: label(y, m),
          monthIndex: x.at,
          what: x.what,
          status: x.at < now ? 'done' : 'upcoming',
        };
      });
    const ordered = milestones.every(
      (m, i) => i === 0 || (milestones[i - 1]?.monthIndex ?? 0) <= m.monthIndex,
    );
    const missed = milestones.filter(
      (m) =>
        m.status === 'done' &&
        /Register|JEE|NEET|CLAT|NATA|CUET|NDA|UCEED|NID|NIFT|IPMAT|NCHM|BITSAT|CSEET|CA Foundation|AILET/.test(
          m.what,
        ),
    );
    const checks = [
      check('chronological', ordered, `${milestones.length} milestones in order`),
      check(
        'nothing missed',
        missed.length === 0,
        missed.length === 0
          ? 'every registration and exam is still ahead'
          : `already past: ${missed.map((m) => m.what).join(', ')} — aim for the next cycle`,
      ),
    ];
    const markdown = doc(
      `# Roadmap: ${career.title}`,
      `Today ${formatDay(today)} · class ${input.currentClass} · board exams in ${boardYear} · path: ${career.path}`,
      table(
        ['When', 'Milestone', 'Status'],
        milestones.map((m) => [m.when, m.what, m.status]),
      ),
      '_Exam months are typical; confirm dates on each official website every year._',
      checksSection(checks),
    );
    return offlineResult(
      { career: career.title, boardYear, milestones },
      {
        summary: `${milestones.filter((m) => m.status === 'upcoming').length} upcoming milestones to become a ${career.title.toLowerCase()}`,
        markdown,
        checks,
        confidence: 0.8,
        selfChecksPassed: ordered,
      },
    );
  },
});
