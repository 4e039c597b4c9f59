// The marketplace's typed tables: one per entity, with a version and clock timestamps on every row,
// tenant_id (a reference to mkt_tenants) on every tenant-owned table, references between entities,
// and one index per query path the services use. 0081 moves the documents of earlier releases here.
import type { SqlDb } from '../sql-context.js';
import type { StoreDialect } from '../store.js';
import { jsonColumnType } from '../sql-json.js';
import type { Migration } from '../migrator.js';
import { entityTable, index } from './migration-helpers.js';

async function accounts(db: SqlDb): Promise<void> {
  await entityTable(db, 'mkt_tenants', 'none', (t) =>
    t
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('public_activity', 'boolean', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull()),
  );
  // One internal (staff) organisation at most.
  await index(db, 'mkt_tenants', ['plan'], { unique: true, where: "plan = 'internal'" });

  await entityTable(db, 'mkt_users', 'required', (t) =>
    t
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('email_verified_at', 'bigint')
      .addColumn('tokens_valid_after', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mkt_users', ['email'], { unique: true });
  await index(db, 'mkt_users', ['tenant_id']);
  await index(db, 'mkt_users', ['role']);

  await entityTable(db, 'mkt_sessions', 'required', (t) =>
    t
      .addColumn('user_id', 'text', (c) => c.notNull().references('mkt_users.id'))
      .addColumn('revoked_at', 'bigint')
      .addColumn('revoked_reason', 'text'),
  );
  await index(db, 'mkt_sessions', ['user_id', 'revoked_at']);
  await index(db, 'mkt_sessions', ['tenant_id']);

  await entityTable(db, 'mkt_refresh_tokens', 'required', (t) =>
    t
      .addColumn('user_id', 'text', (c) => c.notNull().references('mkt_users.id'))
      .addColumn('session_id', 'text', (c) => c.notNull().references('mkt_sessions.id'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('rotated_at', 'bigint'),
  );
  await index(db, 'mkt_refresh_tokens', ['session_id']);
  await index(db, 'mkt_refresh_tokens', ['user_id']);

  await entityTable(db, 'mkt_secret_tokens', 'required', (t) =>
    t
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('mkt_users.id'))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint'),
  );
  await index(db, 'mkt_secret_tokens', ['user_id', 'kind']);
}

async function engagements(db: SqlDb, dialect: StoreDialect): Promise<void> {
  // hire_id has no reference: a trial is written before the hire it converts into (see 0018).
  await entityTable(db, 'mkt_trials', 'required', (t) =>
    t
      .addColumn('user_id', 'text', (c) => c.notNull().references('mkt_users.id'))
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('setup', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('extended_days', 'integer', (c) => c.notNull())
      .addColumn('reminder_2d_at', 'bigint')
      .addColumn('reminder_1d_at', 'bigint')
      .addColumn('reminder_6h_at', 'bigint')
      .addColumn('end_notice_at', 'bigint')
      .addColumn('run_limit', 'integer', (c) => c.notNull())
      .addColumn('runs_used', 'integer', (c) => c.notNull())
      .addColumn('cost_limit_usd', 'double precision', (c) => c.notNull())
      .addColumn('cost_used_usd', 'double precision', (c) => c.notNull())
      .addColumn('ip_hash', 'text', (c) => c.notNull())
      .addColumn('hire_id', 'text')
      .addColumn('ended_at', 'bigint')
      .addColumn('cancel_reason', 'text')
      .addColumn('first_deliverable_at', 'bigint')
      .addColumn('workflow_instance_id', 'text'),
  );
  await index(db, 'mkt_trials', ['tenant_id', 'agent_id', 'attempt'], { unique: true });
  await index(db, 'mkt_trials', ['tenant_id', 'status', 'id']);
  await index(db, 'mkt_trials', ['status']);
  await index(db, 'mkt_trials', ['ip_hash']);
  await index(db, 'mkt_trials', ['user_id']);

  await entityTable(db, 'mkt_hires', 'required', (t) =>
    t
      .addColumn('user_id', 'text', (c) => c.notNull().references('mkt_users.id'))
      .addColumn('trial_id', 'text', (c) => c.notNull().references('mkt_trials.id'))
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('instance_name', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('price_amount', 'double precision', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('current_period_start', 'bigint', (c) => c.notNull())
      .addColumn('current_period_end', 'bigint', (c) => c.notNull())
      .addColumn('paused_at', 'bigint')
      .addColumn('cancelled_at', 'bigint')
      .addColumn('cancel_reason', 'text'),
  );
  await index(db, 'mkt_hires', ['trial_id'], { unique: true });
  await index(db, 'mkt_hires', ['tenant_id', 'agent_id']);
  await index(db, 'mkt_hires', ['status']);
  await index(db, 'mkt_hires', ['user_id']);

  await entityTable(db, 'mkt_invoices', 'required', (t) =>
    t
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('hire_id', 'text', (c) => c.notNull().references('mkt_hires.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('lines', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('total', 'double precision', (c) => c.notNull())
      .addColumn('period_start', 'bigint', (c) => c.notNull())
      .addColumn('period_end', 'bigint', (c) => c.notNull())
      .addColumn('issued_at', 'bigint', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('paid_at', 'bigint')
      .addColumn('provider', 'text', (c) => c.notNull()),
  );
  await index(db, 'mkt_invoices', ['hire_id', 'period_start'], { unique: true });
  await index(db, 'mkt_invoices', ['number'], { unique: true });
  await index(db, 'mkt_invoices', ['tenant_id', 'status']);
}

async function work(db: SqlDb, dialect: StoreDialect): Promise<void> {
  // approval_id has no reference: the deliverable is written before its approval (see 0018).
  await entityTable(db, 'mkt_deliverables', 'required', (t) =>
    t
      .addColumn('trial_id', 'text', (c) => c.references('mkt_trials.id'))
      .addColumn('hire_id', 'text', (c) => c.references('mkt_hires.id'))
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('instance_name', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('markdown', 'text', (c) => c.notNull())
      .addColumn('output', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('checks', jsonColumnType(dialect), (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('review_comment', 'text')
      .addColumn('approval_id', 'text'),
  );
  await index(db, 'mkt_deliverables', ['tenant_id', 'id']);
  await index(db, 'mkt_deliverables', ['tenant_id', 'trial_id']);
  await index(db, 'mkt_deliverables', ['tenant_id', 'hire_id']);
  await index(db, 'mkt_deliverables', ['tenant_id', 'agent_id']);
  await index(db, 'mkt_deliverables', ['tenant_id', 'status']);
  await index(db, 'mkt_deliverables', ['tenant_id', 'skill_id']);

  await entityTable(db, 'mkt_approvals', 'required', (t) =>
    t
      .addColumn('deliverable_id', 'text', (c) => c.notNull().references('mkt_deliverables.id'))
      .addColumn('trial_id', 'text', (c) => c.references('mkt_trials.id'))
      .addColumn('hire_id', 'text', (c) => c.references('mkt_hires.id'))
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('instance_name', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'bigint')
      .addColumn('due_at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mkt_approvals', ['deliverable_id'], { unique: true });
  await index(db, 'mkt_approvals', ['tenant_id', 'status', 'id']);
  await index(db, 'mkt_approvals', ['tenant_id', 'trial_id', 'status']);

  await entityTable(db, 'mkt_reviews', 'required', (t) =>
    t
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('hire_id', 'text', (c) => c.notNull().references('mkt_hires.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('mkt_users.id'))
      .addColumn('rating', 'integer', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull()),
  );
  await index(db, 'mkt_reviews', ['hire_id'], { unique: true });
  await index(db, 'mkt_reviews', ['agent_id', 'id']);
}

async function feed(db: SqlDb): Promise<void> {
  // The mail log keeps what was sent, whoever to: its tenant and user are not references.
  await entityTable(db, 'mkt_mail', 'optional', (t) =>
    t
      .addColumn('user_id', 'text')
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('action_url', 'text')
      .addColumn('transport', 'text', (c) => c.notNull()),
  );
  await index(db, 'mkt_mail', ['user_id', 'kind', 'id']);
  await index(db, 'mkt_mail', ['tenant_id', 'id']);

  await entityTable(db, 'mkt_activity', 'required', (t) =>
    t
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('public_action', 'text', (c) => c.notNull())
      .addColumn('private_action', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull()),
  );
  await index(db, 'mkt_activity', ['agent_id', 'id']);
  await index(db, 'mkt_activity', ['tenant_id', 'id']);
  await index(db, 'mkt_activity', ['tenant_id', 'agent_id', 'id']);
}

export const marketplaceTables: Migration = {
  name: '0080-marketplace-tables',
  async up(db, dialect) {
    await accounts(db);
    await engagements(db, dialect);
    await work(db, dialect);
    await feed(db);
  },
};
