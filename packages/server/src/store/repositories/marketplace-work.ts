// Typed tables of delivered work: deliverables, their approvals and the reviews of hires.
import type { Entity } from '../entity-repository.js';
import type {
  ApprovalRepository,
  DeliverableRepository,
  ReviewRepository,
} from '../marketplace-repositories.js';
import type { ApprovalRecord, DeliverableRecord, ReviewRecord } from '../marketplace-records.js';
import type { SqlContext } from '../sql-context.js';
import {
  SqlEntityTable,
  jsonIn,
  jsonOut,
  num,
  numOrNull,
  str,
  strOrNull,
  type EntityTableSpec,
} from './entity-table.js';

type DeliverableFilter = {
  trialId: string;
  hireId: string;
  agentId: string;
  status: DeliverableRecord['status'];
  skillId: string;
  title: string;
};
const deliverables: EntityTableSpec<DeliverableRecord, DeliverableFilter> = {
  table: 'mkt_deliverables',
  noun: 'deliverable',
  tenantOwned: true,
  toRow: (d) => ({
    trial_id: d.trialId,
    hire_id: d.hireId,
    agent_id: d.agentId,
    instance_name: d.instanceName,
    title: d.title,
    summary: d.summary,
    skill_id: d.skillId,
    method: d.method,
    status: d.status,
    markdown: d.markdown,
    output: jsonIn(d.output, 'output'),
    checks: jsonIn(d.checks, 'checks'),
    confidence: d.confidence,
    review_comment: d.reviewComment,
    approval_id: d.approvalId,
  }),
  fromRow: (r, dialect) => ({
    trialId: strOrNull(r.trial_id),
    hireId: strOrNull(r.hire_id),
    agentId: str(r.agent_id),
    instanceName: str(r.instance_name),
    title: str(r.title),
    summary: str(r.summary),
    skillId: str(r.skill_id),
    method: str(r.method) as DeliverableRecord['method'],
    status: str(r.status) as DeliverableRecord['status'],
    markdown: str(r.markdown),
    output: jsonOut(r.output, dialect),
    checks: jsonOut(r.checks, dialect),
    confidence: num(r.confidence),
    reviewComment: strOrNull(r.review_comment),
    approvalId: strOrNull(r.approval_id),
  }),
  filters: {
    trialId: 'trial_id',
    hireId: 'hire_id',
    agentId: 'agent_id',
    status: 'status',
    skillId: 'skill_id',
    title: 'title',
  },
};

export class SqlDeliverables
  extends SqlEntityTable<DeliverableRecord, DeliverableFilter>
  implements DeliverableRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, deliverables);
  }
}

type ApprovalFilter = {
  deliverableId: string;
  trialId: string;
  hireId: string;
  agentId: string;
  status: ApprovalRecord['status'];
};
const approvals: EntityTableSpec<ApprovalRecord, ApprovalFilter> = {
  table: 'mkt_approvals',
  noun: 'approval',
  tenantOwned: true,
  toRow: (a) => ({
    deliverable_id: a.deliverableId,
    trial_id: a.trialId,
    hire_id: a.hireId,
    agent_id: a.agentId,
    instance_name: a.instanceName,
    title: a.title,
    summary: a.summary,
    status: a.status,
    comment: a.comment,
    decided_by: a.decidedBy,
    decided_at: a.decidedAt,
    due_at: a.dueAt,
  }),
  fromRow: (r) => ({
    deliverableId: str(r.deliverable_id),
    trialId: strOrNull(r.trial_id),
    hireId: strOrNull(r.hire_id),
    agentId: str(r.agent_id),
    instanceName: str(r.instance_name),
    title: str(r.title),
    summary: str(r.summary),
    status: str(r.status) as ApprovalRecord['status'],
    comment: strOrNull(r.comment),
    decidedBy: strOrNull(r.decided_by),
    decidedAt: numOrNull(r.decided_at),
    dueAt: num(r.due_at),
  }),
  filters: {
    deliverableId: 'deliverable_id',
    trialId: 'trial_id',
    hireId: 'hire_id',
    agentId: 'agent_id',
    status: 'status',
  },
  naturalKey: { columns: ['deliverable_id'], of: (a) => ({ deliverable_id: a.deliverableId }) },
};

export class SqlApprovals
  extends SqlEntityTable<ApprovalRecord, ApprovalFilter>
  implements ApprovalRepository
{
  constructor(ctx: SqlContext) {
    super(ctx, approvals);
  }
}

type ReviewFilter = { agentId: string; hireId: string; userId: string };
const reviews: EntityTableSpec<ReviewRecord, ReviewFilter> = {
  table: 'mkt_reviews',
  noun: 'review',
  tenantOwned: true,
  toRow: (r) => ({
    agent_id: r.agentId,
    hire_id: r.hireId,
    user_id: r.userId,
    rating: r.rating,
    comment: r.comment,
  }),
  fromRow: (r) => ({
    agentId: str(r.agent_id),
    hireId: str(r.hire_id),
    userId: str(r.user_id),
    rating: num(r.rating),
    comment: str(r.comment),
  }),
  filters: { agentId: 'agent_id', hireId: 'hire_id', userId: 'user_id' },
  naturalKey: { columns: ['hire_id'], of: (r) => ({ hire_id: r.hireId }) },
};

export class SqlReviews extends SqlEntityTable<ReviewRecord, ReviewFilter> implements ReviewRepository {
  constructor(ctx: SqlContext) {
    super(ctx, reviews);
  }

  getByHire(hireId: string): Promise<Entity<ReviewRecord> | undefined> {
    return this.findBy({ hire_id: hireId });
  }
}
