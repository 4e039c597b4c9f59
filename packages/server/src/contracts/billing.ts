// Hires and billing: hires, pause/resume/cancel, manual invoices and reviews of a hire.
import { z } from 'zod';
import { TimestampSchema, IdSchema, pageSchema, MoneySchema } from './common.js';

export const PlanSchema = z.enum(['monthly', 'annual']);
export type Plan = z.infer<typeof PlanSchema>;

export const ConvertTrialRequestSchema = z.object({ plan: PlanSchema });
export type ConvertTrialRequest = z.infer<typeof ConvertTrialRequestSchema>;

export const HireStatusSchema = z.enum(['active', 'paused', 'cancelled']);
export type HireStatus = z.infer<typeof HireStatusSchema>;

export const HireSchema = z.object({
  id: IdSchema,
  trialId: IdSchema,
  agentId: z.string(),
  agentName: z.string(),
  instanceName: z.string(),
  plan: PlanSchema,
  status: HireStatusSchema,
  /** Price per billing period (a month, or a year with the annual discount). */
  price: MoneySchema,
  startedAt: TimestampSchema,
  currentPeriodEnd: TimestampSchema,
  pausedAt: TimestampSchema.nullable(),
  cancelledAt: TimestampSchema.nullable(),
  /** The review left for this hire, if any. */
  reviewId: IdSchema.nullable(),
  /** The agent instance working for you: the one its trial started. */
  instanceId: IdSchema,
});
export type Hire = z.infer<typeof HireSchema>;
export const HirePageSchema = pageSchema(HireSchema);

export const InvoiceSchema = z.object({
  id: IdSchema,
  number: z.string(),
  hireId: IdSchema,
  status: z.enum(['open', 'paid', 'void']),
  total: MoneySchema,
  lines: z.array(z.object({ description: z.string(), amount: z.number() })),
  periodStart: TimestampSchema,
  periodEnd: TimestampSchema,
  issuedAt: TimestampSchema,
  dueAt: TimestampSchema,
  paidAt: TimestampSchema.nullable(),
  /** Billing adapter that issued it (`manual` here; Stripe / Razorpay later). */
  provider: z.string(),
  /** Prices include tax: the total without it, and the tax line. */
  subtotal: MoneySchema,
  tax: z.object({ name: z.string(), ratePercent: z.number(), amount: MoneySchema }),
  /** Locale the amounts are written in (`Intl.NumberFormat`), and the total written so. */
  locale: z.string(),
  totalText: z.string(),
  seller: z.object({
    name: z.string(),
    addressLines: z.array(z.string()),
    taxId: z.string().nullable(),
    email: z.string().nullable(),
  }),
  buyer: z.object({ organisation: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  /** How to pay: bank transfer details for manual invoices, a payment link for a card provider. */
  payment: z.object({
    method: z.enum(['bank-transfer', 'card-link']),
    reference: z.string(),
    summary: z.string(),
    details: z.array(z.object({ label: z.string(), value: z.string() })),
    url: z.string().optional(),
  }),
});
export type Invoice = z.infer<typeof InvoiceSchema>;
export const InvoicePageSchema = pageSchema(InvoiceSchema);

export const UpsertReviewRequestSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(''),
});
export type UpsertReviewRequest = z.input<typeof UpsertReviewRequestSchema>;
