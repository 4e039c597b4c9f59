// The mailer the config asks for: SMTP when `mail.smtpUrl` is set (already resolved from a secret
// reference), otherwise the outbox the app shows. Shared by the platform and the CLI.
import type { Config } from '../config.js';
import type { Ids } from '../ids.js';
import type { Logger } from '../components/observability/logger.js';
import type { Mailer } from '../marketplace/mail/mailer.js';
import { createOutboxMailer, createSmtpMailer } from '../marketplace/mail/store-mailer.js';
import type { Store } from '../store/store.js';
import { createSmtpTransport } from './smtp-transport.js';

/** Without SMTP, `logger` gets the one line that carries a password-reset link (the offline reset path). */
export function createMailerFromConfig(config: Config, store: Store, ids: Ids, logger?: Logger): Mailer {
  return config.mail.smtpUrl
    ? createSmtpMailer(store, ids, {
        transport: createSmtpTransport(config.mail.smtpUrl),
        from: config.mail.from,
      })
    : createOutboxMailer(store, ids, logger);
}
