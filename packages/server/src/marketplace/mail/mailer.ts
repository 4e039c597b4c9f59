// The mail port. Every outgoing mail is recorded (the outbox the UI shows); the adapter decides
// whether it also leaves through SMTP.
import type { MailKind } from '../../contracts/contracts.js';

export interface OutgoingMail {
  /** Recipient account, when the mail is for a user (outbox visibility follows it). */
  userId: string | null;
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  kind: MailKind;
  /** The main link of the mail, shown by the UI when mail stays in the outbox. */
  actionUrl?: string;
  /**
   * The link is a credential for someone who is not signed in (a password reset): it is never kept in
   * the outbox. Without SMTP it goes to the platform log instead — the operator's offline path.
   */
  secretLink?: boolean;
}

export interface Mailer {
  /** `outbox` keeps mail viewable in the app; `smtp` delivers it. */
  readonly transport: 'outbox' | 'smtp';
  /**
   * Records the mail and, for SMTP, delivers it. Resolves with the stored id. UNAVAILABLE when the
   * SMTP server refuses or does not answer (the mail is still recorded).
   */
  send(mail: OutgoingMail): Promise<{ id: string }>;
}

/** Where mail leaves the platform (SMTP in production); rejects when the server refuses or is unreachable. */
export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
}
