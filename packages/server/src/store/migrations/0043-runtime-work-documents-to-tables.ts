// Upgrades installs made before the runtime's typed tables: the documents of collections agent_tasks,
// agent_handoffs, agent_escalations and agent_decision_memory move into the tables of 0042 with their
// ids, tenants, idempotency keys, versions and timestamps, checked by count.
import type { Migration } from '../migrator.js';
import { f, moveDocuments, type TableMove } from './migration-helpers.js';

const documentKey = { sql: () => 'key' };

const moves: TableMove[] = [
  {
    table: 'agent_tasks',
    tenant: true,
    columns: {
      task_key: documentKey,
      instance_id: f('instanceId'),
      type: f('type'),
      input: f('input', 'json'),
      status: f('status'),
      enqueued_at: f('createdAt', 'int'),
      finished_at: f('finishedAt', 'int'),
      day: f('day'),
      result: f('result', 'json'),
      error: f('error', 'json'),
    },
  },
  {
    table: 'agent_handoffs',
    tenant: true,
    columns: {
      from_instance_id: f('fromInstanceId'),
      to_instance_id: f('toInstanceId'),
      kind: f('kind'),
      payload: f('payload', 'json'),
      status: f('status'),
      sent_at: f('createdAt', 'int'),
    },
  },
  {
    table: 'agent_escalations',
    tenant: true,
    columns: {
      escalation_key: documentKey,
      agent_id: f('agentId'),
      reason: f('reason'),
      context: f('context', 'json'),
      urgency: f('urgency'),
      status: f('status'),
      decision_id: f('decisionId'),
      raised_at: f('createdAt', 'int'),
      day: f('day'),
      answer: f('answer', 'json'),
    },
  },
  {
    table: 'agent_decision_memory',
    tenant: true,
    columns: {
      agent_id: f('agentId'),
      kind: f('kind'),
      subject: f('subject'),
      outcome: f('outcome', 'json'),
      decided_at: f('at', 'int'),
    },
  },
];

export const runtimeWorkDocumentsToTables: Migration = {
  name: '0043-runtime-work-documents-to-tables',
  async up(db, dialect) {
    for (const m of moves) await moveDocuments(db, dialect, m);
  },
};
