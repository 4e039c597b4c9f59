// Records of the work-orders tables (issue 13, decision 0047): agent instances, the tasks customers
// give them and the files those tasks read. One typed row each, tenant_id on every row.
import type { FileKind, TaskReceipt, TaskSource, TaskStatus, WorkingHours } from '../contracts/work.js';
import type { SkillCheck } from '../contracts/contracts.js';

/**
 * One engagement's working agent. Status, name and approval mode are read from the trial / hire it
 * stands for; `runtimeKey` is the id the agent runtime and the workforce know it by (the trial id
 * while a trial, the hire id once hired), so the runtime is not re-keyed.
 */
export interface InstanceRecord {
  agentId: string;
  trialId: string;
  hireId: string | null;
  runtimeKey: string;
  workingHours: WorkingHours;
}

export interface TaskRecord {
  instanceId: string;
  agentId: string;
  skill: string;
  status: TaskStatus;
  source: TaskSource;
  /** As the customer gave it: file references stay `{"$file": id}`. */
  input: Record<string, unknown>;
  priority: number;
  progress: { fraction: number; step: string };
  summary: string | null;
  checks: SkillCheck[];
  receipts: TaskReceipt[];
  deliverableIds: string[];
  /** The approval (inbox item) the deliverable waits in, while awaiting approval. */
  inboxItemId: string | null;
  error: { code: string; message: string } | null;
  revisionOf: string | null;
  revisionComment: string | null;
  scheduleId: string | null;
  webhookId: string | null;
  jobId: string | null;
  idempotencyKey: string | null;
  /** Requests made on the bus (the first plus the sweeper's re-requests). */
  attempts: number;
  /** When it was last requested: the sweeper re-requests queued tasks whose request is older than a lease. */
  requestedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface FileRecord {
  name: string;
  kind: FileKind;
  mediaType: string;
  size: number;
  sha256: string;
  /** Tables: the header and the data rows (cells as text). */
  columns: string[] | null;
  rows: string[][] | null;
  /** Documents: the extracted text; tables: the original text (CSV) or a CSV rendering (XLSX). */
  text: string;
}
