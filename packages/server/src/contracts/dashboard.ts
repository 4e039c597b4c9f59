// The customer dashboard: counts across trials, hires, approvals, deliverables and invoices.
import { z } from 'zod';
import { HireSchema } from './billing.js';
import { TrialSchema } from './trials.js';

export const MyAgentSchema = z.object({
  agentId: z.string(),
  agentName: z.string(),
  instanceName: z.string(),
  specialty: z.string(),
  tier: z.enum(['standard', 'premium']),
  /** `trial` with a countdown, or `hired`. */
  engagement: z.enum(['trial', 'hired']),
  trial: TrialSchema,
  hire: HireSchema.nullable(),
  /** Deliverables in the last 7 days. */
  weeklyOutput: z.number().int(),
  pendingApprovals: z.number().int(),
});
export type MyAgent = z.infer<typeof MyAgentSchema>;

export const DashboardSchema = z.object({
  agents: z.array(MyAgentSchema),
  pendingApprovals: z.number().int(),
  deliverablesThisWeek: z.number().int(),
  openInvoices: z.number().int(),
});
export type Dashboard = z.infer<typeof DashboardSchema>;
