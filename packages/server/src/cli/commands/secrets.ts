// `waooaw secrets set|list|delete|rotate-master-key`: platform (or a tenant's) secrets. Values are
// read from stdin or a file — never from the command line, which other users can see — and never
// printed. Rotation re-encrypts every secret under a new master key, then swaps the key file.
import { readFileSync, renameSync } from 'node:fs';
import type { Command } from 'commander';
import { generateMasterKey } from '../../components/security/envelope.js';
import { writeKeyFile } from '../../components/security/key-files.js';
import { PlatformError } from '../../errors.js';
import { print } from './shared.js';
import { withSecurity } from './security-shared.js';
import { readStdin } from './stdin.js';

const cli = (purpose: string) => ({ actor: 'cli', purpose });

export function registerSecretsCommand(program: Command): void {
  const secrets = program.command('secrets').description('manage encrypted secrets and the master key');
  secrets
    .command('set <name>')
    .description(
      'store or replace a secret; the value comes from stdin or --from-file, never the command line',
    )
    .option(
      '--tenant <id>',
      "a tenant's secret (default: the platform's, usable as secret:<name> in settings)",
    )
    .option('--from-file <path>', 'read the value from this file instead of stdin')
    .action(async (name: string, opts: { tenant?: string; fromFile?: string }, cmd: Command) => {
      const raw = opts.fromFile ? readFileSync(opts.fromFile, 'utf8') : await readStdin();
      const value = raw.replace(/\r?\n$/, '');
      await withSecurity(cmd, async ({ secrets: store }) => {
        const meta = await store.put({ tenantId: opts.tenant ?? null, name }, value, cli('cli set'));
        print(`Stored ${meta.tenantId ?? 'platform'}/${meta.name} (version ${meta.version}).`);
      });
    });
  secrets
    .command('list')
    .description('names and versions (never values)')
    .option('--tenant <id>', "a tenant's secrets (default: the platform's)")
    .action(async (opts: { tenant?: string }, cmd: Command) => {
      await withSecurity(cmd, async ({ secrets: store }) => {
        const items = await store.list(opts.tenant ?? null);
        for (const s of items)
          print(
            `${s.name}  v${s.version}  updated ${new Date(s.updatedAt).toISOString()}  key ${s.masterKeyId}`,
          );
        print(`${items.length} secret(s).`);
      });
    });
  secrets
    .command('delete <name>')
    .description('delete a secret')
    .option('--tenant <id>', "a tenant's secret (default: the platform's)")
    .action(async (name: string, opts: { tenant?: string }, cmd: Command) => {
      await withSecurity(cmd, async ({ secrets: store }) => {
        const deleted = await store.delete({ tenantId: opts.tenant ?? null, name }, cli('cli delete'));
        if (!deleted) throw new PlatformError('NOT_FOUND', `No secret ${name}`);
        print(`Deleted ${name}.`);
      });
    });
  secrets
    .command('rotate-master-key')
    .description(
      're-encrypt every secret under a new master key; with a key file, the new key replaces it (the old one is kept as .previous)',
    )
    .option(
      '--new-key-file <path>',
      'the new master key (32 bytes, base64 or hex); generated when the key lives in a file',
    )
    .action(async (opts: { newKeyFile?: string }, cmd: Command) => {
      await withSecurity(cmd, async ({ secrets: store, masterKey }) => {
        const path = masterKey.path;
        if (!opts.newKeyFile && !path)
          throw new PlatformError(
            'VALIDATION',
            'The master key comes from WAOOAW_MASTER_KEY (not a file): give the new one with --new-key-file <path>',
            { details: { field: 'new-key-file' } },
          );
        await store.checkMasterKey();
        const next = opts.newKeyFile ? readFileSync(opts.newKeyFile, 'utf8').trim() : generateMasterKey();
        // Written before the database changes, so an interruption never leaves secrets under a lost key.
        const pending = !opts.newKeyFile && path ? `${path}.next` : undefined;
        if (pending) writeKeyFile(pending, next);
        const previousId = store.masterKeyId;
        const result = await store.rotateMasterKey(next, cli('rotate-master-key'));
        if (pending && path) {
          renameSync(path, `${path}.previous`);
          renameSync(pending, path);
          print(
            `The new key is in ${path}; the old one (${previousId}) is in ${path}.previous — move it offline.`,
          );
        } else {
          print(
            `Now configure the new key: WAOOAW_MASTER_KEY_FILE=${opts.newKeyFile} (or WAOOAW_MASTER_KEY).`,
          );
        }
        print(`Re-encrypted ${result.reencrypted} secret(s) under master key ${result.masterKeyId}.`);
      });
    });
}
