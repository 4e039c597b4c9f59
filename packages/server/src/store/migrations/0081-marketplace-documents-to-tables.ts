// Upgrades installs made before typed tables: every marketplace document (collections mkt_tenants …
// mkt_activity in `documents`) moves into its table with its id, tenant, version and timestamps, in
// one INSERT … SELECT per table (referenced tables first), checked by count, then leaves `documents`.
// Counters, agent statistics and demo usage stay documents: they are read by id only.
import type { Migration } from '../migrator.js';
import { f, field, moveDocuments, type TableMove } from './migration-helpers.js';

// Referenced tables come first: the foreign keys are checked row by row.
const moves: TableMove[] = [
  {
    table: 'mkt_tenants',
    tenant: false,
    columns: { name: f('name'), public_activity: f('publicActivity', 'bool'), plan: f('plan') },
  },
  {
    table: 'mkt_users',
    tenant: true,
    columns: {
      email: { sql: (d) => `lower(${field(d, ['email'], 'text')})` },
      name: f('name'),
      role: f('role'),
      password_hash: f('passwordHash'),
      email_verified_at: f('emailVerifiedAt', 'int'),
      tokens_valid_after: f('tokensValidAfter', 'int'),
    },
  },
  {
    table: 'mkt_sessions',
    tenant: true,
    columns: { user_id: f('userId'), revoked_at: f('revokedAt', 'int'), revoked_reason: f('revokedReason') },
  },
  {
    table: 'mkt_refresh_tokens',
    tenant: true,
    columns: {
      user_id: f('userId'),
      session_id: f('sessionId'),
      expires_at: f('expiresAt', 'int'),
      rotated_at: f('rotatedAt', 'int'),
    },
  },
  {
    // Secrets were stored without a tenant: they take their user's.
    table: 'mkt_secret_tokens',
    tenant: false,
    columns: {
      tenant_id: {
        sql: (d) => `(select u.tenant_id from mkt_users u where u.id = ${field(d, ['userId'], 'text')})`,
      },
      kind: f('kind'),
      user_id: f('userId'),
      expires_at: f('expiresAt', 'int'),
      used_at: f('usedAt', 'int'),
    },
  },
  {
    table: 'mkt_trials',
    tenant: true,
    columns: {
      user_id: f('userId'),
      agent_id: f('agentId'),
      // The n-th trial of the agent by the tenant: what the documents' key `trial:<t>:<a>:<n>` counted.
      attempt: {
        sql: (d) =>
          `row_number() over (partition by tenant_id, ${field(d, ['agentId'], 'text')} order by id)`,
      },
      status: f('status'),
      setup: f('setup', 'json'),
      started_at: f('startedAt', 'int'),
      ends_at: f('endsAt', 'int'),
      extended_days: f('extendedDays', 'int'),
      reminder_2d_at: f(['reminders', '2d'], 'int'),
      reminder_1d_at: f(['reminders', '1d'], 'int'),
      reminder_6h_at: f(['reminders', '6h'], 'int'),
      end_notice_at: f('endNoticeAt', 'int'),
      run_limit: f(['budget', 'runLimit'], 'int'),
      runs_used: f(['budget', 'runsUsed'], 'int'),
      cost_limit_usd: f(['budget', 'costLimitUsd'], 'real'),
      cost_used_usd: f(['budget', 'costUsedUsd'], 'real'),
      ip_hash: f('ipHash'),
      hire_id: f('hireId'),
      ended_at: f('endedAt', 'int'),
      cancel_reason: f('cancelReason'),
      first_deliverable_at: f('firstDeliverableAt', 'int'),
      workflow_instance_id: f('workflowInstanceId'),
    },
  },
  {
    table: 'mkt_hires',
    tenant: true,
    columns: {
      user_id: f('userId'),
      trial_id: f('trialId'),
      agent_id: f('agentId'),
      instance_name: f('instanceName'),
      plan: f('plan'),
      status: f('status'),
      price_amount: f('priceAmount', 'real'),
      currency: f('currency'),
      started_at: f('startedAt', 'int'),
      current_period_start: f('currentPeriodStart', 'int'),
      current_period_end: f('currentPeriodEnd', 'int'),
      paused_at: f('pausedAt', 'int'),
      cancelled_at: f('cancelledAt', 'int'),
      cancel_reason: f('cancelReason'),
    },
  },
  {
    table: 'mkt_invoices',
    tenant: true,
    columns: {
      number: f('number'),
      hire_id: f('hireId'),
      status: f('status'),
      currency: f('currency'),
      lines: f('lines', 'json'),
      total: f('total', 'real'),
      period_start: f('periodStart', 'int'),
      period_end: f('periodEnd', 'int'),
      issued_at: f('issuedAt', 'int'),
      due_at: f('dueAt', 'int'),
      paid_at: f('paidAt', 'int'),
      provider: f('provider'),
    },
  },
  {
    table: 'mkt_deliverables',
    tenant: true,
    columns: {
      trial_id: f('trialId'),
      hire_id: f('hireId'),
      agent_id: f('agentId'),
      instance_name: f('instanceName'),
      title: f('title'),
      summary: f('summary'),
      skill_id: f('skillId'),
      method: f('method'),
      status: f('status'),
      markdown: f('markdown'),
      output: f('output', 'json'),
      checks: f('checks', 'json'),
      confidence: f('confidence', 'real'),
      review_comment: f('reviewComment'),
      approval_id: f('approvalId'),
    },
  },
  {
    table: 'mkt_approvals',
    tenant: true,
    columns: {
      deliverable_id: f('deliverableId'),
      trial_id: f('trialId'),
      hire_id: f('hireId'),
      agent_id: f('agentId'),
      instance_name: f('instanceName'),
      title: f('title'),
      summary: f('summary'),
      status: f('status'),
      comment: f('comment'),
      decided_by: f('decidedBy'),
      decided_at: f('decidedAt', 'int'),
      due_at: f('dueAt', 'int'),
    },
  },
  {
    table: 'mkt_reviews',
    tenant: true,
    columns: {
      agent_id: f('agentId'),
      hire_id: f('hireId'),
      user_id: f('userId'),
      rating: f('rating', 'int'),
      comment: f('comment'),
    },
  },
  {
    table: 'mkt_mail',
    tenant: true,
    columns: {
      user_id: f('userId'),
      to_address: f('to'),
      subject: f('subject'),
      body: f('text'),
      kind: f('kind'),
      action_url: f('actionUrl'),
      transport: f('transport'),
    },
  },
  {
    table: 'mkt_activity',
    tenant: true,
    columns: {
      agent_id: f('agentId'),
      kind: f('kind'),
      public_action: f('publicAction'),
      private_action: f('privateAction'),
      at: f('at', 'int'),
    },
  },
];

export const marketplaceDocumentsToTables: Migration = {
  name: '0081-marketplace-documents-to-tables',
  async up(db, dialect) {
    for (const m of moves) await moveDocuments(db, dialect, m);
  },
};
