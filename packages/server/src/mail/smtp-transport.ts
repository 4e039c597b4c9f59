// The SMTP adapter of the MailTransport port (nodemailer): built by the composition root when
// `config.mail.smtpUrl` is set, so no feature constructs a mail client itself.
import nodemailer from 'nodemailer';
import type { MailTransport } from '../marketplace/mail/mailer.js';

/** Delivers plain-text mail through an `smtp://` or `smtps://` URL. */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail(message);
    },
  };
}
