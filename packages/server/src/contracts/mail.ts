// The mail outbox as the API shows it: each message a user was sent, by kind.
import { z } from 'zod';
import { TimestampSchema, IdSchema, pageSchema } from './common.js';

export const MailKindSchema = z.enum([
  'verify-email',
  'password-reset',
  'trial-started',
  'trial-reminder',
  'trial-expired',
  'trial-grace-ended',
  'hire-confirmed',
  'invoice',
  'approval-needed',
  'other',
  'budget-alert',
]);
export type MailKind = z.infer<typeof MailKindSchema>;

export const MailMessageSchema = z.object({
  id: IdSchema,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  kind: MailKindSchema,
  /** The main link of the mail (verification, reset, dashboard), so the UI can show it offline. */
  actionUrl: z.string().optional(),
  /** How it left: `outbox` (kept here, no SMTP configured) or `smtp`. */
  transport: z.enum(['outbox', 'smtp']),
  createdAt: TimestampSchema,
});
export type MailMessage = z.infer<typeof MailMessageSchema>;
export const MailPageSchema = pageSchema(MailMessageSchema);
