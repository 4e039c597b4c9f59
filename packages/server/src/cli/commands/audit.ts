// `waooaw audit verify|checkpoint|list`: check the audit trail (exit 1 on tampering, naming the first
// bad entry), anchor its head now, or show recent entries.
import type { Command } from 'commander';
import { print, printJson } from './shared.js';
import { withSecurity } from './security-shared.js';

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('verify and inspect the tamper-evident audit trail');
  audit
    .command('verify')
    .description(
      'check every entry (chain, hashes, Ed25519 signatures) and the checkpoint anchored outside the database; exit 1 naming the first bad entry',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withSecurity(cmd, async ({ audit: log }) => {
        const v = await log.verify();
        if (opts.json) printJson(v);
        else if (v.valid)
          print(
            `✔ audit trail intact: ${v.checked} entries, signatures ${v.signed ? 'checked' : 'NOT checked'}, ` +
              (v.anchor
                ? `anchored at entry ${v.anchor.seq} (${v.anchor.location})`
                : 'no anchored checkpoint yet'),
          );
        else
          print(
            `✖ audit trail tampered: ${v.message} [${v.reason}] (${v.checked} entries checked before it)`,
          );
        if (!v.valid) process.exitCode = 1;
      });
    });
  audit
    .command('checkpoint')
    .description('sign the head of the chain now and write it to the anchor outside the database')
    .action(async (_opts: unknown, cmd: Command) => {
      await withSecurity(cmd, async ({ audit: log, anchor }) => {
        const cp = await log.checkpoint();
        print(cp ? `Anchored entry ${cp.seq} in ${anchor.location}.` : 'The audit trail is empty.');
      });
    });
  audit
    .command('list')
    .description('show entries, newest first')
    .option('--action <action>', 'an action, or a prefix ending in "." (auth.)')
    .option('--actor <actor>', 'only this actor (user:<id>, system…)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      async (opts: { action?: string; actor?: string; limit: string; json?: boolean }, cmd: Command) => {
        await withSecurity(cmd, async ({ audit: log }) => {
          const page = await log.list({
            order: 'desc',
            limit: Number(opts.limit),
            ...(opts.action ? { action: opts.action } : {}),
            ...(opts.actor ? { actor: opts.actor } : {}),
          });
          if (opts.json) return printJson(page);
          for (const e of page.items)
            print(
              `${e.seq}  ${new Date(e.at).toISOString()}  ${e.actor}  ${e.action}  ${e.resource}  ${e.result}`,
            );
          print(`${page.items.length} shown.`);
        });
      },
    );
}
