import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hire } from '../../contracts/contracts.js';
import type { InboxItem, Instance, StoredFile, Task, TaskAccepted } from '../../contracts/work.js';
import { taskWorkKey } from '../../agents/workforce/task-queue.js';
import { FakeClock } from '../../clock.js';
import type { Platform } from '../../platform.js';
import { parseCsv } from '../../skills/shared/csv.js';
import { runsOnStore } from '../../testing/backends.js';
import { eventually } from '../../testing/eventually.js';
import { testPostgres } from '../../testing/services.js';
import { ICP_FILTERS, SHORT_TITLE_PAGE, leadCsv } from '../../testing/work-fixtures.js';
import {
  WORK_START,
  caller,
  createWorkPlatform,
  startTrial,
  upload,
  workCustomer,
  type Call,
  type WorkStore,
} from '../testing/work-platform.js';

const pg = runsOnStore('postgres') ? await testPostgres() : undefined;
afterAll(async () => {
  await pg?.drop();
});

const stores: Array<{ kind: string; store?: () => WorkStore }> = [
  {
    kind: 'sqlite',
    store: () => ({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'waooaw-work-')), 'w.db') }),
  },
  { kind: 'postgres', ...(pg ? { store: () => ({ databaseUrl: pg.url }) } : {}) },
];

/** Waits on the stored row (polling HTTP would meet the rate limit on a fake clock), then reads the task over HTTP. */
async function settledTask(platform: Platform, call: Call, taskId: string): Promise<Task> {
  await eventually(
    () => platform.store.workTasks.get(taskId),
    (t) => t?.data.status === 'done' || t?.data.status === 'failed' || t?.data.status === 'awaiting-approval',
    { what: `task ${taskId} to finish`, timeoutMs: 30_000 },
  );
  return (await call('GET', `/api/v1/tasks/${taskId}`)).json() as Task;
}

/** A small lead list whose segment is not empty: its export passes every check and is published. */
const SEGMENT_TASK = {
  skill: 'leadgen.segment-export',
  input: {
    csv: 'Company,Industry\nAcme,SaaS\nBeta,Retail\n',
    filters: [{ column: 'Industry', op: 'eq', value: 'SaaS' }],
  },
};

for (const target of stores) {
  describe.skipIf(!target.store)(`work orders over HTTP (${target.kind})`, () => {
    let platform: Platform;
    let call: Call;

    beforeAll(async () => {
      platform = await createWorkPlatform(target.store!());
      await platform.start();
      call = caller(platform, await workCustomer(platform, `ana-${target.kind}@acme.test`));
    }, 60_000);
    afterAll(async () => {
      await platform?.stop();
    });

    it('audits the customer’s own page: the 12-character title is flagged as too short', async () => {
      const trial = await startTrial(call, 'seo-specialist', 'review_all');
      expect(trial.instanceId).toMatch(/^ins_/);
      const list = (await call('GET', '/api/v1/instances')).json() as { items: Instance[] };
      const instance = list.items.find((i) => i.id === trial.instanceId)!;
      expect(instance).toMatchObject({
        agentId: 'seo-specialist',
        status: 'active',
        engagement: 'trial',
        hireId: null,
      });
      const audit = instance.skills.find((s) => s.id === 'seo.page-audit')!;
      expect(audit.fileFields).toContainEqual({ field: 'html', accepts: 'text' });
      expect(audit.inputSchema).toMatchObject({ type: 'object' });

      const file = await call('POST', '/api/v1/files', upload('home.html', SHORT_TITLE_PAGE));
      expect(file.statusCode).toBe(201);
      expect(file.json()).toMatchObject({ kind: 'html', mediaType: 'text/html' });
      const fileId = (file.json() as StoredFile).id;

      const accepted = await call('POST', `/api/v1/instances/${trial.instanceId}/tasks`, {
        skill: 'seo.page-audit',
        input: { html: { $file: fileId }, pageType: 'home' },
      });
      expect(accepted.statusCode).toBe(202);
      const { taskId, status } = accepted.json() as TaskAccepted;
      expect(status).toBe('queued');
      const task = await settledTask(platform, call, taskId);
      // Review-all: the deliverable waits for a human, with the runtime's publish decision as receipt.
      expect(task).toMatchObject({
        status: 'awaiting-approval',
        source: 'api',
        input: { html: { $file: fileId } },
      });
      expect(task.inboxItemId).not.toBeNull();
      expect(task.receipts).toHaveLength(1);
      const titleCheck = task.checks.find((c) => c.name === 'title length')!;
      expect(titleCheck).toMatchObject({ passed: false });
      expect(titleCheck.detail).toBe('12 chars: "Acme Clinics"');
      const deliverable = await platform.store.deliverables.get(task.deliverableIds[0]!);
      expect(deliverable?.data.skillId).toBe('seo.page-audit');
      expect(deliverable?.data.markdown).toContain('Acme Clinics');
      // One write per output (decision 0074): the runtime keeps no second copy as an artifact.
      expect((await platform.runtime.artifacts.list({ agentId: trial.instanceId })).items).toEqual([]);

      // Approved by the customer: the task is done.
      // The task's inbox item is the inbox's own; it learns its task once the run has settled.
      await expect
        .poll(
          async () =>
            ((await call('GET', `/api/v1/inbox/${task.inboxItemId}`)).json() as { taskId: unknown }).taskId,
          {
            timeout: 30_000,
          },
        )
        .toBe(taskId);
      const decided = await call('POST', `/api/v1/inbox/${task.inboxItemId}/answer`, {
        decision: 'approve',
      });
      expect(decided.statusCode).toBe(200);
      // The list shows the decision too (read before the task itself, which would settle the row).
      const listed = (await call('GET', `/api/v1/instances/${trial.instanceId}/tasks?limit=1`)).json() as {
        items: Task[];
      };
      expect(listed.items.map((t) => [t.id, t.status])).toEqual([[taskId, 'done']]);
      expect((await call('GET', `/api/v1/tasks/${taskId}`)).json()).toMatchObject({
        status: 'done',
        inboxItemId: null,
      });
    }, 60_000);

    it('exports exactly the uploaded leads that match the ICP', async () => {
      const trial = await startTrial(call, 'lead-generation');
      const { csv, matching } = leadCsv();
      const file = await call('POST', '/api/v1/files', upload('leads.csv', csv));
      expect(file.json()).toMatchObject({
        kind: 'csv',
        rows: 200,
        columns: ['Company', 'Industry', 'Employees', 'Country', 'Email'],
      });
      const accepted = await call('POST', `/api/v1/instances/${trial.instanceId}/tasks`, {
        skill: 'leadgen.segment-export',
        input: {
          csv: { $file: (file.json() as StoredFile).id },
          filters: ICP_FILTERS,
        },
      });
      expect(accepted.statusCode).toBe(202);
      const task = await settledTask(platform, call, (accepted.json() as TaskAccepted).taskId);
      expect(task.status).toBe('done');
      const deliverable = await platform.store.deliverables.get(task.deliverableIds[0]!);
      const output = deliverable!.data.output as { count: number; csv: string };
      const exported = parseCsv(output.csv)
        .slice(1)
        .map((r) => r[0]);
      expect(matching.length).toBeGreaterThan(5);
      expect(exported.sort()).toEqual([...matching].sort());
      expect(output.count).toBe(matching.length);
    }, 60_000);

    it('refuses bad work: 404 unknown skill or another tenant’s instance, 400 naming each bad field, 409 paused', async () => {
      const trial = await startTrial(call, 'content-marketing');
      const url = `/api/v1/instances/${trial.instanceId}/tasks`;
      const unknown = await call('POST', url, { skill: 'seo.page-audit', input: {} });
      expect(unknown.statusCode).toBe(404);
      const skill = ((await call('GET', `/api/v1/instances/${trial.instanceId}`)).json() as Instance)
        .skills[0]!.id;
      const bad = await call('POST', url, { skill, input: { nonsense: 1 } });
      expect(bad.statusCode).toBe(400);
      const body = bad.json() as { error: { details: { issues: Array<{ field: string }> } } };
      expect(body.error.details.issues.length).toBeGreaterThan(0);
      expect(body.error.details.issues.every((i) => i.field.startsWith('input'))).toBe(true);

      const other = caller(platform, await workCustomer(platform, `bob-${target.kind}@other.test`));
      expect((await other('POST', url, { skill, input: {} })).statusCode).toBe(404);
      expect((await other('GET', `/api/v1/instances/${trial.instanceId}`)).statusCode).toBe(404);

      // A trial converted to a hire keeps its instance; a paused hire takes no work (409 with the reason).
      const hire = (
        await call('POST', `/api/v1/trials/${trial.id}/convert`, { plan: 'monthly' })
      ).json() as Hire;
      expect(hire.instanceId).toBe(trial.instanceId);
      const hired = (await call('GET', `/api/v1/instances/${trial.instanceId}`)).json() as Instance;
      expect(hired).toMatchObject({
        engagement: 'hired',
        hireId: hire.id,
        plan: 'monthly',
        status: 'active',
      });
      expect((await call('POST', `/api/v1/hires/${hire.id}/pause`)).statusCode).toBe(200);
      const paused = await call('POST', url, { skill, input: {} });
      expect(paused.statusCode).toBe(409);
      expect(paused.json()).toMatchObject({ error: { code: 'CONFLICT', details: { status: 'paused' } } });
    }, 60_000);

    it('keeps files per tenant: 413 over the limit, 400 naming the row of a bad table, lists and views', async () => {
      const bad = await call(
        'POST',
        '/api/v1/files',
        upload('leads.csv', 'Company,Employees\nAcme,1\nBeta,2,3\n'),
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({
        error: { code: 'VALIDATION', details: { field: 'file', row: 3, column: 3 } },
      });
      const big = await call('POST', '/api/v1/files', upload('big.txt', 'x'.repeat(5 * 1024 * 1024 + 1)));
      expect(big.statusCode).toBe(413);
      const note = (
        await call('POST', '/api/v1/files', upload('note.md', '# Plan\n\n- read'))
      ).json() as StoredFile;
      expect(note).toMatchObject({ kind: 'markdown', textLength: 14, columns: null });
      expect((await call('GET', `/api/v1/files/${note.id}`)).json()).toEqual(note);
      const listed = (await call('GET', '/api/v1/files?limit=100')).json() as { items: StoredFile[] };
      expect(listed.items.map((f) => f.id)).toContain(note.id);
      const other = caller(platform, await workCustomer(platform, `eve-${target.kind}@other.test`));
      expect((await other('GET', `/api/v1/files/${note.id}`)).statusCode).toBe(404);
    }, 60_000);

    it('changes an instance’s working hours and approval mode', async () => {
      const list = (await call('GET', '/api/v1/instances')).json() as { items: Instance[] };
      const id = list.items[0]!.id;
      const hours = { timezone: 'Asia/Kolkata', days: [1, 2, 3, 4, 5, 6], start: '10:00', end: '19:00' };
      const res = await call('PATCH', `/api/v1/instances/${id}`, {
        workingHours: hours,
        approvalMode: 'auto_publish',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id, workingHours: hours, approvalMode: 'auto_publish' });
      expect((await call('PATCH', `/api/v1/instances/${id}`, {})).statusCode).toBe(400);
    }, 60_000);

    it('a spent trial budget stops a task by policy: failed saying so, and an inbox item asks a human', async () => {
      const call = caller(platform, await workCustomer(platform, `budget-${target.kind}@acme.test`));
      const trial = await startTrial(call, 'lead-generation');
      await platform.store.trials.modify(trial.id, (t) => ({
        ...t,
        budget: { ...t.budget, runsUsed: t.budget.runLimit },
      }));
      const accepted = await call('POST', `/api/v1/instances/${trial.instanceId}/tasks`, SEGMENT_TASK);
      const { taskId } = accepted.json() as TaskAccepted;
      const task = await settledTask(platform, call, taskId);
      expect(task).toMatchObject({ status: 'failed', deliverableIds: [] });
      expect(task.error).toMatchObject({ code: 'BUDGET_EXHAUSTED' });
      expect(task.error!.message).toMatch(
        /^Budget spent \(\d+ of \d+ runs and .* used\): the task was not run/,
      );
      const stored = await platform.store.trials.get(trial.id);
      expect(stored!.data.budget.runsUsed).toBe(stored!.data.budget.runLimit);

      const item = await eventually(
        async () =>
          ((await call('GET', '/api/v1/inbox?status=open')).json() as { items: InboxItem[] }).items.find(
            (i) => i.taskId === taskId,
          ),
        (i) => i !== undefined,
        { what: 'the budget inbox item', timeoutMs: 30_000 },
      );
      expect(item).toMatchObject({
        kind: 'escalation',
        reason: 'budget-exhausted',
        instanceId: trial.instanceId,
        actions: ['approve', 'reject'],
      });
      // A person extends the budget and approves: the task runs again, as a new task, and delivers.
      await platform.store.trials.modify(trial.id, (t) => ({
        ...t,
        budget: { ...t.budget, runLimit: t.budget.runLimit + 5 },
      }));
      const answered = await call('POST', `/api/v1/inbox/${item!.id}/answer`, { decision: 'approve' });
      expect(answered.json()).toMatchObject({ status: 'approved' });
      const again = await eventually(
        async () =>
          (await platform.store.workTasks.list({ where: { instanceId: trial.instanceId! } })).items.find(
            (t) => t.id !== taskId,
          ),
        (t) => t !== undefined,
        { what: 'the task run again', timeoutMs: 30_000 },
      );
      expect((await settledTask(platform, call, again!.id)).status).toBe('done');
    }, 90_000);

    it('creates a task with a deterministic id once (created: false the second time)', async () => {
      const call = caller(platform, await workCustomer(platform, `cy-${target.kind}@acme.test`));
      const trial = await startTrial(call, 'study-planner');
      const instance = (await call('GET', `/api/v1/instances/${trial.instanceId}`)).json() as Instance;
      const skill = instance.skills.find((s) => s.exampleInput !== null)!;
      const tenantId = (await platform.store.trials.get(trial.id))!.tenantId!;
      const task = {
        tenantId,
        instanceId: instance.id,
        skill: skill.id,
        input: skill.exampleInput as Record<string, unknown>,
        source: 'schedule' as const,
        taskId: `sch_test_${target.kind}`,
      };
      const first = await platform.workOrders.tasks.create(task);
      const second = await platform.workOrders.tasks.create(task);
      expect(first).toMatchObject({ taskId: task.taskId, created: true });
      expect(second).toMatchObject({ taskId: task.taskId, created: false });
      expect((await settledTask(platform, call, task.taskId)).status).toBe('done');
    }, 60_000);
  });

  describe.skipIf(!target.store)(`work orders survive a restart (${target.kind})`, () => {
    it('a task accepted before the platform stopped completes after the restart', async () => {
      const store = target.store!();
      const clock = new FakeClock(WORK_START);
      const first = await createWorkPlatform(store, clock);
      const call1 = caller(first, await workCustomer(first, `restart-${target.kind}@acme.test`));
      const trial = await startTrial(call1, 'lead-generation');
      // Accepted by an API that runs no workers: nothing runs before the stop.
      const accepted = await call1('POST', `/api/v1/instances/${trial.instanceId}/tasks`, SEGMENT_TASK);
      expect(accepted.statusCode).toBe(202);
      const { taskId } = accepted.json() as TaskAccepted;
      // A second one is cancelled before it starts: it never runs; a re-run is a new task.
      const doomed = (
        (
          await call1('POST', `/api/v1/instances/${trial.instanceId}/tasks`, SEGMENT_TASK)
        ).json() as TaskAccepted
      ).taskId;
      const cancelled = await call1('POST', `/api/v1/tasks/${doomed}/cancel`);
      expect(cancelled.json()).toMatchObject({ id: doomed, status: 'cancelled' });
      // The workforce's ledger knows too: a delivery of its request (now, or after the restart) skips it.
      const tenantId = (await first.store.workTasks.get(doomed))!.tenantId!;
      expect(await first.workforce.task(tenantId, doomed)).toMatchObject({ status: 'skipped', attempts: 0 });
      const runtimeKey = (await first.store.workInstances.get(trial.instanceId!))!.data.runtimeKey;
      const claim = await first.workforce.perform({
        workKey: taskWorkKey(tenantId, doomed),
        tenantId,
        instanceId: runtimeKey,
        skillId: SEGMENT_TASK.skill,
        data: SEGMENT_TASK.input,
        source: 'task',
      });
      expect(claim).toMatchObject({ status: 'skipped', duplicate: true });
      expect((await call1('POST', `/api/v1/tasks/${doomed}/cancel`)).statusCode).toBe(409);
      const rerun = await call1('POST', `/api/v1/tasks/${doomed}/rerun`);
      expect(rerun.statusCode).toBe(202);
      const again = (rerun.json() as TaskAccepted).taskId;
      expect(again).not.toBe(doomed);
      await first.stop();

      const second = await createWorkPlatform(store, clock);
      try {
        await second.start();
        // The request went to no consumer; once the lease has passed, the sweeper requests it again.
        await clock.advance(3 * 60_000);
        const token = (
          (
            await second.app.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { email: `restart-${target.kind}@acme.test`, password: 'correct horse battery' },
            })
          ).json() as { accessToken: string }
        ).accessToken;
        const call2 = caller(second, token);
        const task = await settledTask(second, call2, taskId);
        expect(task.status).toBe('done');
        expect(task.deliverableIds).toHaveLength(1);
        expect((await settledTask(second, call2, again)).status).toBe('done');
        expect((await call2('GET', `/api/v1/tasks/${doomed}`)).json()).toMatchObject({
          status: 'cancelled',
          deliverableIds: [],
        });
        expect(await second.workforce.task(tenantId, doomed)).toMatchObject({
          status: 'skipped',
          attempts: 0,
        });
      } finally {
        await second.stop();
      }
    }, 90_000);

    it('the sweeper requests again a task whose request was lost between the commit and the bus', async () => {
      const clock = new FakeClock(WORK_START);
      const platform = await createWorkPlatform(target.store!(), clock);
      try {
        await platform.start();
        const call = caller(platform, await workCustomer(platform, `lost-${target.kind}@acme.test`));
        const trial = await startTrial(call, 'lead-generation');
        const requestTask = platform.workforce.requestTask.bind(platform.workforce);
        let lost = 0;
        platform.workforce.requestTask = async (r) => {
          if (lost++ === 0) throw new Error('bus unavailable');
          return requestTask(r);
        };
        const accepted = await call('POST', `/api/v1/instances/${trial.instanceId}/tasks`, SEGMENT_TASK);
        expect(accepted.statusCode).toBe(202);
        const { taskId } = accepted.json() as TaskAccepted;
        expect(((await call('GET', `/api/v1/tasks/${taskId}`)).json() as Task).status).toBe('queued');
        await clock.advance(3 * 60_000);
        const task = await settledTask(platform, call, taskId);
        expect(task).toMatchObject({ status: 'done', attempts: 2 });
        expect(lost).toBe(2);
      } finally {
        await platform.stop();
      }
    }, 90_000);
  });
}
