// Budgets of the agent runtime: one row per scope (agent, tenant, workflow run) with limits, usage and
// reservations, and one row per reservation. Money is integer micro-units so sums stay exact.
import type { Migration } from '../migrator.js';

export const runtimeBudgets: Migration = {
  name: '0040-runtime-budgets',
  async up(db) {
    await db.schema
      .createTable('runtime_budgets')
      .addColumn('scope', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text')
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('period_start', 'bigint', (c) => c.notNull())
      .addColumn('limit_tokens', 'bigint')
      .addColumn('limit_micros', 'bigint')
      .addColumn('used_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('used_micros', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('reserved_tokens', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('reserved_micros', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('alert_level', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('runtime_budgets_tenant')
      .on('runtime_budgets')
      .columns(['tenant_id', 'scope'])
      .execute();
    await db.schema
      .createTable('runtime_budget_reservations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('tokens', 'bigint', (c) => c.notNull())
      .addColumn('micros', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('settled_tokens', 'bigint')
      .addColumn('settled_micros', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('runtime_budget_reservations_held')
      .on('runtime_budget_reservations')
      .columns(['status', 'expires_at'])
      .execute();
  },
};
