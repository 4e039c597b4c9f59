// Installs made before the runtime's typed tables kept tasks, handoffs, escalations and decision
// memory as documents; migration 0043 moves each into its table without loss, on every store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { storeTargets, type OpenedStore } from '../../testing/backends.js';
import { runMigrations } from '../migrator.js';
import type { InsertDocument } from '../store.js';
import type { AgentTaskRecord, EscalationRecord } from '../runtime-work-records.js';
import type { SqlStore } from '../sql-store.js';
import { migrations } from './index.js';

const AT = Date.UTC(2026, 2, 1);
// Row-level security on the tables these create (0145) comes after them, as on a real upgrade.
const before = migrations.filter((m) => !['0042', '0043', '0145'].some((n) => m.name.startsWith(n)));

/** Documents as the runtime wrote them before 0042. */
const documents: Array<InsertDocument<Record<string, unknown>>> = [
  {
    collection: 'agent_tasks',
    id: 'task_1',
    tenantId: 't1',
    key: 'plan:2026-03-01',
    data: {
      id: 'task_1',
      instanceId: 'inst_1',
      tenantId: 't1',
      type: 'plan',
      input: { week: 9 },
      status: 'done',
      createdAt: AT,
      finishedAt: AT + 10,
      day: '2026-03-01',
      result: 'ok',
      error: null,
    },
  },
  {
    collection: 'agent_tasks',
    id: 'task_2',
    tenantId: null,
    key: null,
    data: {
      id: 'task_2',
      instanceId: 'inst_1',
      tenantId: null,
      type: 'plan',
      input: null,
      status: 'failed',
      createdAt: AT,
      finishedAt: AT + 20,
      day: '2026-03-01',
      result: null,
      error: { code: 'INTERNAL', message: 'boom', retryable: false, details: { n: 1 } },
    },
  },
  {
    collection: 'agent_handoffs',
    id: 'hof_1',
    tenantId: 't1',
    key: null,
    data: {
      id: 'hof_1',
      fromInstanceId: 'inst_1',
      toInstanceId: 'inst_2',
      tenantId: 't1',
      kind: 'context',
      payload: { topic: 'diet' },
      status: 'pending',
      createdAt: AT,
    },
  },
  {
    collection: 'agent_escalations',
    id: 'esc_1',
    tenantId: 't1',
    key: 'budget:inst_1',
    data: {
      id: 'esc_1',
      agentId: 'inst_1',
      tenantId: 't1',
      reason: 'Budget exhausted',
      context: { spent: 5 },
      urgency: 'high',
      status: 'approved',
      decisionId: 'dec_1',
      createdAt: AT,
      day: '2026-03-01',
      answer: { verdict: 'approve', by: 'ops', note: null, modification: null, at: AT + 5 },
    },
  },
  {
    collection: 'agent_decision_memory',
    id: 'dec_1',
    tenantId: 't1',
    key: null,
    data: {
      decisionId: 'dec_1',
      agentId: 'inst_1',
      kind: 'review',
      subject: 'Is "cures acne" allowed?',
      outcome: { approved: false, reason: 'Health claim', confidence: 0.9, citations: [] },
      at: AT,
    },
  },
];

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`runtime work documents to tables (${target.kind})`, () => {
    const clock = new FakeClock(AT);
    let opened: OpenedStore;
    let store: SqlStore;
    const versions = new Map<string, number>();

    beforeAll(async () => {
      opened = await target.open!({ clock, migrations: before });
      store = opened.store;
      await store.migrate();
      for (const d of documents) {
        await store.documents.insert(d);
        // A later version, as after a status change.
        await clock.advance(7);
        versions.set(d.id, (await store.documents.update(d.collection, d.id, d.data)).version);
      }
      await runMigrations(store.db, store.dialect, migrations, clock);
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it('moves every document into its table, keeping ids, tenants, versions and records', async () => {
      const repos = {
        agent_tasks: store.agentTasks,
        agent_handoffs: store.agentHandoffs,
        agent_escalations: store.escalations,
        agent_decision_memory: store.decisionMemory,
      } as const;
      for (const d of documents) {
        const entity = await repos[d.collection as keyof typeof repos].get(d.id);
        expect(entity, d.id).toMatchObject({ id: d.id, tenantId: d.tenantId, version: versions.get(d.id) });
        expect(entity?.data, d.id).toEqual(d.data);
        expect(await store.documents.get(d.collection, d.id)).toBeUndefined();
      }
    });

    it('keeps idempotency keys: the same key returns the moved row', async () => {
      const again = await store.agentTasks.insert({
        id: 'task_9',
        tenantId: 't1',
        key: 'plan:2026-03-01',
        data: { ...(documents[0]!.data as unknown as AgentTaskRecord), id: 'task_9' },
      });
      expect(again.created).toBe(false);
      expect(again.entity.id).toBe('task_1');
      const esc = await store.escalations.insert({
        id: 'esc_9',
        tenantId: 't1',
        key: 'budget:inst_1',
        data: { ...(documents[3]!.data as unknown as EscalationRecord), id: 'esc_9' },
      });
      expect(esc.entity.id).toBe('esc_1');
    });

    it('finds pending work and daily counts through the indexed columns', async () => {
      expect(
        (await store.agentHandoffs.list({ where: { toInstanceId: 'inst_2', status: 'pending' } })).items,
      ).toHaveLength(1);
      expect(
        await store.agentTasks.count({
          where: { instanceId: 'inst_1', status: 'failed', day: '2026-03-01' },
        }),
      ).toBe(1);
      expect((await store.decisionMemory.list({ where: { agentId: 'inst_1' } })).items[0]?.data.subject).toBe(
        'Is "cures acne" allowed?',
      );
    });
  });
}
