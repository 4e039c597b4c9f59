// 7-day trials: eligibility, start (provisioning runs the agent's first deliverable on the setup data),
// setup changes, cancel, admin extension, a hard budget, and the timeline — reminders 2 d / 1 d / 6 h
// before the end, then 24 h of grace, then EXPIRED — driven by the injected TrialTimeline (the engine's
// `trial` workflow, whose durable timers call `sweep` at each of those moments).
import type {
  Eligibility,
  Page,
  StartTrialRequest,
  Trial,
  TrialSetup,
  TrialStatus,
  UpdateTrialSetupRequest,
} from '../../contracts/contracts.js';
import { webPaths } from '../../contracts/contracts.js';
import { getSkill } from '../../skills/registry.js';
import type { SkillRunner } from '../../runtime/skill-runner.js';
import type { Clock } from '../../clock.js';
import { PlatformError, isPlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import { isDisposableEmail } from '../accounts/disposable-domains.js';
import { hashSecret } from '../accounts/secret-token.js';
import type { ActivityService } from '../activity/activity-service.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { AgentStats } from '../catalogue/agent-stats.js';
import type { CatalogueService } from '../catalogue/catalogue-service.js';
import type { DeliverableService } from '../deliverables/deliverable-service.js';
import type { MarketplaceLimits } from '../deps.js';
import type { Mailer } from '../mail/mailer.js';
import type { Principal } from '../principal.js';
import type { ReminderKind, TrialRecord } from '../../store/marketplace-records.js';
import { getOwned, listAll } from '../tenant-docs.js';
import { instanceIdOf } from '../../store/work-instance-ids.js';
import { DAY, HOUR, iso, isoOrNull } from '../time.js';
import { personaliseInput } from './personalise-input.js';
import type { TrialTimeline } from './trial-timeline.js';
import {
  OPEN_STATUSES,
  REMINDER_KINDS,
  REMINDER_OFFSETS,
  checkEligibility,
  trialDue,
} from './trial-rules.js';

export interface TrialServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  limits: MarketplaceLimits;
  catalogue: CatalogueService;
  stats: AgentStats;
  activity: ActivityService;
  deliverables: DeliverableService;
  approvals: ApprovalService;
  mailer: Mailer;
  /** Times each trial (the engine's `trial` workflow), given at construction by platform.ts. */
  timeline: TrialTimeline;
  /** Runs the first deliverable's skill through the agent runtime, charged to the trial (decision 0076). */
  skills: Pick<SkillRunner, 'run'>;
  /** Base URL for links in mails; relative links when absent. */
  publicUrl?: string;
}

const reminderText: Record<ReminderKind, string> = { '2d': '2 days', '1d': '1 day', '6h': '6 hours' };

function precondition(reason: string, message: string, details: Record<string, string> = {}): PlatformError {
  return new PlatformError('PRECONDITION_FAILED', message, { details: { reason, ...details } });
}

export class TrialService {
  private readonly graceMs: number;

  constructor(private readonly o: TrialServiceOptions) {
    this.graceMs = o.limits.graceHours * HOUR;
  }

  private get trials() {
    return this.o.store.trials;
  }

  /** Whether the caller may start a trial of `agentId` now, and if not, why. */
  async eligibility(principal: Principal, agentId: string, ip: string): Promise<Eligibility> {
    const entry = this.o.catalogue.entry(agentId);
    const now = this.o.clock.now();
    const [trials, hires, ipTrials] = await Promise.all([
      listAll(this.trials, { tenantId: principal.tenantId, where: { agentId } }),
      listAll(this.o.store.hires, { tenantId: principal.tenantId, where: { agentId } }),
      listAll(this.trials, { where: { ipHash: hashSecret(ip) } }),
    ]);
    const stats = await this.o.stats.get(agentId);
    return checkEligibility(
      {
        emailVerified: principal.emailVerified,
        emailDisposable: isDisposableEmail(principal.email),
        agentAvailable: this.o.catalogue.status(entry, stats) !== 'offline',
        agentTrials: trials.map((t) => ({ status: t.data.status, endedAt: t.data.endedAt })),
        hasActiveHire: hires.some((h) => h.data.status !== 'cancelled'),
        lastHireCancelledAt: Math.max(0, ...hires.map((h) => h.data.cancelledAt ?? 0)) || null,
        ipTrialStarts: ipTrials.map((t) => t.data.startedAt),
      },
      now,
      this.o.limits,
    );
  }

  /** Starts a trial: PRECONDITION_FAILED with `details.reason` when a rule refuses. */
  async start(
    principal: Principal,
    request: StartTrialRequest & { setup: TrialSetup },
    ip: string,
  ): Promise<Trial> {
    const entry = this.o.catalogue.entry(request.agentId);
    const verdict = await this.eligibility(principal, request.agentId, ip);
    if (!verdict.eligible) {
      throw precondition(
        verdict.reason ?? 'refused',
        verdict.message ?? 'Trial refused',
        verdict.retryAt ? { retryAt: verdict.retryAt } : {},
      );
    }
    const now = this.o.clock.now();
    const previous = await this.trials.count({ tenantId: principal.tenantId, where: { agentId: entry.id } });
    const data: TrialRecord = {
      userId: principal.userId,
      agentId: entry.id,
      // Two concurrent starts number the same attempt: only one of them creates a trial.
      attempt: previous + 1,
      status: 'PROVISIONING',
      setup: request.setup,
      startedAt: now,
      endsAt: now + this.o.limits.trialDays * DAY,
      extendedDays: 0,
      reminders: { '2d': null, '1d': null, '6h': null },
      endNoticeAt: null,
      budget: {
        runLimit: this.o.limits.trialRunLimit,
        runsUsed: 0,
        costLimitUsd: this.o.limits.trialCostLimitUsd,
        costUsedUsd: 0,
      },
      ipHash: hashSecret(ip),
      hireId: null,
      endedAt: null,
      cancelReason: null,
      firstDeliverableAt: null,
      workflowInstanceId: null,
    };
    const inserted = await this.trials.insert({
      id: this.o.ids.next('trl'),
      tenantId: principal.tenantId,
      data,
    });
    if (!inserted.created)
      throw precondition('active-trial-exists', 'You already have an active trial of this agent');
    await this.o.stats.update(entry.id, (s) => ({ ...s, trials: s.trials + 1 }));
    await this.o.activity.record(principal.tenantId, {
      agentId: entry.id,
      kind: 'trial-started',
      publicAction: `started a ${this.o.limits.trialDays}-day trial`,
      privateAction: `started its trial as "${request.setup.instanceName}"`,
    });
    const provisioned = await this.provision(inserted.entity);
    await this.notify(
      provisioned,
      'trial-started',
      `Your ${entry.name} trial has started`,
      `"${provisioned.data.setup.instanceName}" is working for ${provisioned.data.setup.business.companyName} until ${iso(provisioned.data.endsAt)}. Its first deliverable is in your dashboard.`,
    );
    return this.view(await this.follow(provisioned, 'started'));
  }

  async list(
    principal: Principal,
    query: { status?: TrialStatus; cursor?: string; limit: number },
  ): Promise<Page<Trial>> {
    const page = await this.trials.list({
      tenantId: principal.tenantId,
      order: 'desc',
      limit: query.limit,
      ...(query.status ? { where: { status: query.status } } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items: Trial[] = [];
    for (const d of page.items) items.push(await this.view(d));
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Every tenant's trials, for operators. */
  async listAllTenants(query: {
    status?: TrialStatus;
    cursor?: string;
    limit: number;
  }): Promise<Page<Trial>> {
    const page = await this.trials.list({
      order: 'desc',
      limit: query.limit,
      ...(query.status ? { where: { status: query.status } } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items: Trial[] = [];
    for (const d of page.items) items.push(await this.view(d));
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async get(principal: Principal, id: string): Promise<Trial> {
    return this.view(await this.owned(principal, id));
  }

  async owned(principal: Principal, id: string): Promise<Entity<TrialRecord>> {
    return getOwned(this.trials, id, principal.tenantId, 'trial');
  }

  async updateSetup(principal: Principal, id: string, patch: UpdateTrialSetupRequest): Promise<Trial> {
    await this.owned(principal, id);
    const doc = await this.trials.modify(id, (t) => {
      if (!OPEN_STATUSES.has(t.status))
        throw precondition('trial-not-active', `The trial is ${t.status}; its setup can no longer change`);
      return {
        ...t,
        setup: {
          instanceName: patch.instanceName ?? t.setup.instanceName,
          business: patch.business ?? t.setup.business,
          approvalMode: patch.approvalMode ?? t.setup.approvalMode,
          notificationChannel: patch.notificationChannel ?? t.setup.notificationChannel,
        },
      };
    });
    return this.view(doc);
  }

  /** Ends the trial now; its deliverables stay. PRECONDITION_FAILED when it already ended. */
  async cancel(principal: Principal, id: string, reason?: string): Promise<Trial> {
    await this.owned(principal, id);
    const now = this.o.clock.now();
    const doc = await this.trials.modify(id, (t) => {
      if (!OPEN_STATUSES.has(t.status))
        throw precondition('trial-not-active', `The trial is already ${t.status}`);
      return { ...t, status: 'CANCELLED', endedAt: now, cancelReason: reason?.trim() || null };
    });
    await this.o.timeline
      .cancelled(doc)
      .catch((err: unknown) => this.o.logger.error({ err, trialId: id }, 'trial workflow not cancelled'));
    return this.view(doc);
  }

  /**
   * Adds days to a trial of any tenant (admin). An open trial ends later; an expired one becomes
   * active again for `days` from now. Reminders that move back into the future will be sent again.
   */
  async extend(id: string, days: number, reason: string, actor: Principal): Promise<Trial> {
    const existing = await this.trials.get(id);
    if (!existing)
      throw new PlatformError('NOT_FOUND', `trial ${id} not found`, { details: { trialId: id } });
    const now = this.o.clock.now();
    const doc = await this.trials.modify(id, (t) => {
      if (t.status !== 'ACTIVE' && t.status !== 'PROVISIONING' && t.status !== 'EXPIRED') {
        throw precondition('trial-not-extendable', `A ${t.status} trial cannot be extended`);
      }
      const endsAt = t.status === 'EXPIRED' ? now + days * DAY : t.endsAt + days * DAY;
      const reminders = { ...t.reminders };
      for (const kind of REMINDER_KINDS) if (endsAt - REMINDER_OFFSETS[kind] > now) reminders[kind] = null;
      return {
        ...t,
        status: t.status === 'EXPIRED' ? 'ACTIVE' : t.status,
        endsAt,
        endedAt: t.status === 'EXPIRED' ? null : t.endedAt,
        extendedDays: t.extendedDays + days,
        reminders,
        endNoticeAt: endsAt > now ? null : t.endNoticeAt,
      };
    });
    this.o.logger.info({ trialId: id, days, reason, by: actor.userId }, 'trial extended');
    await this.notify(
      doc,
      'other',
      'Your trial was extended',
      `Your trial of ${this.agentName(doc.data.agentId)} now ends ${iso(doc.data.endsAt)} (${days} more day${days === 1 ? '' : 's'}).`,
    );
    return this.view(await this.follow(doc, 'extended'));
  }

  /**
   * Spends one run (and `costUsd` of model spend) from the trial's hard budget. BUDGET_EXHAUSTED when
   * it would go over; PRECONDITION_FAILED when the trial is not working any more.
   */
  async chargeRun(tenantId: string, trialId: string, costUsd = 0): Promise<void> {
    await getOwned(this.trials, trialId, tenantId, 'trial');
    await this.trials.modify(trialId, (t) => {
      if (!OPEN_STATUSES.has(t.status)) throw precondition('trial-not-active', `The trial is ${t.status}`);
      const b = t.budget;
      if (b.runsUsed + 1 > b.runLimit || b.costUsedUsd + costUsd > b.costLimitUsd) {
        throw new PlatformError('BUDGET_EXHAUSTED', 'The trial budget is used up', {
          details: {
            trialId,
            runsUsed: b.runsUsed,
            runLimit: b.runLimit,
            costUsedUsd: b.costUsedUsd,
            costLimitUsd: b.costLimitUsd,
          },
        });
      }
      return {
        ...t,
        budget: {
          ...b,
          runsUsed: b.runsUsed + 1,
          costUsedUsd: Math.round((b.costUsedUsd + costUsd) * 1e6) / 1e6,
        },
      };
    });
  }

  /** Hands every open trial to the timeline at start-up (a trial stored before it existed gets its instance). */
  async resume(): Promise<number> {
    let n = 0;
    for (const status of ['PROVISIONING', 'ACTIVE'] as const) {
      for (const doc of await listAll(this.trials, { where: { status } })) {
        await this.follow(doc, 'started');
        n += 1;
      }
    }
    return n;
  }

  /** Applies what is due for one trial (provisioning left unfinished, reminders, end, expiry). */
  async sweep(trialId: string): Promise<void> {
    let doc = await this.trials.get(trialId);
    if (!doc) return;
    if (doc.data.status === 'PROVISIONING') doc = await this.provision(doc);
    const now = this.o.clock.now();
    const due = trialDue(doc.data, now, this.graceMs);
    if (due.reminders.length || due.endNotice || due.expire) {
      const reminders = { ...doc.data.reminders };
      for (const k of due.reminders) reminders[k] = now;
      const next: TrialRecord = {
        ...doc.data,
        reminders,
        endNoticeAt: due.endNotice ? now : doc.data.endNoticeAt,
        ...(due.expire ? { status: 'EXPIRED' as const, endedAt: doc.data.endsAt + this.graceMs } : {}),
      };
      try {
        doc = await this.trials.update(trialId, next, {
          expectedVersion: doc.version,
        });
      } catch (err) {
        // Someone else changed the trial (cancel, convert, another sweep): look again with fresh data.
        if (isPlatformError(err, 'CONFLICT')) return this.sweep(trialId);
        throw err;
      }
      const name = this.agentName(doc.data.agentId);
      const latest = due.reminders[due.reminders.length - 1];
      if (latest) {
        await this.notify(
          doc,
          'trial-reminder',
          `${reminderText[latest]} left in your ${name} trial`,
          `Your trial of "${doc.data.setup.instanceName}" ends ${iso(doc.data.endsAt)}. Hire it to keep it working; every deliverable stays yours either way.`,
        );
      }
      if (due.endNotice) {
        await this.notify(
          doc,
          'trial-expired',
          `Your ${name} trial has ended — ${this.o.limits.graceHours} h of grace`,
          `"${doc.data.setup.instanceName}" keeps working until ${iso(doc.data.endsAt + this.graceMs)}. Hire it before then to continue without a break.`,
        );
      }
      if (due.expire) {
        await this.notify(
          doc,
          'trial-grace-ended',
          `Your ${name} trial is over`,
          `"${doc.data.setup.instanceName}" has stopped. Your deliverables remain downloadable from your dashboard.`,
        );
      }
    }
  }

  /** Marks the trial converted (inside the hire's transaction). PRECONDITION_FAILED unless convertible. */
  async markConverted(
    tx: Store,
    principal: Principal,
    trialId: string,
    hireId: string,
  ): Promise<Entity<TrialRecord>> {
    const trial = await getOwned(tx.trials, trialId, principal.tenantId, 'trial');
    if (trial.data.status !== 'ACTIVE' && trial.data.status !== 'EXPIRED') {
      throw precondition('trial-not-convertible', `A ${trial.data.status} trial cannot be converted`);
    }
    const updated = await tx.trials.update(
      trialId,
      { ...trial.data, status: 'CONVERTED', hireId, endedAt: this.o.clock.now() },
      { expectedVersion: trial.version },
    );
    return updated;
  }

  async view(doc: Entity<TrialRecord>): Promise<Trial> {
    const t = doc.data;
    const now = this.o.clock.now();
    const tenantId = doc.tenantId ?? '';
    const [deliverableCount, pendingApprovals] = await Promise.all([
      this.o.deliverables.countForTrial(tenantId, doc.id),
      this.o.approvals.countPending(tenantId, { trialId: doc.id }),
    ]);
    const graceEndsAt = t.endsAt + this.graceMs;
    return {
      id: doc.id,
      agentId: t.agentId,
      agentName: this.agentName(t.agentId),
      status: t.status,
      setup: t.setup,
      startedAt: iso(t.startedAt),
      endsAt: iso(t.endsAt),
      graceEndsAt: iso(graceEndsAt),
      inGrace: OPEN_STATUSES.has(t.status) && now >= t.endsAt && now < graceEndsAt,
      extendedDays: t.extendedDays,
      reminders: REMINDER_KINDS.map((kind) => ({
        kind,
        dueAt: iso(t.endsAt - REMINDER_OFFSETS[kind]),
        sentAt: isoOrNull(t.reminders[kind]),
      })),
      budget: {
        ...t.budget,
        exhausted: t.budget.runsUsed >= t.budget.runLimit || t.budget.costUsedUsd >= t.budget.costLimitUsd,
      },
      deliverableCount,
      pendingApprovals,
      hireId: t.hireId,
      endedAt: isoOrNull(t.endedAt),
      workflowInstanceId: t.workflowInstanceId,
      instanceId: instanceIdOf(doc.id),
    };
  }

  /**
   * Runs the agent's first piece of work on the setup data and makes the trial ACTIVE. A failing skill
   * is logged and does not block the trial: the agent still works on its schedule.
   */
  private async provision(doc: Entity<TrialRecord>): Promise<Entity<TrialRecord>> {
    const entry = this.o.catalogue.find(doc.data.agentId);
    let firstAt: number | null = doc.data.firstDeliverableAt;
    if (entry?.demo && firstAt === null) {
      try {
        await this.runFirstDeliverable(doc, entry.demo.skillId, entry.demo.exampleInput);
        firstAt = this.o.clock.now();
      } catch (err) {
        this.o.logger.warn(
          { err, trialId: doc.id, agentId: doc.data.agentId },
          'first trial deliverable failed',
        );
      }
    }
    return this.trials.modify(doc.id, (t) =>
      t.status === 'PROVISIONING'
        ? { ...t, status: 'ACTIVE', firstDeliverableAt: firstAt }
        : { ...t, firstDeliverableAt: t.firstDeliverableAt ?? firstAt },
    );
  }

  private async runFirstDeliverable(
    doc: Entity<TrialRecord>,
    skillId: string,
    example: unknown,
  ): Promise<void> {
    const tenantId = doc.tenantId ?? '';
    const skill = getSkill(skillId);
    const input = personaliseInput(example, doc.data.setup, skill.inputSchema);
    // PROVISIONING counts as open, so the budget check applies to the first run as well.
    await this.chargeRun(tenantId, doc.id);
    // The trial is the runtime instance (same id) that pays; a first deliverable belongs to no workflow run.
    const { result } = await this.o.skills.run({
      skillId,
      input,
      payer: { agentId: doc.id, agentType: doc.data.agentId, tenantId: doc.tenantId },
    });
    const user = await this.o.store.accounts.get(doc.data.userId);
    await this.o.deliverables.record({
      tenantId,
      trialId: doc.id,
      hireId: null,
      agentId: doc.data.agentId,
      instanceName: doc.data.setup.instanceName,
      approvalMode: doc.data.setup.approvalMode,
      notify: user
        ? { channel: doc.data.setup.notificationChannel, userId: user.id, email: user.data.email }
        : null,
      skillId,
      title: `${skill.title} for ${doc.data.setup.business.companyName}`,
      result,
      responseMs: this.o.clock.now() - doc.data.startedAt,
    });
  }

  /**
   * Hands a started or extended trial to the timeline. The trial's change is already stored, so a
   * timeline failure is logged, not thrown; the timeline reconciles its instances with the stored
   * trials when it starts.
   */
  private async follow(
    doc: Entity<TrialRecord>,
    event: 'started' | 'extended',
  ): Promise<Entity<TrialRecord>> {
    try {
      if (event === 'started') return await this.o.timeline.track(doc);
      await this.o.timeline.extended(doc);
    } catch (err) {
      this.o.logger.error({ err, trialId: doc.id, event }, 'trial workflow not updated');
    }
    return doc;
  }

  private agentName(agentId: string): string {
    return this.o.catalogue.find(agentId)?.name ?? agentId;
  }

  private async notify(
    doc: Entity<TrialRecord>,
    kind: 'trial-started' | 'trial-reminder' | 'trial-expired' | 'trial-grace-ended' | 'other',
    subject: string,
    text: string,
  ): Promise<void> {
    const user = await this.o.store.accounts.get(doc.data.userId);
    if (!user) return;
    try {
      await this.o.mailer.send({
        userId: user.id,
        tenantId: doc.tenantId,
        to: user.data.email,
        kind,
        subject,
        text,
        actionUrl: `${(this.o.publicUrl ?? '').replace(/\/+$/, '')}${webPaths.dashboard}`,
      });
    } catch (err) {
      // A mail outage must not undo a state change that already happened; the dashboard shows it too.
      this.o.logger.warn({ err, trialId: doc.id, kind }, 'trial mail not sent');
    }
  }
}
