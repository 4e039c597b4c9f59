// Words for the work-orders states (task status, task source, inbox kinds and reasons, job timeline
// entries) and the pill colour each shows in, so every work page says them the same way.
import type {
  InboxKind,
  InboxReason,
  InstanceStatus,
  JobEvent,
  JobStatus,
  TaskSource,
  TaskStatus,
} from '@waooaw/server/contracts';

interface Pill {
  label: string;
  cls: string;
}

export const taskStatusPill: Record<TaskStatus, Pill> = {
  queued: { label: 'Queued', cls: 'pill-provisioning' },
  running: { label: 'Running', cls: 'pill-provisioning' },
  'awaiting-approval': { label: 'Awaiting your approval', cls: 'pill-active' },
  done: { label: 'Done', cls: 'pill-converted' },
  failed: { label: 'Failed', cls: 'pill-cancelled' },
  cancelled: { label: 'Cancelled', cls: 'pill-expired' },
};

export const instanceStatusPill: Record<InstanceStatus, Pill> = {
  active: { label: 'Working', cls: 'pill-active' },
  paused: { label: 'Paused', cls: 'pill-provisioning' },
  ended: { label: 'Ended', cls: 'pill-expired' },
};

export const jobStatusPill: Record<JobStatus, Pill> = {
  running: { label: 'Running', cls: 'pill-provisioning' },
  'awaiting-approval': { label: 'Awaiting your approval', cls: 'pill-active' },
  done: { label: 'Done', cls: 'pill-converted' },
  failed: { label: 'Failed', cls: 'pill-cancelled' },
  cancelled: { label: 'Cancelled', cls: 'pill-expired' },
  compensated: { label: 'Rolled back', cls: 'pill-cancelled' },
};

export const taskSourceLabel: Record<TaskSource, string> = {
  api: 'you asked',
  schedule: 'on schedule',
  webhook: 'inbound event',
  job: 'part of a job',
  coordinator: 'routed by the coordinator',
  revision: 'revision you asked for',
  handoff: 'handed over by another agent',
};

export const inboxKindLabel: Record<InboxKind, string> = {
  approval: 'Approval',
  'user-task': 'Workflow step',
  escalation: 'Escalation',
  question: 'Question',
};

export const inboxReasonLabel: Record<InboxReason, string> = {
  'review-all': 'You review all work',
  'spec-requires-review': 'This kind of work is always reviewed',
  'workflow-approval': 'A workflow waits for your go-ahead',
  'budget-exhausted': 'The budget is spent',
  'low-confidence': 'The agent is not sure',
  'invalid-model-output': 'An answer failed its checks',
  'deadline-passed': 'A colleague agent did not answer in time',
  'agent-question': 'The agent asks you',
  'budget-alert': 'Budget alert',
};

export const jobEventLabel: Record<JobEvent['kind'], string> = {
  routed: 'Routed',
  'task-started': 'Started',
  'task-finished': 'Finished',
  consult: 'Consulted',
  'consult-answered': 'Answered',
  handoff: 'Handed off',
  'handoff-accepted': 'Handoff accepted',
  escalation: 'Escalated',
  approval: 'Approval',
  compensated: 'Rolled back',
  note: 'Note',
};

export const decisionLabel = { approve: 'Approve', reject: 'Reject', modify: 'Ask for changes' } as const;

/** "Mon 7 Dec, 09:00" (with seconds for a timeline), in the reader's locale and time zone. */
export const dateTime = (iso: string, seconds = false): string =>
  new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : { weekday: 'short' }),
  });
