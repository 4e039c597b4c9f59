import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { createIds } from '../../ids.js';
import { createSqlStore, type SqlStore } from '../../store/sql-store.js';
import type { MailRecord } from '../../store/marketplace-records.js';
import { createSmtpTransport } from '../../mail/smtp-transport.js';
import { createOutboxMailer, createSmtpMailer } from './store-mailer.js';

/** A minimal SMTP server on loopback that records each message (or refuses every recipient). */
function fakeSmtp(
  options: { refuse?: boolean } = {},
): Promise<{ server: Server; port: number; messages: string[] }> {
  const messages: string[] = [];
  const server = createServer((socket: Socket) => {
    let data = '';
    let inData = false;
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
      let idx: number;
      while ((idx = data.indexOf('\r\n')) >= 0) {
        const line = data.slice(0, idx);
        data = data.slice(idx + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 queued\r\n');
          } else messages[messages.length - 1] += `${line}\n`;
          continue;
        }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') socket.write('250 fake\r\n');
        else if (cmd === 'MAIL') socket.write('250 ok\r\n');
        else if (cmd === 'RCPT') socket.write(options.refuse ? '550 no such user\r\n' : '250 ok\r\n');
        else if (cmd === 'DATA') {
          inData = true;
          messages.push('');
          socket.write('354 go\r\n');
        } else if (cmd === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port, messages }),
    ),
  );
}

let store: SqlStore;
let server: Server | undefined;
const clock = new FakeClock();
const ids = createIds(() => clock.now());
const mail = {
  userId: 'usr_1',
  tenantId: 'ten_1',
  to: 'ann@acme.com',
  subject: 'Verify',
  text: 'Open /verify-email?token=secret',
  kind: 'verify-email' as const,
  actionUrl: '/verify-email?token=secret',
};

beforeEach(async () => {
  store = await createSqlStore({ dialect: 'sqlite', path: ':memory:' }, { clock });
  await store.migrate();
});
afterEach(async () => {
  await store.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function stored(): Promise<MailRecord[]> {
  return (await store.mail.list({})).items.map((d) => d.data);
}

describe('outbox mailer', () => {
  it('keeps the whole mail, link included, for the app to show', async () => {
    await createOutboxMailer(store, ids).send(mail);
    expect(await stored()).toEqual([
      {
        userId: 'usr_1',
        to: 'ann@acme.com',
        subject: 'Verify',
        text: mail.text,
        kind: 'verify-email',
        actionUrl: mail.actionUrl,
        transport: 'outbox',
      },
    ]);
  });
});

describe('SMTP mailer', () => {
  it('delivers through SMTP and records the mail without its one-time link', async () => {
    const smtp = await fakeSmtp();
    server = smtp.server;
    const mailer = createSmtpMailer(store, ids, {
      transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`),
      from: 'WAOOAW <no-reply@waooaw.local>',
    });
    await mailer.send(mail);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toContain('Subject: Verify');
    expect(smtp.messages[0]).toContain('token=secret');
    const [record] = await stored();
    expect(record).toMatchObject({
      transport: 'smtp',
      actionUrl: null,
      text: 'Sent by email to ann@acme.com.',
    });
    expect(JSON.stringify(record)).not.toContain('secret');
  });

  it('fails with UNAVAILABLE when the server refuses, and records the failure', async () => {
    const smtp = await fakeSmtp({ refuse: true });
    server = smtp.server;
    const mailer = createSmtpMailer(store, ids, {
      transport: createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`),
      from: 'x@y.z',
    });
    await expect(mailer.send(mail)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect((await stored())[0]?.subject).toBe('[not delivered] Verify');
  });
});
