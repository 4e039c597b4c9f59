// The engine side of trials' timelines (the TrialTimeline port of marketplace/trials): starts, moves,
// cancels and interrupts a trial's `trial` instance. Built from the engine and the store alone, so the
// composition root makes it before the TrialService and hands it over at construction; the workflow's
// handlers (trial-workflow.ts), registered once the services exist, act through the TrialService.
import type { Engine } from '../../engine/engine.js';
import type { InstanceView } from '../../engine/engine-types.js';
import { isPlatformError } from '../../errors.js';
import { OPEN_STATUSES } from '../../marketplace/trials/trial-rules.js';
import type { TrialTimeline } from '../../marketplace/trials/trial-timeline.js';
import { iso } from '../../marketplace/time.js';
import type { Entity } from '../../store/entity-repository.js';
import type { TrialRecord } from '../../store/marketplace-records.js';
import type { Store } from '../../store/store.js';

export const TRIAL_DEFINITION = 'trial';
export const TRIAL_HIRED = 'trial.hired';
export const TRIAL_EXTENDED = 'trial.extended';

/** The states of an instance still running. */
export const RUNNING: InstanceView['status'][] = ['active', 'waiting', 'suspended'];

export const isRunning = (view: InstanceView | undefined): view is InstanceView =>
  view !== undefined && RUNNING.includes(view.status);

/** The TrialTimeline on the engine, plus what the trial workflow's handlers share with it. */
export interface EngineTrialTimeline extends TrialTimeline {
  /** The instance, when it exists. */
  instance(id: string | null): Promise<InstanceView | undefined>;
  /** Starts the trial's instance (idempotent) and records its id on the trial. */
  start(doc: Entity<TrialRecord>): Promise<Entity<TrialRecord>>;
  /** Sends a running instance whatever it missed about its trial (converted, cancelled, extended). */
  align(doc: Entity<TrialRecord>, view: InstanceView): Promise<void>;
}

export function createTrialTimeline(deps: { engine: Engine; store: Store }): EngineTrialTimeline {
  const { engine, store } = deps;

  async function instance(id: string | null): Promise<InstanceView | undefined> {
    if (!id) return undefined;
    try {
      return await engine.getInstance(id);
    } catch (err) {
      if (isPlatformError(err, 'NOT_FOUND')) return undefined;
      throw err;
    }
  }

  async function start(doc: Entity<TrialRecord>): Promise<Entity<TrialRecord>> {
    // The first instance of a trial is `trial:<id>`; a trial that becomes active again after its
    // instance ended gets a new one named after the record version, so a repeated call is idempotent.
    const instanceId = doc.data.workflowInstanceId ? `trial:${doc.id}:${doc.version}` : `trial:${doc.id}`;
    const user = await store.accounts.get(doc.data.userId);
    try {
      await engine.startInstance(TRIAL_DEFINITION, {
        instanceId,
        businessKey: doc.id,
        actor: 'marketplace',
        variables: {
          trial_id: doc.id,
          customer_id: doc.tenantId ?? doc.data.userId,
          agent_type: doc.data.agentId,
          ...(user ? { email: user.data.email } : {}),
        },
      });
    } catch (err) {
      if (!isPlatformError(err, 'CONFLICT')) throw err;
    }
    return store.trials.modify(doc.id, (t) => ({
      ...t,
      workflowInstanceId: instanceId,
    }));
  }

  /** Sends a running instance whatever it missed about its trial. */
  async function align(doc: Entity<TrialRecord>, view: InstanceView): Promise<void> {
    const t = doc.data;
    if (t.status === 'CONVERTED') {
      await engine.correlate(TRIAL_HIRED, {
        businessKey: doc.id,
        messageId: `${TRIAL_HIRED}:${doc.id}`,
        payload: { hire_id: t.hireId },
      });
    } else if (t.status === 'CANCELLED') {
      await engine.cancel(view.instanceId, {
        actor: 'marketplace',
        reason: t.cancelReason ?? 'trial cancelled',
      });
    } else if (
      OPEN_STATUSES.has(t.status) &&
      typeof view.variables.trial_ends_at === 'string' &&
      view.variables.trial_ends_at !== iso(t.endsAt)
    ) {
      await engine.correlate(TRIAL_EXTENDED, {
        businessKey: doc.id,
        messageId: `${TRIAL_EXTENDED}:${doc.id}:${t.endsAt}`,
        payload: { trial_ends_at: iso(t.endsAt) },
      });
    }
  }

  return {
    instance,
    start,
    align,
    async track(doc) {
      const view = await instance(doc.data.workflowInstanceId);
      if (isRunning(view)) {
        await align(doc, view);
        return doc;
      }
      return OPEN_STATUSES.has(doc.data.status) ? start(doc) : doc;
    },
    async extended(doc) {
      const view = await instance(doc.data.workflowInstanceId);
      if (isRunning(view)) await align(doc, view);
      else if (OPEN_STATUSES.has(doc.data.status)) await start(doc);
    },
    async cancelled(doc) {
      const view = await instance(doc.data.workflowInstanceId);
      if (isRunning(view))
        await engine.cancel(view.instanceId, {
          actor: 'marketplace',
          reason: doc.data.cancelReason ?? 'trial cancelled',
        });
    },
  };
}
