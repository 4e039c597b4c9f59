// The port of the human-in-the-loop inbox's table (inbox_items): one row per thing waiting on a person,
// unique per source (kind + ref), with the open-and-due lookup the SLA sweeper runs.
import type { InboxKind, InboxReason, InboxStatus } from '../contracts/work.js';
import type { Entity, EntityRepository } from './entity-repository.js';

export type InboxDecision = 'approve' | 'reject' | 'modify';

export interface InboxAnswerRecord {
  decision: InboxDecision;
  comment: string | null;
  data: Record<string, unknown> | null;
  by: string;
  at: number;
  /** The revision task a MODIFY created, when it created one. */
  revisionTaskId: string | null;
}

export interface InboxItemRecord {
  kind: InboxKind;
  reason: InboxReason;
  status: InboxStatus;
  instanceId: string | null;
  agentId: string | null;
  taskId: string | null;
  jobId: string | null;
  deliverableId: string | null;
  title: string;
  body: string;
  actions: InboxDecision[];
  /** The registered source called back with the answer, and its own reference. */
  sourceKind: string;
  sourceRef: string;
  /** What a MODIFY re-runs as a revision task (the task's skill and input), when the item is tied to one. */
  revision: { skill: string; input: Record<string, unknown> } | null;
  dueAt: number;
  /** 0 = the customer, 1 = an operator. */
  escalationLevel: number;
  answer: InboxAnswerRecord | null;
}

export type InboxItemFilter = {
  kind: InboxKind;
  status: InboxStatus;
  instanceId: string;
  taskId: string;
  sourceKind: string;
};

export interface InboxItemRepository extends EntityRepository<InboxItemRecord, InboxItemFilter> {
  getBySource(kind: string, ref: string): Promise<Entity<InboxItemRecord> | undefined>;
  /** Open items due at or before `now` below `maxLevel`, oldest due first. */
  due(now: number, maxLevel: number, limit: number): Promise<Array<Entity<InboxItemRecord>>>;
}
