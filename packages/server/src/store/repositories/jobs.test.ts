// The jobs tables on every store STORES selects: the job rows pass the EntityRepository conformance
// suite, and job links are idempotent per (job, key) and listed in the order they were made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../clock.js';
import { storeTargets } from '../../testing/backends.js';
import { entityRepositoryConformance } from '../entity-repository.contract.js';
import type { JobFilter, JobRecord } from '../job-repositories.js';
import type { Store } from '../store.js';

const record = (i: number): JobRecord => ({
  kind: i % 2 ? 'campaign' : 'request',
  title: `Job ${i} — ü`,
  status: 'running',
  createdBy: 'usr_1',
  request: { kind: 'campaign', brief: { product: `P${i}` } },
  routing: [],
  instanceId: `ins_${i}`,
  agentId: 'content-marketing',
  workflowInstanceId: `wf_${i}`,
  finishedAt: null,
});

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`jobs tables on ${target.kind}`, () => {
    entityRepositoryConformance<JobRecord, JobFilter>(`jobs (${target.kind})`, (deps) => target.open!(deps), {
      repo: (s) => s.jobs,
      tenantOwned: true,
      record: async (_s, _t, i) => record(i),
      change: (r) => ({ ...r, status: 'done', finishedAt: Date.UTC(2026, 2, 2) }),
      filter: { field: 'workflowInstanceId', of: (r) => r.workflowInstanceId! },
    });

    describe('job links', () => {
      const clock = new FakeClock(Date.UTC(2026, 2, 1));
      let store: Store;
      let cleanup: () => Promise<void>;
      beforeAll(async () => {
        ({ store, cleanup } = await target.open!({ clock }));
        await store.migrate();
        await store.tenants.insert({ id: 'ten_1', data: { name: 'T', publicActivity: false, plan: 'free' } });
        await store.jobs.insert({ id: 'job_1', tenantId: 'ten_1', data: record(1) });
      });
      afterAll(async () => {
        await cleanup?.();
      });

      it('adds a link once per key and lists them oldest first', async () => {
        const link = { jobId: 'job_1', tenantId: 'ten_1', kind: 'interaction' as const };
        expect((await store.jobLinks.add({ ...link, key: 'consult:a', ref: 'cons_1' })).created).toBe(true);
        await clock.advance(1000);
        expect((await store.jobLinks.add({ ...link, key: 'handoff:b', ref: 'hand_1' })).created).toBe(true);
        const again = await store.jobLinks.add({ ...link, key: 'consult:a', ref: 'cons_2' });
        expect([again.created, again.link.ref]).toEqual([false, 'cons_1']);
        expect((await store.jobLinks.list('job_1')).map((l) => l.ref)).toEqual(['cons_1', 'hand_1']);
        expect(await store.jobLinks.get('job_1', 'nope')).toBeUndefined();
        expect(await store.jobLinks.list('job_2')).toEqual([]);
      });

      it('refuses a link to a job that does not exist', async () => {
        await expect(
          store.jobLinks.add({ jobId: 'job_x', tenantId: 'ten_1', kind: 'task', key: 'k', ref: 'tsk_1' }),
        ).rejects.toMatchObject({ code: 'CONFLICT' });
      });
    });
  });
}
