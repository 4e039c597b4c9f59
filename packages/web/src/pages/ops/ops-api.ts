// The console's client for the staff routes it drives: the overview, workflows (/api/v1/workflows) and
// the dead-letter queue (/api/v1/ops/dlq). Shapes mirror the route schemas; calls go through the
// app's `request`, so they carry the session and refresh it like every other signed-in call.
import type { InstanceStatusName, OpsOverview } from '@waooaw/server/contracts';
import { request } from '../../api.js';

export type InstanceStatus = InstanceStatusName;
// Types only from the contract (zod stays out of the bundle); the record makes tsc check the list is whole.
const statusSet: Record<InstanceStatus, true> = {
  active: true,
  waiting: true,
  suspended: true,
  completed: true,
  failed: true,
  cancelled: true,
  compensated: true,
};
export const instanceStatuses = Object.keys(statusSet) as InstanceStatus[];

export interface DefinitionInfo {
  definitionId: string;
  version: number;
  name: string | null;
  versionTag: string | null;
  createdAt: number;
  format?: string;
}
export interface DefinitionDetail {
  definitionId: string;
  version: number;
  format: string;
  source: string;
  versions: DefinitionInfo[];
}
export interface Deployed {
  definitionId: string;
  version: number;
  created: boolean;
  name: string | null;
}
export interface InstanceRow {
  instanceId: string;
  definitionId: string;
  version: number;
  businessKey: string | null;
  state: InstanceStatus;
  createdAt: number;
  endedAt: number | null;
}
export interface ErrorInfo {
  code: string;
  message: string;
}
export interface InstanceView {
  instanceId: string;
  definitionId: string;
  version: number;
  businessKey: string | null;
  status: InstanceStatus;
  startedAt: number;
  endedAt: number | null;
  error: ErrorInfo | null;
  variables: Record<string, unknown>;
  activeElements: string[];
  incidents: { incidentId: string; elementId: string; error: ErrorInfo; at: number }[];
  userTasks: { taskId: string; elementId: string; title: string }[];
  timers: { timerId: string; elementId: string; purpose: string; dueAt: number }[];
  historyLength: number;
}
export interface HistoryEvent {
  seq: number;
  at: number;
  type: string;
  elementId?: string;
  [key: string]: unknown;
}
export interface VariableChange {
  name: string;
  value: unknown;
  version: number;
  actor: string;
  at: number;
}
export interface DeadLetter {
  id: string;
  group: string;
  reason: string;
  deliveries: number;
  deadAt: number;
  message: {
    id: string;
    topic: string;
    priority: number;
    payload: unknown;
    publishedAt: number;
    from?: string;
  };
  errors: { code: string; message: string; at: number; attempt: number }[];
}

type Query = Record<string, string | number | undefined>;

function url(path: string, query: Query = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function get<T>(path: string, query?: Query): Promise<T> {
  return (await (await request(url(path, query), { auth: true })).json()) as T;
}

async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return (await (await request(path, { method: 'POST', body, auth: true })).json()) as T;
}

const wf = '/api/v1/workflows';
const id = encodeURIComponent;

export const opsApi = {
  overview: () => get<OpsOverview>('/api/v1/ops/overview'),

  definitions: () => get<{ items: DefinitionInfo[] }>(`${wf}/definitions`),
  definition: (definitionId: string, version?: number) =>
    get<DefinitionDetail>(`${wf}/definitions/${id(definitionId)}`, { version }),
  /** `processId` chooses the process of a BPMN file holding several executable ones. */
  deploy: (source: string, processId?: string) =>
    post<Deployed>(`${wf}/definitions`, processId ? { source, processId } : { source }),
  /** BPMN 2.0 XML with its diagram (the engine draws one for definitions deployed without). */
  bpmn: async (definitionId: string, version: number) =>
    (await request(url(`${wf}/definitions/${id(definitionId)}/bpmn`, { version }), { auth: true })).text(),

  instances: (filter: { definitionId?: string; status?: string; businessKey?: string; cursor?: string }) =>
    get<{ items: InstanceRow[]; nextCursor?: string }>(`${wf}/instances`, { ...filter, limit: 50 }),
  instance: (instanceId: string) => get<InstanceView>(`${wf}/instances/${id(instanceId)}`),
  history: (instanceId: string) =>
    get<{ items: HistoryEvent[] }>(`${wf}/instances/${id(instanceId)}/history`),
  variableHistory: (instanceId: string) =>
    get<{ items: VariableChange[] }>(`${wf}/instances/${id(instanceId)}/variables/history`),
  suspend: (instanceId: string) => post(`${wf}/instances/${id(instanceId)}/suspend`),
  resume: (instanceId: string) => post(`${wf}/instances/${id(instanceId)}/resume`),
  cancel: (instanceId: string, reason: string) =>
    post(`${wf}/instances/${id(instanceId)}/cancel`, reason ? { reason } : {}),
  retryIncident: (instanceId: string, incidentId: string) =>
    post(`${wf}/instances/${id(instanceId)}/retry`, { incidentId }),
  migrate: (instanceId: string, toVersion: number) =>
    post(`${wf}/instances/${id(instanceId)}/migrate`, { toVersion, mapping: {} }),

  deadLetters: (filter: { group?: string; reason?: string; cursor?: string }) =>
    get<{ items: DeadLetter[]; nextCursor?: string }>('/api/v1/ops/dlq', { ...filter, limit: 100 }),
  retryDeadLetter: (deadLetterId: string) =>
    post<{ retried: number }>(`/api/v1/ops/dlq/${id(deadLetterId)}/retry`),
  retryMatching: (match: string) => post<{ retried: number }>('/api/v1/ops/dlq/retry', { match }),
  discardDeadLetter: (deadLetterId: string, reason: string) =>
    post<{ discarded: string }>(`/api/v1/ops/dlq/${id(deadLetterId)}/discard`, { reason }),
};

/** Query keys of the console, so an action refreshes exactly what it changed. */
export const opsKeys = {
  overview: ['ops', 'overview'] as const,
  definitions: ['ops', 'definitions'] as const,
  definition: (definitionId: string) => ['ops', 'definitions', definitionId] as const,
  instances: ['ops', 'instances'] as const,
  instance: (instanceId: string) => ['ops', 'instances', instanceId] as const,
  deadLetters: ['ops', 'dlq'] as const,
};

/** Epoch ms as a short local date and time. */
export function when(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}
