// A small client of the job-worker routes (`/api/v1/workflows/jobs`, decision 0032) for workers written
// in TypeScript in their own process: `@waooaw/server/job-client`. It uses only `fetch`; a worker loop
// (runJobWorker) long-polls, runs a handler per job and completes, fails or throws a BPMN error for it.
import { ErrorCode, PlatformError, type JsonValue } from '../errors.js';

export interface ActivatedJob {
  id: string;
  type: string;
  instanceId: string;
  elementId: string;
  variables: Record<string, unknown>;
  retries: number;
  lockUntil: number;
}

export interface JobOutcome {
  id: string;
  state: 'open' | 'completed' | 'failed' | 'cancelled';
  /** The same call had already been made: nothing changed. */
  repeated: boolean;
}

export interface JobWorkerClientOptions {
  /** The platform's base URL, e.g. http://localhost:3000. */
  baseUrl: string;
  /** A `wak_…` key from `waooaw api-keys create`. */
  apiKey: string;
  /** Names this worker on its locks; a completion after the lock went elsewhere is refused (409). */
  workerId: string;
  fetch?: typeof fetch;
}

type Variables = Record<string, JsonValue>;

export interface JobWorkerClient {
  /** Locks up to maxJobs open jobs of `type`; waits up to waitMs (long polling) when none is ready. */
  activate(o: { type: string; maxJobs?: number; lockMs?: number; waitMs?: number }): Promise<ActivatedJob[]>;
  complete(id: string, variables?: Variables): Promise<JobOutcome>;
  /** Retried after retryBackoffMs while `retries` remain, else an incident. */
  fail(id: string, o: { message: string; retries: number; retryBackoffMs?: number }): Promise<JobOutcome>;
  /** A BPMN error, caught by a matching error boundary of the task. */
  throwError(id: string, o: { code: string; message?: string; variables?: Variables }): Promise<JobOutcome>;
  extend(id: string, lockMs: number): Promise<ActivatedJob>;
}

export function createJobWorkerClient(options: JobWorkerClientOptions): JobWorkerClient {
  const jobs = `${options.baseUrl.replace(/\/+$/, '')}/api/v1/workflows/jobs`;
  const doFetch = options.fetch ?? fetch;
  const workerId = options.workerId;

  async function post<T>(path: string, body: object): Promise<T> {
    const res = await doFetch(`${jobs}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as T;
    // The platform's error body, `{error:{code,message,details}}`, keeps its code; anything else is 5xx-ish.
    const error = (() => {
      try {
        return (JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } }).error;
      } catch {
        return undefined;
      }
    })();
    const code = Object.values(ErrorCode).find((c) => c === error?.code) ?? 'UNAVAILABLE';
    throw new PlatformError(code, error?.message ?? `HTTP ${res.status} from ${path}`, {
      details: {
        status: res.status,
        path,
        ...(error?.details ? { server: error.details as JsonValue } : {}),
      },
    });
  }
  const job = (id: string, action: string) => `/${encodeURIComponent(id)}/${action}`;

  return {
    activate: async (o) => (await post<{ jobs: ActivatedJob[] }>('/activate', { ...o, workerId })).jobs,
    complete: (id, variables = {}) => post(job(id, 'complete'), { workerId, variables }),
    fail: (id, o) => post(job(id, 'fail'), { ...o, workerId }),
    throwError: (id, o) => post(job(id, 'bpmn-error'), { ...o, workerId }),
    extend: (id, lockMs) => post(job(id, 'extend'), { workerId, lockMs }),
  };
}

/** Thrown by a handler to end the task with a BPMN error rather than a failure. */
export class JobBpmnError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly variables: Variables = {},
  ) {
    super(message ?? code);
  }
}

export interface RunJobWorkerOptions {
  type: string;
  /** The work: its variables complete the job; a JobBpmnError throws a BPMN error; anything else fails it. */
  handler(job: ActivatedJob): Promise<Variables | void> | Variables | void;
  /** Ends the loop (after the current long poll returns). */
  signal: AbortSignal;
  lockMs?: number;
  waitMs?: number;
  maxJobs?: number;
  /** Back-off of a failed job before its retry (default 0). */
  retryBackoffMs?: number;
  /** A call to the platform failed (it is down, or refused); the loop goes on after `pauseMs`. */
  onError?(error: unknown): void;
  pauseMs?: number;
}

/** Works jobs of one type until `signal` aborts. */
export async function runJobWorker(client: JobWorkerClient, o: RunJobWorkerOptions): Promise<void> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, o.pauseMs ?? 1000));
  while (!o.signal.aborted) {
    try {
      const batch = await client.activate({
        type: o.type,
        waitMs: o.waitMs ?? 20_000,
        ...(o.lockMs ? { lockMs: o.lockMs } : {}),
        ...(o.maxJobs ? { maxJobs: o.maxJobs } : {}),
      });
      for (const j of batch) await work(client, o, j);
    } catch (error) {
      o.onError?.(error);
      if (!o.signal.aborted) await pause();
    }
  }
}

async function work(client: JobWorkerClient, o: RunJobWorkerOptions, job: ActivatedJob): Promise<void> {
  let result: Variables | void;
  try {
    result = await o.handler(job);
  } catch (error) {
    if (error instanceof JobBpmnError) {
      await client.throwError(job.id, {
        code: error.code,
        message: error.message,
        variables: error.variables,
      });
      return;
    }
    await client.fail(job.id, {
      message: error instanceof Error ? error.message : String(error),
      retries: Math.max(0, job.retries - 1),
      retryBackoffMs: o.retryBackoffMs ?? 0,
    });
    return;
  }
  await client.complete(job.id, result ?? {});
}
