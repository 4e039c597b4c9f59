// What the workforce needs from the marketplace, as small ports the platform injects: which hired or
// trial instances are working now (with their setup), and where a customer-visible deliverable goes
// (the tenant's dashboard, or its approvals inbox when the work must be reviewed first).
import type { BusinessInfo } from '../../skills/work-input.js';
import type { JsonValue } from '../../errors.js';
import type { SkillCheck } from '../../skills/skill.js';

/** The customer's business, as captured by the trial setup wizard. */
export type WorkforceBusinessInfo = BusinessInfo;

export type WorkforceApprovalMode = 'review_all' | 'auto_publish';

/** One working instance of an agent for one tenant: a trial or a hire. */
export interface WorkforceInstance {
  /** The trial or hire id; also the agent runtime's instance id. */
  id: string;
  kind: 'trial' | 'hire';
  tenantId: string;
  /** Agent type: the spec id, e.g. `email-marketing`. */
  agentId: string;
  /** The customer's name for it ("Blog desk"). */
  instanceName: string;
  approvalMode: WorkforceApprovalMode;
  business: WorkforceBusinessInfo;
  trialId: string | null;
  hireId: string | null;
  /** Who to tell when something waits for approval; null when nobody is to be told. */
  notify: { channel: 'email' | 'in_app'; userId: string; email: string } | null;
}

/**
 * The instances that work now. Guarantees: `listActive` returns every open trial (provisioning or
 * active, grace included) and every active hire, across tenants; a paused, cancelled, expired or
 * converted one is absent. `get` answers the same question for one id (undefined when not working).
 */
export interface WorkforceInstanceSource {
  listActive(): Promise<WorkforceInstance[]>;
  get(instanceId: string): Promise<WorkforceInstance | undefined>;
  /**
   * Charges one run (and `costUsd` of model spend) to a trial's hard budget before the work runs.
   * Fails with BUDGET_EXHAUSTED when the trial's budget is used up; hires are not charged per run.
   * Absent: nothing is charged.
   */
  chargeRun?(instance: WorkforceInstance, costUsd: number): Promise<void>;
}

/** A finished piece of work for a tenant, ready for its dashboard. */
export interface WorkforceDeliverable {
  instance: WorkforceInstance;
  skillId: string;
  title: string;
  /**
   * `review_all` holds it in the tenant's approvals inbox until a human decides; `auto_publish`
   * publishes it. The workforce's publish decision sets it (the instance's mode, or review when a
   * check failed or the spec demands review for this skill).
   */
  approvalMode: WorkforceApprovalMode;
  result: {
    output: JsonValue;
    summary: string;
    markdown: string;
    checks: SkillCheck[];
    /** Which produced it: the offline skill or a model. The UI shows it. */
    method: 'offline' | 'model';
    confidence: number;
  };
  /** Stable key of the work unit (task id, event or schedule slot) that produced it. */
  workKey: string;
}

export interface WorkforceDeliverableReceipt {
  deliverableId: string;
  status: 'pending_approval' | 'published';
  /** The approvals-inbox item holding it, when it waits for a decision. */
  approvalId: string | null;
}

/**
 * Where customer-visible deliverables go. Guarantees: the deliverable is stored for `instance.tenantId`
 * only; with `approvalMode: 'review_all'` it waits in that tenant's approvals inbox (status
 * `pending_approval`) in the same transaction, otherwise it is published. Failure: rejects, and
 * nothing is stored.
 */
export interface WorkforceDeliverableSink {
  record(deliverable: WorkforceDeliverable): Promise<WorkforceDeliverableReceipt>;
}
