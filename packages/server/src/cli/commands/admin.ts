// `waooaw admin create-user`: creates an operator or admin on a fresh platform (issue 15). The password
// comes from stdin (`--password-stdin`), never the command line; without it a one-time set-password
// link goes to the user's mail and — when mail stays in the outbox (no SMTP) — is printed here once.
import type { Command } from 'commander';
import { systemClock } from '../../clock.js';
import { PasswordSchema } from '../../contracts/contracts.js';
import { PlatformError } from '../../errors.js';
import { createIds } from '../../ids.js';
import { createMailerFromConfig } from '../../mail/mailer-from-config.js';
import { StaffService, type StaffRole } from '../../marketplace/accounts/staff-service.js';
import { resolveSecretReferences } from '../../components/security/secret-references.js';
import { print } from './shared.js';
import { withSecurity } from './security-shared.js';
import { readStdin } from './stdin.js';

const ROLES: readonly StaffRole[] = ['operator', 'admin'];

export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('staff accounts: operators and admins');
  admin
    .command('create-user')
    .description('create an operator or admin (password from stdin, or a one-time set-password link)')
    .requiredOption('--email <email>', "the user's email (their log-in)")
    .requiredOption('--role <role>', 'admin or operator')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--password-stdin', 'read the password from stdin (at least 10 characters)')
    .action(
      async (opts: { email: string; role: string; name?: string; passwordStdin?: boolean }, cmd: Command) => {
        const role = opts.role as StaffRole;
        if (!ROLES.includes(role))
          throw new PlatformError('VALIDATION', '--role must be admin or operator', {
            details: { field: 'role' },
          });
        const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
        if (password !== undefined) {
          const checked = PasswordSchema.safeParse(password);
          if (!checked.success)
            throw new PlatformError(
              'VALIDATION',
              `password ${checked.error.issues[0]?.message ?? 'is invalid'}`,
              {
                details: { field: 'password' },
              },
            );
        }
        await withSecurity(cmd, async ({ audit, secrets }, loaded, store) => {
          const config = await resolveSecretReferences(loaded, secrets);
          const ids = createIds();
          const mailer = createMailerFromConfig(config, store, ids);
          const staff = new StaffService({
            store,
            clock: systemClock,
            ids,
            mailer,
            ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
          });
          const created = await staff.create({
            email: opts.email,
            role,
            ...(opts.name ? { name: opts.name } : {}),
            ...(password !== undefined ? { password } : {}),
          });
          await audit.append({
            actor: 'cli',
            action: 'staff.user.create',
            resource: `user:${created.user.id}`,
            result: 'success',
            details: { role, passwordSet: password !== undefined },
          });
          print(`Created ${role} ${created.user.email} (${created.user.id}).`);
          if (created.setPasswordUrl) {
            if (mailer.transport === 'smtp')
              print('A one-time link to choose a password was mailed to them.');
            else
              print(
                `One-time link to choose a password (valid 7 days, shown once): ${created.setPasswordUrl}`,
              );
          }
        });
      },
    );
}
