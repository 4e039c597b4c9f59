// Conformance of the inbox's typed-table port (inbox_items): the EntityRepository suite with a fixture
// whose natural key is the source (kind + ref), plus the SLA sweeper's due lookup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import {
  entityRepositoryConformance,
  type OpenedTestStore,
  type TestStoreFactory,
} from './entity-repository.contract.js';
import type { InboxItemFilter, InboxItemRecord, InboxItemRepository } from './inbox-repository.js';

const AT = Date.UTC(2026, 2, 1);

const item = (t: string, i: number, over: Partial<InboxItemRecord> = {}): InboxItemRecord => ({
  kind: 'approval',
  reason: 'review-all',
  status: 'open',
  instanceId: `${t}-ins-${i}`,
  agentId: 'content-marketing',
  taskId: null,
  jobId: null,
  deliverableId: `${t}-dlv-${i}`,
  title: 'Weekly post ü',
  body: 'Review it',
  actions: ['approve', 'reject', 'modify'],
  sourceKind: 'approval',
  sourceRef: `${t}-apr-${i}`,
  revision: { skill: 'content.brief-outline', input: { topic: 'diet' } },
  dueAt: AT + i,
  escalationLevel: 0,
  answer: null,
  ...over,
});

export function inboxRepositoryConformance(store: string, factory: TestStoreFactory): void {
  entityRepositoryConformance<InboxItemRecord, InboxItemFilter>(`inboxItems (${store})`, factory, {
    repo: (s) => s.inboxItems,
    tenantOwned: true,
    record: async (_s, t, i) => item(t, i),
    change: (r) => ({
      ...r,
      status: 'modified',
      answer: {
        decision: 'modify',
        comment: 'shorter',
        data: { markdown: '# x' },
        by: 'usr_1',
        at: AT + 9,
        revisionTaskId: 'tsk_2',
      },
    }),
    filter: { field: 'instanceId', of: (r) => r.instanceId! },
    naturalKey: (repo, r) => (repo as InboxItemRepository).getBySource(r.sourceKind, r.sourceRef),
  });

  describe(`inboxItems due lookup (${store})`, () => {
    const clock = new FakeClock(AT);
    let opened: OpenedTestStore;
    beforeAll(async () => {
      opened = await factory({ clock });
      await opened.store.migrate();
    });
    afterAll(async () => opened.cleanup());

    it('returns open items due by now below the level, oldest due first', async () => {
      const repo = opened.store.inboxItems;
      const rows: Array<[string, Partial<InboxItemRecord>]> = [
        ['late', { dueAt: AT - 10 }],
        ['later', { dueAt: AT - 20 }],
        ['future', { dueAt: AT + 10 }],
        ['answered', { dueAt: AT - 30, status: 'approved' }],
        ['operator', { dueAt: AT - 40, escalationLevel: 1 }],
      ];
      for (const [id, over] of rows)
        await repo.insert({ id, tenantId: null, data: item('t', rows.length, { ...over, sourceRef: id }) });
      expect((await repo.due(AT, 1, 10)).map((e) => e.id)).toEqual(['later', 'late']);
      expect((await repo.due(AT, 1, 1)).map((e) => e.id)).toEqual(['later']);
      expect((await repo.due(AT, 2, 10)).map((e) => e.id)).toEqual(['operator', 'later', 'late']);
    });
  });
}
