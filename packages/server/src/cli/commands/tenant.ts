// `waooaw tenant export|erase`: a tenant's data rights from the command line (issue 15), the same
// service and audit entries as the admin routes (`/api/v1/admin/tenants/:id/…`), actor `cli`.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../../clock.js';
import { TenantDataService } from '../../marketplace/data-rights/tenant-data-service.js';
import { print, printJson } from './shared.js';
import { withSecurity } from './security-shared.js';

export function registerTenantCommand(program: Command): void {
  const tenant = program.command('tenant').description("an organisation's data: export and erasure");
  tenant
    .command('export <tenantId>')
    .description('everything the store holds for the organisation, as JSON (stdout, or --out FILE)')
    .option('--out <file>', 'write the JSON to this file')
    .action(async (tenantId: string, opts: { out?: string }, cmd: Command) => {
      await withSecurity(cmd, async ({ audit }, _config, store) => {
        const data = await new TenantDataService({ store, clock: systemClock }).export(tenantId);
        await audit.append({
          actor: 'cli',
          action: 'tenant.export',
          resource: `tenant:${tenantId}`,
          result: 'success',
          details: { tables: Object.keys(data.tables).length },
        });
        if (!opts.out) return printJson(data);
        writeFileSync(opts.out, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
        print(`Exported ${Object.keys(data.tables).length} table(s) of ${tenantId} to ${opts.out}.`);
      });
    });
  tenant
    .command('erase <tenantId>')
    .description("erase the organisation's personal data (right to be forgotten); the audit trail is kept")
    .requiredOption('--reason <text>', 'why (a ticket or request reference), kept in the audit trail')
    .action(async (tenantId: string, opts: { reason: string }, cmd: Command) => {
      await withSecurity(cmd, async ({ audit }, _config, store) => {
        const result = await new TenantDataService({ store, clock: systemClock }).erase(tenantId);
        await audit.append({
          actor: 'cli',
          action: 'tenant.erase',
          resource: `tenant:${tenantId}`,
          result: 'success',
          tenantId,
          details: { reason: opts.reason, tables: result.tables },
        });
        const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
        print(
          `Erased ${tenantId}: ${rows} row(s) deleted or anonymised in ${Object.keys(result.tables).length} table(s).`,
        );
      });
    });
}
