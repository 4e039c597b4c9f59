// Row-level security on every other tenant-owned table (issue 14): the work orders and their triggers,
// jobs, the inbox, the agent runtime's work, decisions, budgets, documents, secrets, the audit trail —
// and the tenants table itself, by its id. Same policies as 0096; rows without a tenant (platform
// documents, budgets, secrets and audit entries) are visible only to the explicit bypass.
import type { Migration } from '../migrator.js';
import { protectTable } from './0096-marketplace-row-level-security.js';

/** Tables with a `tenant_id` that 0096 did not cover. */
export const TENANT_RLS_TABLES = [
  'work_instances',
  'work_tasks',
  'work_files',
  'work_schedules',
  'work_webhooks',
  'work_webhook_rate',
  'jobs',
  'job_links',
  'inbox_items',
  'agent_tasks',
  'agent_handoffs',
  'agent_escalations',
  'agent_decision_memory',
  'runtime_decisions',
  'runtime_budgets',
  'documents',
  'secrets',
  'audit_entries',
] as const;

export const tenantRowLevelSecurity: Migration = {
  name: '0145-tenant-row-level-security',
  async up(db, dialect) {
    if (dialect !== 'postgres') return; // SQLite has no roles: one process owns the file.
    for (const name of TENANT_RLS_TABLES) await protectTable(db, name, 'tenant_id');
    await protectTable(db, 'mkt_tenants', 'id');
  },
};
