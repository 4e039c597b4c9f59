// Commercial arithmetic with working: percentages, percent change, profit and loss, discounts
// (successive too), simple and compound interest — each answer re-derived a second way.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, round } from '../shared/checks.js';
import { bullets, checksSection, doc } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const pos = z.number().positive().max(1e12);
const rate = z.number().min(0).max(1000);

const inputSchema = z.object({
  currency: z.string().trim().length(3).default('INR'),
  problem: z.discriminatedUnion('type', [
    z.object({ type: z.literal('percent-of'), percent: rate, of: z.number().finite().min(-1e12).max(1e12) }),
    z.object({ type: z.literal('what-percent'), part: z.number().finite().min(-1e12).max(1e12), whole: pos }),
    z.object({ type: z.literal('percent-change'), from: pos, to: z.number().min(0).max(1e12) }),
    z.object({ type: z.literal('profit-loss'), costPrice: pos, sellingPrice: z.number().min(0).max(1e12) }),
    z.object({
      type: z.literal('discount'),
      markedPrice: pos,
      discounts: z.array(z.number().min(0).max(100)).min(1).max(5),
    }),
    z.object({
      type: z.literal('simple-interest'),
      principal: pos,
      ratePercent: rate,
      years: z.number().positive().max(100),
    }),
    z.object({
      type: z.literal('compound-interest'),
      principal: pos,
      ratePercent: rate,
      years: z.number().int().positive().max(100),
      timesPerYear: z.number().int().min(1).max(365).default(1),
    }),
  ]),
});

export const homeworkPercentInterest = defineSkill({
  id: 'homework.percent-interest',
  agentIds: [AgentId.homework],
  title: 'Percentages, profit and interest',
  description:
    'Percentages, percent change, profit and loss, successive discounts, simple and compound interest with steps and a second-method check.',
  inputSchema,
  async run(input) {
    const p = input.problem;
    const m = (x: number) => money(x, input.currency);
    let answer: string;
    let value: number;
    let steps: string[];
    let verified: boolean;
    switch (p.type) {
      case 'percent-of':
        value = (p.percent / 100) * p.of;
        steps = [`${p.percent}% of ${p.of} = ${p.percent}/100 × ${p.of}`, `= ${round(value, 4)}`];
        verified = Math.abs((value / p.of) * 100 - p.percent) < 1e-9 || p.of === 0;
        answer = String(round(value, 4));
        break;
      case 'what-percent':
        value = (p.part / p.whole) * 100;
        steps = [`Percentage = part ÷ whole × 100 = ${p.part} ÷ ${p.whole} × 100`, `= ${round(value, 4)}%`];
        verified = Math.abs((value / 100) * p.whole - p.part) < 1e-9 * Math.max(1, Math.abs(p.part));
        answer = `${round(value, 4)}%`;
        break;
      case 'percent-change':
        value = ((p.to - p.from) / p.from) * 100;
        steps = [
          `Change = ${p.to} − ${p.from} = ${round(p.to - p.from, 4)}`,
          `Percent change = change ÷ original × 100 = ${round(value, 4)}%`,
          value >= 0 ? 'It is an increase.' : 'It is a decrease.',
        ];
        verified = Math.abs(p.from * (1 + value / 100) - p.to) < 1e-9 * Math.max(1, p.to);
        answer = `${value >= 0 ? '+' : ''}${round(value, 4)}%`;
        break;
      case 'profit-loss': {
        const diff = p.sellingPrice - p.costPrice;
        value = (diff / p.costPrice) * 100;
        steps = [
          `${diff >= 0 ? 'Profit' : 'Loss'} = SP − CP = ${m(p.sellingPrice)} − ${m(p.costPrice)} = ${m(Math.abs(diff))}`,
          `${diff >= 0 ? 'Profit' : 'Loss'} % = ${m(Math.abs(diff))} ÷ ${m(p.costPrice)} × 100 = ${round(Math.abs(value), 4)}%`,
        ];
        verified = Math.abs(p.costPrice * (1 + value / 100) - p.sellingPrice) < 1e-6;
        answer = `${diff >= 0 ? 'profit' : 'loss'} of ${m(Math.abs(diff))} (${round(Math.abs(value), 4)}%)`;
        break;
      }
      case 'discount': {
        let price = p.markedPrice;
        steps = [`Marked price ${m(price)}`];
        for (const d of p.discounts) {
          const next = price * (1 - d / 100);
          steps.push(`${d}% off ${m(price)} = ${m(price)} − ${m(price - next)} = ${m(next)}`);
          price = next;
        }
        value = price;
        const single = (1 - price / p.markedPrice) * 100;
        if (p.discounts.length > 1)
          steps.push(
            `Equivalent single discount = ${round(single, 4)}% (not ${p.discounts.reduce((a, b) => a + b, 0)}%).`,
          );
        // Second method: multiply the remaining fractions.
        verified =
          Math.abs(p.discounts.reduce((acc, d) => acc * (1 - d / 100), p.markedPrice) - price) < 1e-6;
        answer = `selling price ${m(price)} (total discount ${round(single, 4)}%)`;
        break;
      }
      case 'simple-interest': {
        const si = (p.principal * p.ratePercent * p.years) / 100;
        value = si;
        steps = [
          'SI = P × R × T / 100',
          `= ${m(p.principal)} × ${p.ratePercent} × ${p.years} / 100 = ${m(si)}`,
          `Amount = P + SI = ${m(p.principal + si)}`,
        ];
        let yearly = 0;
        for (let y = 0; y < Math.floor(p.years); y++) yearly += (p.principal * p.ratePercent) / 100;
        yearly += ((p.years - Math.floor(p.years)) * p.principal * p.ratePercent) / 100;
        verified = Math.abs(yearly - si) < 1e-6;
        answer = `interest ${m(si)}, amount ${m(p.principal + si)}`;
        break;
      }
      case 'compound-interest': {
        const n = p.timesPerYear;
        const amount = p.principal * (1 + p.ratePercent / 100 / n) ** (n * p.years);
        value = amount - p.principal;
        steps = [
          `A = P(1 + R/(100·n))^(n·T) with n = ${n}`,
          `= ${m(p.principal)} × (1 + ${p.ratePercent}/${100 * n})^${n * p.years} = ${m(amount)}`,
          `CI = A − P = ${m(value)}`,
        ];
        // Second method: compound period by period.
        let bal = p.principal;
        for (let k = 0; k < n * p.years; k++) bal += (bal * p.ratePercent) / 100 / n;
        verified = Math.abs(bal - amount) < 1e-6 * Math.max(1, amount);
        answer = `amount ${m(amount)}, compound interest ${m(value)}`;
        break;
      }
    }
    const checks = [check('answer verified', verified, 'recomputed a second way')];
    const markdown = doc(
      `# ${p.type.replace('-', ' ')}`,
      `**Answer:** ${answer}`,
      '## Steps',
      bullets(steps),
      checksSection(checks),
    );
    return offlineResult(
      { type: p.type, value: round(value, 6), answer, steps },
      { summary: answer, markdown, checks, confidence: 1, selfChecksPassed: verified },
    );
  },
});
