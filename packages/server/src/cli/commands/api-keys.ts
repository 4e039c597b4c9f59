// `waooaw api-keys create|list|revoke`: job workers' API keys (decision 0032). A new key is printed once
// and kept only as a hash; a revoked key is refused from the next request on. Audited as `cli`.
import type { Command } from 'commander';
import { systemClock } from '../../clock.js';
import { createApiKeyService } from '../../components/security/api-keys.js';
import { PlatformError } from '../../errors.js';
import { print } from './shared.js';
import { withSecurity } from './security-shared.js';

export function registerApiKeysCommand(program: Command): void {
  const keys = program.command('api-keys').description("manage job workers' API keys");
  keys
    .command('create')
    .description('issue a key for an organisation and job types; the key is printed once')
    .requiredOption('--tenant <id>', 'the organisation whose workflow jobs it may work')
    .requiredOption('--name <name>', 'what the key is for (e.g. the worker)')
    .requiredOption(
      '--job-types <types>',
      'comma-separated job types; a prefix ending in * (or * alone) allowed',
    )
    .action(async (opts: { tenant: string; name: string; jobTypes: string }, cmd: Command) => {
      await withSecurity(cmd, async ({ audit }, _config, store) => {
        if (!(await store.tenants.get(opts.tenant)))
          throw new PlatformError('NOT_FOUND', `Organisation ${opts.tenant} does not exist`);
        const service = createApiKeyService({ documents: store.documents, clock: systemClock });
        const jobTypes = opts.jobTypes
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const { key, record } = await service.create({
          tenantId: opts.tenant,
          name: opts.name,
          jobTypes,
          createdBy: 'cli',
        });
        await audit.append({
          actor: 'cli',
          action: 'api-key.create',
          resource: `api-key:${record.id}`,
          result: 'success',
          tenantId: opts.tenant,
          details: { name: record.name, jobTypes: record.jobTypes },
        });
        print(`Created API key ${record.id} for ${opts.tenant} (${jobTypes.join(', ')}).`);
        print(`Key (shown once): ${key}`);
      });
    });
  keys
    .command('list')
    .description('keys (never the keys themselves)')
    .option('--tenant <id>', "one organisation's keys")
    .action(async (opts: { tenant?: string }, cmd: Command) => {
      await withSecurity(cmd, async (_security, _config, store) => {
        const service = createApiKeyService({ documents: store.documents, clock: systemClock });
        const items = await service.list(opts.tenant);
        for (const k of items)
          print(
            `${k.id}  ${k.tenantId}  ${k.name}  [${k.jobTypes.join(', ')}]  ${k.revokedAt === null ? 'active' : 'revoked'}`,
          );
        print(`${items.length} key(s).`);
      });
    });
  keys
    .command('revoke <id>')
    .description('revoke a key at once')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withSecurity(cmd, async ({ audit }, _config, store) => {
        await createApiKeyService({ documents: store.documents, clock: systemClock }).revoke(id);
        await audit.append({
          actor: 'cli',
          action: 'api-key.revoke',
          resource: `api-key:${id}`,
          result: 'success',
        });
        print(`Revoked ${id}.`);
      });
    });
}
