// Deal desk: list vs net contract value, effective discount, price per seat per month, margin, and
// the approver the discount policy requires — with guidance on what to ask for in return.
import { z } from 'zod';
import { AgentId } from '../agent-ids.js';
import { check, money, offlineResult, round } from '../shared/checks.js';
import { bullets, checksSection, doc, table } from '../shared/markdown.js';
import { defineSkill } from '../skill.js';

const inputSchema = z
  .object({
    currency: z.string().trim().length(3).default('INR'),
    listPricePerSeatMonth: z.number().positive().max(1e9),
    seats: z.number().int().min(1).max(1_000_000),
    termMonths: z.number().int().min(1).max(120).default(12),
    discountPercent: z.number().min(0).max(100).optional(),
    /** Alternatively the total the customer asked to pay over the term. */
    requestedTotal: z.number().positive().max(1e13).optional(),
    costPerSeatMonth: z.number().min(0).max(1e9).optional(),
    minMarginPercent: z.number().min(0).max(100).default(60),
    policy: z
      .array(
        z.object({
          maxDiscountPercent: z.number().min(0).max(100),
          approver: z.string().trim().min(1).max(60),
        }),
      )
      .min(1)
      .max(10)
      .default([
        { maxDiscountPercent: 10, approver: 'Account executive' },
        { maxDiscountPercent: 20, approver: 'Sales manager' },
        { maxDiscountPercent: 30, approver: 'VP Sales' },
        { maxDiscountPercent: 100, approver: 'CFO' },
      ]),
  })
  .refine((v) => (v.discountPercent === undefined) !== (v.requestedTotal === undefined), {
    message: 'give exactly one of discountPercent or requestedTotal',
    path: ['discountPercent'],
  });

export const aeDiscountApproval = defineSkill({
  id: 'ae.discount-approval',
  agentIds: [AgentId.ae],
  title: 'Discount and approval check',
  description:
    'Contract value, effective discount, per-seat price and margin for a proposed deal, and who must approve it under your discount policy.',
  inputSchema,
  async run(input) {
    const list = input.listPricePerSeatMonth * input.seats * input.termMonths;
    const net = input.requestedTotal ?? list * (1 - (input.discountPercent ?? 0) / 100);
    const discount = (1 - net / list) * 100;
    const perSeatMonth = net / (input.seats * input.termMonths);
    const cost =
      input.costPerSeatMonth !== undefined
        ? input.costPerSeatMonth * input.seats * input.termMonths
        : undefined;
    const margin = cost !== undefined ? ((net - cost) / net) * 100 : undefined;
    const tiers = [...input.policy].sort((a, b) => a.maxDiscountPercent - b.maxDiscountPercent);
    const tier = tiers.find((t) => discount <= t.maxDiscountPercent + 1e-9) ?? tiers[tiers.length - 1];
    const m = (x: number) => money(x, input.currency);
    const asks = [
      discount > 10 ? 'Ask for a longer term or annual prepayment in exchange.' : '',
      discount > 15 ? 'Ask for a case study or reference call.' : '',
      discount > 20 ? 'Tie the price to a seat-growth commitment.' : '',
    ].filter(Boolean);
    const reconciles = Math.abs(list - net - (list * discount) / 100) < 0.01;
    const checks = [
      check(
        'arithmetic',
        reconciles,
        `list ${m(list)} − discount ${round(discount, 2)}% = net ${m(round(net, 2))}`,
      ),
      check(
        'margin floor',
        margin === undefined || margin >= input.minMarginPercent,
        margin === undefined
          ? 'no cost given'
          : `margin ${round(margin, 1)}% (floor ${input.minMarginPercent}%)`,
      ),
      check(
        'within own authority',
        tier?.approver === tiers[0]?.approver,
        `needs approval from ${tier?.approver}`,
      ),
    ];
    const markdown = doc(
      `# Deal desk: ${input.seats} seats × ${input.termMonths} months`,
      table(
        ['Item', 'Value'],
        [
          ['List contract value', m(list)],
          ['Net contract value', m(round(net, 2))],
          ['Effective discount', `${round(discount, 2)}%`],
          ['Net price per seat per month', m(round(perSeatMonth, 2))],
          ['Annual contract value', m(round((net / input.termMonths) * 12, 2))],
          ['Margin', margin === undefined ? '—' : `${round(margin, 1)}%`],
          ['Approver', tier?.approver ?? '—'],
        ],
      ),
      asks.length > 0 && `## Give-gets\n${bullets(asks)}`,
      checksSection(checks),
    );
    return offlineResult(
      {
        listValue: round(list, 2),
        netValue: round(net, 2),
        discountPercent: round(discount, 4),
        perSeatMonth: round(perSeatMonth, 2),
        marginPercent: margin === undefined ? null : round(margin, 2),
        approver: tier?.approver ?? null,
      },
      {
        summary: `${round(discount, 1)}% discount on ${m(list)} → approver: ${tier?.approver}`,
        markdown,
        checks,
        confidence: 0.99,
        selfChecksPassed: reconciles,
      },
    );
  },
});
