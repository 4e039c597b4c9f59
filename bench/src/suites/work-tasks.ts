// Work orders end to end on the embedded default (SQLite WAL synchronous=FULL, durable in-process bus):
// a customer's tasks POSTed through the whole HTTP stack (auth, rate limiter, zod, 202 after the commit)
// → the workforce runs each through the agent runtime (ledger claim, trial budget, skill, publish
// decision) → the deliverable is stored and the task row is done. Headline: tasks/s from the first POST
// to the last task done; 202 → done latency percentiles from the rows in details.
import { loadConfig } from '@waooaw/server/config';
import { createPlatform } from '@waooaw/server';
import { join } from 'node:path';
import type { BenchContext } from '../context.js';
import type { CellSpec, Runner } from '../harness.js';

const TASK = {
  skill: 'leadgen.segment-export',
  input: {
    csv: 'Company,Industry,Employees\nAcme,SaaS,120\nBeta,Retail,40\nGamma,SaaS,800\n',
    filters: [{ column: 'Industry', op: 'eq', value: 'SaaS' }],
  },
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function workTasksRunner(ctx: BenchContext, tasks: number, concurrency: number): Runner {
  return async () => {
    const config = loadConfig({
      env: {
        WAOOAW_SQLITE_PATH: join(ctx.tmpDir(), 'platform.db'),
        WAOOAW_PORT: '0',
        LOG_LEVEL: 'silent',
        WAOOAW_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0001',
      },
    });
    const platform = await createPlatform(config);
    // The plan's rate limit stays in the path, counting, with its ceiling out of reach (as in the http cell).
    const limits = platform.marketplace.services.limits;
    for (const plan of Object.keys(limits.ratePerMinute) as Array<keyof typeof limits.ratePerMinute>)
      limits.ratePerMinute[plan] = 1e9;
    limits.trialRunLimit = 1e9;
    try {
      await platform.start();
      const inject = (method: 'GET' | 'POST', url: string, payload?: object, token?: string) =>
        platform.app.inject({
          method,
          url,
          ...(payload ? { payload } : {}),
          ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        });
      const email = 'bench-tasks@example.com';
      await inject('POST', '/api/v1/auth/signup', {
        email,
        password: 'correct horse battery',
        name: 'Bench',
        organisationName: 'Bench Ltd',
      });
      // Sign-up answers alike for known and new emails (202, no session): the id comes from a log-in.
      const signedIn = await inject('POST', '/api/v1/auth/login', {
        email,
        password: 'correct horse battery',
      });
      const userId = (signedIn.json() as { user: { id: string } }).user.id;
      const mail = (await platform.store.mail.list({ where: { userId, kind: 'verify-email' } })).items[0]!;
      await inject('POST', '/api/v1/auth/verify-email', {
        token: new URL(mail.data.actionUrl!, 'http://x').searchParams.get('token'),
      });
      const token = (
        (await inject('POST', '/api/v1/auth/login', { email, password: 'correct horse battery' })).json() as {
          accessToken: string;
        }
      ).accessToken;
      const trial = await inject(
        'POST',
        '/api/v1/trials',
        {
          agentId: 'lead-generation',
          setup: {
            instanceName: 'Bench desk',
            business: { companyName: 'Bench Ltd' },
            approvalMode: 'auto_publish',
            notificationChannel: 'in_app',
          },
        },
        token,
      );
      const instanceId = (trial.json() as { instanceId: string }).instanceId;
      const url = `/api/v1/instances/${instanceId}/tasks`;

      const t0 = performance.now();
      let next = 0;
      let refused = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < tasks) {
            next++;
            const res = await inject('POST', url, TASK, token);
            if (res.statusCode !== 202) refused++;
          }
        }),
      );
      const postedS = (performance.now() - t0) / 1000;
      const tenantId = (await platform.store.trials.get((trial.json() as { id: string }).id))!.tenantId!;
      const deadline = Date.now() + 600_000;
      let done = 0;
      while (Date.now() < deadline) {
        done = await platform.store.workTasks.count({ tenantId, where: { instanceId, status: 'done' } });
        const failed = await platform.store.workTasks.count({
          tenantId,
          where: { instanceId, status: 'failed' },
        });
        if (done + failed >= tasks - refused) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const wallS = (performance.now() - t0) / 1000;
      const latencies: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await platform.store.workTasks.list({
          tenantId,
          where: { instanceId, status: 'done' },
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        for (const t of page.items) latencies.push((t.data.finishedAt ?? t.createdAt) - t.createdAt);
        cursor = page.nextCursor;
      } while (cursor);
      latencies.sort((a, b) => a - b);
      return {
        value: done / wallS,
        extra: {
          tasks,
          done,
          refused,
          concurrency,
          acceptedPerSecond: (tasks - refused) / postedS,
          p50ms: percentile(latencies, 50),
          p95ms: percentile(latencies, 95),
          p99ms: percentile(latencies, 99),
        },
      };
    } finally {
      await platform.stop();
    }
  };
}

export function workTaskCells(ctx: BenchContext): CellSpec[] {
  const tasks = ctx.quick ? 300 : 3000;
  const concurrency = 16;
  return [
    {
      id: 'load.tasks-through-api',
      suite: 'load',
      metric: `Tasks/s through the API end to end (202 → deliverable stored), ${tasks.toLocaleString('en-US')} tasks, embedded`,
      unit: 'tasks/s',
      higherIsBetter: true,
      repeats: ctx.quick ? 1 : 2,
      noWarmup: true,
      notes: `POST /api/v1/instances/{id}/tasks in-process (Fastify inject: auth, rate limiter, zod; 202 after the row commits) by ${concurrency} concurrent callers; each task runs through the workforce and the agent runtime (ledger claim, trial budget, leadgen.segment-export, publish decision) and stores its deliverable; embedded default: SQLite WAL synchronous=FULL, durable in-process bus. Latency is the task row's finishedAt − createdAt.`,
      ours: workTasksRunner(ctx, tasks, concurrency),
    },
  ];
}
