// How a stored task reads over HTTP, and how a run's decision becomes a task's receipt.
import type { Task, TaskReceipt } from '../../contracts/work.js';
import type { Entity } from '../../store/entity-repository.js';
import type { DecisionRecord } from '../../store/repositories/runtime-decisions.js';
import type { TaskRecord } from '../../store/work-records.js';
import { iso, isoOrNull } from '../time.js';

export function taskView(doc: Entity<TaskRecord>, skillTitle: string): Task {
  const t = doc.data;
  return {
    id: doc.id,
    instanceId: t.instanceId,
    agentId: t.agentId,
    skill: t.skill,
    skillTitle,
    status: t.status,
    source: t.source,
    input: t.input,
    priority: t.priority,
    progress: t.progress,
    summary: t.summary,
    checks: t.checks,
    receipts: t.receipts,
    deliverableIds: t.deliverableIds,
    inboxItemId: t.inboxItemId,
    error: t.error,
    revisionOf: t.revisionOf,
    revisionComment: t.revisionComment,
    scheduleId: t.scheduleId,
    webhookId: t.webhookId,
    jobId: t.jobId,
    attempts: t.attempts,
    createdAt: iso(doc.createdAt),
    startedAt: isoOrNull(t.startedAt),
    finishedAt: isoOrNull(t.finishedAt),
  };
}

const METHODS: Record<string, TaskReceipt['method']> = {
  cache: 'cache',
  deterministic: 'rules',
  rules: 'rules',
  memory: 'memory',
  model: 'model',
  human: 'human',
};

/** The receipt of one runtime decision (tier, confidence, cost in USD, reason). */
export function receiptOf(d: DecisionRecord): TaskReceipt {
  return {
    decisionId: d.id,
    method: METHODS[d.method] ?? 'offline',
    confidence: d.confidence,
    cost: { amount: d.costMicros / 1_000_000, currency: 'USD' },
    reason: d.reason,
    at: iso(d.createdAt),
  };
}
