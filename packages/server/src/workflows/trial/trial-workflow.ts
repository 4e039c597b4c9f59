// Marketplace trials run as the engine's `trial` workflow (business key = trial id). The workflow's
// timers decide when; its handlers act through the TrialService (`sweep` sends the reminder, the grace
// notice or the expiry that is due) so the trial record stays the one source of truth. Starting,
// extending and cancelling a trial go through the timeline (trial-timeline.ts) the TrialService was
// built with; conversions heard on the activity feed interrupt the instance here.
import type { Clock } from '../../clock.js';
import type { Engine } from '../../engine/engine.js';
import type { TaskContext } from '../../engine/engine-types.js';
import { PlatformError, type JsonValue } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import type { ApprovalRecord, DeliverableRecord, TrialRecord } from '../../store/marketplace-records.js';
import { OPEN_STATUSES } from '../../marketplace/trials/trial-rules.js';
import { iso } from '../../marketplace/time.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import { EffectLedger } from '../effect-ledger.js';
import { sendMailOnce } from '../send-mail-once.js';
import { RUNNING, TRIAL_DEFINITION, isRunning, type EngineTrialTimeline } from './trial-timeline.js';

export { TRIAL_DEFINITION, TRIAL_EXTENDED, TRIAL_HIRED } from './trial-timeline.js';
/** One record per finished trial workflow: converted, nurtured, churned or cancelled. */
export const TRIAL_OUTCOMES = 'trial_outcomes';
const REMINDER_BY_HOURS: Record<number, '2d' | '1d' | '6h'> = { 48: '2d', 24: '1d', 6: '6h' };

export interface TrialOutcome {
  trialId: string;
  tenantId: string | null;
  agentId: string;
  instanceId: string;
  outcome: 'converted' | 'nurtured' | 'churned' | 'cancelled';
  engagementScore: number;
  hireId: string | null;
  at: number;
}

export interface TrialWorkflowDeps {
  engine: Engine;
  /** The timeline the TrialService was built with (on the same store). */
  timeline: EngineTrialTimeline;
  marketplace: Pick<MarketplaceServices, 'trials' | 'mailer' | 'activity' | 'catalogue' | 'limits'>;
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** When present, re-read at once after a trial ends or converts so its agent stops or carries on now. */
  workforce?: { sync(): Promise<unknown> } | undefined;
}

export interface TrialWorkflow {
  /** Brings running instances in line with their trials (converted, cancelled, extended); returns how many it checked. */
  reconcile(): Promise<number>;
  /** Resolves when conversions seen in the activity feed have been passed to the engine. */
  idle(): Promise<void>;
  /** Stops listening to the activity feed. */
  stop(): void;
}

/** Registers the trial handlers on `engine`, listens for conversions and reconciles running instances. */
export async function registerTrialWorkflow(deps: TrialWorkflowDeps): Promise<TrialWorkflow> {
  const { engine, marketplace, store, clock, ids, logger } = deps;
  const { instance, start, align } = deps.timeline;
  const ledger = new EffectLedger({ store, clock, ids });
  const pending = new Set<Promise<void>>();

  async function trialOf(
    ctx: Pick<TaskContext, 'variables' | 'businessKey' | 'elementId'>,
  ): Promise<Entity<TrialRecord>> {
    const id = typeof ctx.variables.trial_id === 'string' ? ctx.variables.trial_id : ctx.businessKey;
    if (!id)
      throw new PlatformError(
        'VALIDATION',
        `Step ${ctx.elementId} needs the trial id (variable trial_id or the business key)`,
        { retryable: false, details: { field: 'trial_id' } },
      );
    const doc = await store.trials.get(id);
    if (!doc)
      throw new PlatformError('NOT_FOUND', `trial ${id} not found`, {
        retryable: false,
        details: { trialId: id },
      });
    return doc;
  }

  async function reload(doc: Entity<TrialRecord>): Promise<Entity<TrialRecord>> {
    return (await store.trials.get(doc.id)) ?? doc;
  }

  async function resync(): Promise<void> {
    // The workforce also re-reads on its own schedule; this only makes the change take effect now.
    await deps.workforce
      ?.sync()
      .catch((err: unknown) => logger.warn({ err }, 'workforce sync after a trial change failed'));
  }

  /** Customer engagement so far: deliverables produced for the trial plus two per decision taken on one. */
  async function engagementScore(doc: Entity<TrialRecord>): Promise<number> {
    const tenantId = doc.tenantId ?? '';
    const [deliverables, approvals, open] = await Promise.all([
      store.deliverables.count({ tenantId, where: { trialId: doc.id } }),
      store.approvals.count({ tenantId, where: { trialId: doc.id } }),
      store.approvals.count({
        tenantId,
        where: { trialId: doc.id, status: 'pending' satisfies ApprovalRecord['status'] },
      }),
    ]);
    return deliverables + 2 * (approvals - open);
  }

  async function recordOutcome(
    ctx: TaskContext,
    doc: Entity<TrialRecord>,
    outcome: TrialOutcome['outcome'],
  ): Promise<TrialOutcome> {
    const data: TrialOutcome = {
      trialId: doc.id,
      tenantId: doc.tenantId,
      agentId: doc.data.agentId,
      instanceId: ctx.instanceId,
      outcome,
      engagementScore:
        typeof ctx.variables.engagement_score === 'number' ? ctx.variables.engagement_score : 0,
      hireId: doc.data.hireId,
      at: clock.now(),
    };
    const key = `${doc.id}:${ctx.instanceId}`;
    return (
      await store.documents.insert<TrialOutcome>({
        collection: TRIAL_OUTCOMES,
        id: ids.next('tro'),
        tenantId: doc.tenantId,
        key,
        data,
      })
    ).document.data;
  }

  /** A hire was recorded (activity feed, after its transaction committed): interrupt the trials it converted. */
  async function onHired(activityId: string): Promise<void> {
    const activity = await store.activity.get(activityId);
    if (!activity?.tenantId) return;
    const converted = await store.trials.list({
      tenantId: activity.tenantId,
      order: 'desc',
      limit: 20,
      where: { agentId: activity.data.agentId, status: 'CONVERTED' },
    });
    for (const doc of converted.items) {
      const view = await instance(doc.data.workflowInstanceId);
      if (isRunning(view)) await align(doc, view);
    }
  }

  const unsubscribe = marketplace.activity.subscribe((item) => {
    if (item.kind !== 'hired') return;
    const p: Promise<void> = onHired(item.id)
      .catch((err: unknown) =>
        logger.error({ err, activityId: item.id }, 'trial conversion not passed to the workflow'),
      )
      .finally(() => pending.delete(p));
    pending.add(p);
  });

  async function reconcile(): Promise<number> {
    let checked = 0;
    let cursor: string | undefined;
    do {
      const page = await engine.listInstances({
        definitionId: TRIAL_DEFINITION,
        state: RUNNING,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      for (const rec of page.items) {
        checked++;
        try {
          const doc = rec.businessKey ? await store.trials.get(rec.businessKey) : undefined;
          if (!doc)
            await engine.cancel(rec.instanceId, {
              actor: 'marketplace',
              reason: 'the trial no longer exists',
            });
          else if (doc.data.workflowInstanceId === rec.instanceId)
            await align(doc, await engine.getInstance(rec.instanceId));
        } catch (err) {
          logger.error({ err, instanceId: rec.instanceId }, 'trial workflow not reconciled');
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return checked;
  }

  // ---- handlers -----------------------------------------------------------------------------------

  engine.registerHandler('trial.provision', async (ctx) => {
    let doc = await trialOf(ctx);
    // Normally provisioned when the trial started; a start interrupted by a crash finishes here.
    if (doc.data.status === 'PROVISIONING') {
      await marketplace.trials.sweep(doc.id);
      doc = await reload(doc);
    }
    return {
      trial_id: doc.id,
      trial_ends_at: iso(doc.data.endsAt),
      grace_hours: marketplace.limits.graceHours,
    };
  });

  engine.registerHandler('trial.daily_engagement', async (ctx) => {
    const doc = await trialOf(ctx);
    // Whatever is due now (on the last day: the notice that the grace period has begun).
    await marketplace.trials.sweep(doc.id);
    const day = Number(ctx.input.day_number ?? 0);
    return { day_number: Number.isFinite(day) ? day : 0, engagement_score: await engagementScore(doc) };
  });

  engine.registerHandler('trial.send_reminder', async (ctx) => {
    const hours = Number(ctx.input.hours_left);
    const kind = REMINDER_BY_HOURS[hours];
    if (!kind)
      throw new PlatformError(
        'VALIDATION',
        `hours_left must be 48, 24 or 6 (got ${String(ctx.input.hours_left)})`,
        { retryable: false, details: { field: 'hours_left' } },
      );
    const doc = await trialOf(ctx);
    // The trial record keeps when each reminder went out: a re-run, or a reminder whose time passed
    // before an extension restarted the period, sends nothing twice.
    await marketplace.trials.sweep(doc.id);
    const sentAt = (await reload(doc)).data.reminders[kind];
    return { last_reminder: kind, last_reminder_sent_at: sentAt === null ? null : iso(sentAt) };
  });

  engine.registerHandler('trial.check_conversion', async (ctx) => {
    const doc = await trialOf(ctx);
    await marketplace.trials.sweep(doc.id); // expires the trial now that the grace period is over
    const fresh = await reload(doc);
    const converted = fresh.data.status === 'CONVERTED';
    let payment = 'none';
    if (converted && fresh.data.hireId) {
      const invoices = await store.invoices.list({
        tenantId: fresh.tenantId,
        limit: 1,
        where: { hireId: fresh.data.hireId },
      });
      const first = invoices.items[0]?.data;
      payment = first ? (first.status === 'paid' ? 'paid' : 'invoiced') : 'none';
    }
    await resync();
    return { converted, payment_status: payment, trial_status: fresh.data.status };
  });

  engine.registerHandler('trial.activate', async (ctx) => {
    const doc = await trialOf(ctx);
    if (doc.data.status !== 'CONVERTED' || !doc.data.hireId) {
      throw new PlatformError('PRECONDITION_FAILED', `trial ${doc.id} is ${doc.data.status}, not converted`, {
        retryable: false,
        details: { trialId: doc.id, status: doc.data.status },
      });
    }
    const hire = await store.hires.get(doc.data.hireId);
    await recordOutcome(ctx, doc, 'converted');
    await resync();
    return { hire_id: doc.data.hireId, plan: hire?.data.plan ?? null };
  });

  /**
   * Nurture and churn end an expired trial. A cancelled one is only recorded; one extended at the very
   * last moment (open again) gets a new instance instead. `settled` is the step's result in those cases.
   */
  async function ending(
    ctx: TaskContext,
  ): Promise<{ doc: Entity<TrialRecord>; settled: JsonValue | undefined }> {
    const doc = await trialOf(ctx);
    if (OPEN_STATUSES.has(doc.data.status)) {
      await start(doc);
      return { doc, settled: { outcome: 'restarted' } };
    }
    if (doc.data.status === 'CANCELLED') {
      await recordOutcome(ctx, doc, 'cancelled');
      return { doc, settled: { outcome: 'cancelled' } };
    }
    return { doc, settled: undefined };
  }

  engine.registerHandler('trial.nurture', async (ctx) => {
    const { doc, settled } = await ending(ctx);
    if (settled !== undefined) return settled;
    const user = await store.accounts.get(doc.data.userId);
    const name = marketplace.catalogue.find(doc.data.agentId)?.name ?? doc.data.agentId;
    const published = await store.deliverables.count({
      tenantId: doc.tenantId,
      where: { trialId: doc.id, status: 'published' satisfies DeliverableRecord['status'] },
    });
    if (user) {
      await sendMailOnce({ ledger, mailer: marketplace.mailer, ids }, ctx.idempotencyKey, {
        userId: user.id,
        tenantId: doc.tenantId,
        to: user.data.email,
        kind: 'other',
        subject: `Pick up where "${doc.data.setup.instanceName}" left off`,
        text: `Your ${name} trial has ended, but its setup for ${doc.data.setup.business.companyName} is saved. Hire it and it carries on where it stopped; ${published} published deliverable(s) stay yours either way.`,
      });
    }
    await recordOutcome(ctx, doc, 'nurtured');
    return { outcome: 'nurtured' };
  });

  engine.registerHandler('trial.churn', async (ctx) => {
    const { doc, settled } = await ending(ctx);
    if (settled !== undefined) return settled;
    await recordOutcome(ctx, doc, 'churned');
    return { outcome: 'churned' };
  });

  await reconcile();

  return {
    reconcile,
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
    stop: unsubscribe,
  };
}
