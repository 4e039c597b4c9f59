// The inbox on the platform's own work orders: a task whose deliverable waits for approval shows in the
// inbox tied to the task; MODIFY sends the work back as a revision task carrying the comment, which the
// agent runs to a deliverable of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxItem, Task, TaskAccepted } from '../../contracts/work.js';
import type { Platform } from '../../platform.js';
import { eventually } from '../../testing/eventually.js';
import { caller, createWorkPlatform, startTrial, workCustomer, type Call } from '../testing/work-platform.js';

let platform: Platform;
let call: Call;
beforeAll(async () => {
  platform = await createWorkPlatform({
    sqlitePath: join(mkdtempSync(join(tmpdir(), 'waooaw-inbox-')), 'i.db'),
  });
  await platform.start();
  call = caller(platform, await workCustomer(platform, 'nia@inbox.test'));
}, 60_000);
afterAll(async () => {
  await platform?.stop();
});

const delivered = (taskId: string) =>
  eventually(
    () => platform.store.workTasks.get(taskId),
    (t) => t?.data.status === 'awaiting-approval' && t.data.deliverableIds.length === 1,
    { what: `task ${taskId} waiting for approval`, timeoutMs: 60_000 },
  );

describe('the inbox over work orders', () => {
  it('answers MODIFY on a task’s deliverable with a revision task that carries the comment and delivers', async () => {
    const trial = await startTrial(call, 'seo-specialist', 'review_all');
    const accepted = await call('POST', `/api/v1/instances/${trial.instanceId}/tasks`, {
      skill: 'seo.page-audit',
      input: { html: '<html><head><title>Acme Clinics</title></head><body></body></html>', pageType: 'home' },
    });
    expect(accepted.statusCode).toBe(202);
    const { taskId } = accepted.json() as TaskAccepted;
    await delivered(taskId);

    const item = await eventually(
      async () =>
        ((await call('GET', '/api/v1/inbox?status=open')).json() as { items: InboxItem[] }).items.find(
          (i) => i.taskId === taskId,
        ),
      (i) => i !== undefined,
      { what: 'the inbox item tied to the task', timeoutMs: 30_000 },
    );
    expect(item).toMatchObject({
      kind: 'approval',
      instanceId: trial.instanceId,
      actions: ['approve', 'reject', 'modify'],
    });

    const answered = await call('POST', `/api/v1/inbox/${item!.id}/answer`, {
      decision: 'modify',
      comment: 'Audit the page as a product page, please',
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'modified' });

    const revision = await eventually(
      async () =>
        (await platform.store.workTasks.list({ where: { instanceId: trial.instanceId! } })).items.find(
          (t) => t.data.revisionOf === taskId,
        ),
      (t) => t !== undefined,
      { what: 'the revision task', timeoutMs: 30_000 },
    );
    expect(revision!.data).toMatchObject({
      source: 'revision',
      skill: 'seo.page-audit',
      revisionComment: 'Audit the page as a product page, please',
    });
    await delivered(revision!.id);
    const view = (await call('GET', `/api/v1/tasks/${revision!.id}`)).json() as Task;
    expect(view).toMatchObject({ revisionOf: taskId, status: 'awaiting-approval' });
    expect(view.deliverableIds).toHaveLength(1);
  }, 180_000);
});
