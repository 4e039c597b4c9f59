// Mailers: the stored outbox (default, offline) and delivery through a MailTransport (SMTP). Both keep a record
// per mail; the SMTP record omits the body because it may hold one-time links, and no record keeps a
// secret link (password reset): without SMTP that link is written to the platform log, one line.
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import { PlatformError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import type { MailRecord } from '../../store/marketplace-records.js';
import type { MailTransport, Mailer, OutgoingMail } from './mailer.js';

async function record(
  store: Store,
  ids: Ids,
  mail: OutgoingMail,
  transport: 'outbox' | 'smtp',
): Promise<{ id: string }> {
  const id = ids.next('mail');
  const keepBody = transport === 'outbox' && !mail.secretLink;
  const data: MailRecord = {
    userId: mail.userId,
    to: mail.to,
    subject: mail.subject,
    text: keepBody
      ? mail.text
      : transport === 'outbox'
        ? `A one-time link for ${mail.to} was written to the platform log (no mail server is configured).`
        : `Sent by email to ${mail.to}.`,
    kind: mail.kind,
    actionUrl: keepBody ? (mail.actionUrl ?? null) : null,
    transport,
  };
  await store.mail.insert({
    id,
    tenantId: mail.tenantId,
    data,
  });
  return { id };
}

/**
 * Keeps every mail in the store, viewable by its recipient through GET /api/v1/mail/outbox; a secret
 * link (password reset) goes to `logger` at info level instead, naming the recipient.
 */
export function createOutboxMailer(store: Store, ids: Ids, logger?: Logger): Mailer {
  return {
    transport: 'outbox',
    async send(mail) {
      if (mail.secretLink && mail.actionUrl)
        logger?.info(
          { mailTo: mail.to, mailKind: mail.kind },
          `${mail.kind} link for ${mail.to}: ${mail.actionUrl} (no SMTP server is configured; pass it to the address's owner)`,
        );
      return record(store, ids, mail, 'outbox');
    },
  };
}

/** Delivers through `transport` (SMTP) and records that it did. */
export function createSmtpMailer(
  store: Store,
  ids: Ids,
  options: { transport: MailTransport; from: string },
): Mailer {
  const { transport } = options;
  return {
    transport: 'smtp',
    async send(mail) {
      try {
        await transport.send({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
      } catch (cause) {
        await record(store, ids, { ...mail, subject: `[not delivered] ${mail.subject}` }, 'smtp');
        throw new PlatformError('UNAVAILABLE', `SMTP delivery failed: ${(cause as Error).message}`, {
          cause,
          details: { kind: mail.kind },
        });
      }
      return record(store, ids, mail, 'smtp');
    },
  };
}
