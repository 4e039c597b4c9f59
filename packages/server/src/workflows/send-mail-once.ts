// Mail from a workflow step, sent once per idempotency key. With the stored outbox the mail and its
// effect record commit together (exactly once); SMTP cannot join a transaction, so it is at least once.
import type { Ids } from '../ids.js';
import type { Mailer, OutgoingMail } from '../marketplace/mail/mailer.js';
import { createOutboxMailer } from '../marketplace/mail/store-mailer.js';
import type { EffectLedger } from './effect-ledger.js';

export interface MailOnceDeps {
  ledger: EffectLedger;
  mailer: Mailer;
  ids: Ids;
}

/** Sends `mail` unless a mail was already sent under `key`; resolves with the stored mail id. */
export async function sendMailOnce(deps: MailOnceDeps, key: string, mail: OutgoingMail): Promise<string> {
  if (deps.mailer.transport === 'outbox') {
    return deps.ledger.inTransaction(
      key,
      async (tx) => (await createOutboxMailer(tx, deps.ids).send(mail)).id,
    );
  }
  return deps.ledger.once(key, { run: async () => (await deps.mailer.send(mail)).id });
}
