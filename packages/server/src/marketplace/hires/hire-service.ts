// Hiring: converting a trial into a monthly or annual hire (first invoice issued with it), pausing,
// resuming and cancelling, and renewing each billing period when the injected HireTimeline's durable
// timer says so. Invoices come from the billing port; deliverables are kept whatever happens to the hire.
import type { Hire, Page, Plan } from '../../contracts/contracts.js';
import { webPaths } from '../../contracts/contracts.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Entity } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import type { AccountService } from '../accounts/account-service.js';
import type { ActivityService } from '../activity/activity-service.js';
import type { BillingPort } from '../billing/billing-port.js';
import type { InvoiceService } from '../billing/invoice-service.js';
import { formatDate } from '../billing/invoice-terms.js';
import type { AgentStats } from '../catalogue/agent-stats.js';
import { ANNUAL_MONTHS_CHARGED, type CatalogueService } from '../catalogue/catalogue-service.js';
import type { Mailer } from '../mail/mailer.js';
import type { HireTimeline } from './hire-timeline.js';
import type { Principal } from '../principal.js';
import type { HireRecord, InvoiceRecord } from '../../store/marketplace-records.js';
import type { ReviewService } from '../reviews/review-service.js';
import type { TrialService } from '../trials/trial-service.js';
import { getOwned, listAll } from '../tenant-docs.js';
import { iso, isoOrNull } from '../time.js';
import { instanceIdOf } from '../../store/work-instance-ids.js';

export interface HireServiceOptions {
  store: Store;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  catalogue: CatalogueService;
  trials: TrialService;
  accounts: AccountService;
  stats: AgentStats;
  activity: ActivityService;
  reviews: ReviewService;
  billing: BillingPort;
  invoices: InvoiceService;
  mailer: Mailer;
  /** Times each billing period (the engine's `hire` workflow). */
  timeline: HireTimeline;
  publicUrl?: string;
}

/** The same day-of-month `months` later (clamped to the month's last day), UTC. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

function precondition(reason: string, message: string): PlatformError {
  return new PlatformError('PRECONDITION_FAILED', message, { details: { reason } });
}

export class HireService {
  constructor(private readonly o: HireServiceOptions) {}

  /** Converts an active (or expired) trial into a hire and issues the first invoice, atomically. */
  async convert(principal: Principal, trialId: string, plan: Plan): Promise<Hire> {
    const trial = await this.o.trials.owned(principal, trialId);
    const entry = this.o.catalogue.entry(trial.data.agentId);
    const now = this.o.clock.now();
    const months = plan === 'annual' ? 12 : 1;
    const priceAmount = plan === 'annual' ? entry.price.amount * ANNUAL_MONTHS_CHARGED : entry.price.amount;
    const hireId = this.o.ids.next('hir');
    const data: HireRecord = {
      userId: principal.userId,
      trialId,
      agentId: entry.id,
      instanceName: trial.data.setup.instanceName,
      plan,
      status: 'active',
      priceAmount,
      currency: entry.price.currency,
      startedAt: now,
      currentPeriodStart: now,
      currentPeriodEnd: addMonths(now, months),
      pausedAt: null,
      cancelledAt: null,
      cancelReason: null,
    };
    const { hire, invoice } = await this.o.store.transaction(async (tx) => {
      await this.o.trials.markConverted(tx, principal, trialId, hireId);
      const inserted = await tx.hires.insert({ id: hireId, tenantId: principal.tenantId, data });
      const inv = await this.issueInvoice(inserted.entity, tx);
      return { hire: inserted.entity, invoice: inv };
    });
    await this.o.accounts.markTenantHired(principal.tenantId);
    await this.o.stats.update(entry.id, (s) => ({
      ...s,
      hires: s.hires + 1,
      activeHires: s.activeHires + 1,
    }));
    await this.o.activity.record(principal.tenantId, {
      agentId: entry.id,
      kind: 'hired',
      publicAction: `was hired on the ${plan} plan`,
      privateAction: `was hired as "${data.instanceName}" on the ${plan} plan`,
    });
    await this.mail(
      hire,
      'hire-confirmed',
      `You hired ${entry.name}`,
      `"${data.instanceName}" keeps working for you. Plan: ${plan}, ${priceAmount} ${data.currency} per ${plan === 'annual' ? 'year' : 'month'}.`,
    );
    await this.mailInvoice(hire, invoice);
    await this.follow(hire);
    return this.view(hire);
  }

  async list(principal: Principal, query: { cursor?: string; limit: number }): Promise<Page<Hire>> {
    const page = await this.o.store.hires.list({
      tenantId: principal.tenantId,
      order: 'desc',
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const items: Hire[] = [];
    for (const d of page.items) items.push(await this.view(d));
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async get(principal: Principal, id: string): Promise<Hire> {
    return this.view(await this.owned(principal, id));
  }

  async owned(principal: Principal, id: string): Promise<Entity<HireRecord>> {
    return getOwned(this.o.store.hires, id, principal.tenantId, 'hire');
  }

  /** The hire of a trial, when converted. */
  async forTrial(tenantId: string, trialId: string): Promise<Entity<HireRecord> | undefined> {
    const doc = await this.o.store.hires.getByTrial(trialId);
    return doc && doc.tenantId === tenantId ? doc : undefined;
  }

  async pause(principal: Principal, id: string): Promise<Hire> {
    await this.owned(principal, id);
    const doc = await this.o.store.hires.modify(id, (h) => {
      if (h.status !== 'active') throw precondition('hire-not-active', `A ${h.status} hire cannot be paused`);
      return { ...h, status: 'paused', pausedAt: this.o.clock.now() };
    });
    return this.view(doc);
  }

  /** Resumes a paused hire; when its period ran out meanwhile, a new period (and invoice) starts now. */
  async resume(principal: Principal, id: string): Promise<Hire> {
    await this.owned(principal, id);
    const now = this.o.clock.now();
    const doc = await this.o.store.transaction(async (tx) => {
      const current = await getOwned(tx.hires, id, principal.tenantId, 'hire');
      if (current.data.status !== 'paused')
        throw precondition('hire-not-paused', `A ${current.data.status} hire cannot be resumed`);
      const expired = current.data.currentPeriodEnd <= now;
      const next: HireRecord = {
        ...current.data,
        status: 'active',
        pausedAt: null,
        ...(expired
          ? {
              currentPeriodStart: now,
              currentPeriodEnd: addMonths(now, current.data.plan === 'annual' ? 12 : 1),
            }
          : {}),
      };
      const updated = await tx.hires.update(id, next, {
        expectedVersion: current.version,
      });
      if (expired) await this.issueInvoice(updated, tx);
      return updated;
    });
    await this.follow(doc);
    return this.view(doc);
  }

  /** Ends the hire now; no further invoices. Deliverables and the review stay. */
  async cancel(principal: Principal, id: string, reason?: string): Promise<Hire> {
    await this.owned(principal, id);
    const doc = await this.o.store.hires.modify(id, (h) => {
      if (h.status === 'cancelled') throw precondition('hire-cancelled', 'The hire is already cancelled');
      return {
        ...h,
        status: 'cancelled',
        cancelledAt: this.o.clock.now(),
        cancelReason: reason?.trim() || null,
      };
    });
    await this.o.timeline
      .stopped(doc)
      .catch((err: unknown) => this.o.logger.error({ err, hireId: id }, 'hire renewals not stopped'));
    await this.o.stats.update(doc.data.agentId, (s) => ({
      ...s,
      activeHires: Math.max(0, s.activeHires - 1),
      churnedHires: s.churnedHires + 1,
    }));
    return this.view(doc);
  }

  /** Hands every active hire to the timeline (at start-up: hires stored before it existed get their instance). */
  async resumeSchedules(): Promise<number> {
    const active = await listAll(this.o.store.hires, { where: { status: 'active' } });
    for (const h of active) await this.follow(h);
    return active.length;
  }

  /**
   * Starts the next billing period of an active hire whose period ended, with its invoice. Answers
   * whether the hire is still active and when its current period ends (the timeline waits for that).
   */
  async renew(id: string): Promise<{ active: boolean; periodEnd: number | null }> {
    const now = this.o.clock.now();
    const renewed = await this.o.store.transaction(async (tx) => {
      const hire = await tx.hires.get(id);
      if (!hire || hire.data.status !== 'active') return undefined;
      if (hire.data.currentPeriodEnd > now) return { hire, invoice: undefined };
      const start = hire.data.currentPeriodEnd;
      const next: HireRecord = {
        ...hire.data,
        currentPeriodStart: start,
        currentPeriodEnd: addMonths(start, hire.data.plan === 'annual' ? 12 : 1),
      };
      const updated = await tx.hires.update(id, next, {
        expectedVersion: hire.version,
      });
      return { hire: updated, invoice: await this.issueInvoice(updated, tx) };
    });
    if (!renewed) return { active: false, periodEnd: null };
    if (renewed.invoice) await this.mailInvoice(renewed.hire, renewed.invoice);
    return { active: true, periodEnd: renewed.hire.data.currentPeriodEnd };
  }

  async view(doc: Entity<HireRecord>): Promise<Hire> {
    const h = doc.data;
    return {
      id: doc.id,
      trialId: h.trialId,
      agentId: h.agentId,
      agentName: this.o.catalogue.find(h.agentId)?.name ?? h.agentId,
      instanceName: h.instanceName,
      plan: h.plan,
      status: h.status,
      price: { amount: h.priceAmount, currency: h.currency },
      startedAt: iso(h.startedAt),
      currentPeriodEnd: iso(h.currentPeriodEnd),
      pausedAt: isoOrNull(h.pausedAt),
      cancelledAt: isoOrNull(h.cancelledAt),
      reviewId: await this.o.reviews.idForHire(doc.id),
      instanceId: instanceIdOf(h.trialId),
    };
  }

  private issueInvoice(hire: Entity<HireRecord>, tx: Store): Promise<Entity<InvoiceRecord>> {
    const h = hire.data;
    const name = this.o.catalogue.find(h.agentId)?.name ?? h.agentId;
    const label =
      h.plan === 'annual' ? `annual plan (${12 - ANNUAL_MONTHS_CHARGED} months free)` : 'monthly plan';
    return this.o.billing.issue(
      {
        tenantId: hire.tenantId ?? '',
        hireId: hire.id,
        currency: h.currency,
        lines: [
          {
            description: `${name} "${h.instanceName}" — ${label}, ${iso(h.currentPeriodStart).slice(0, 10)} to ${iso(h.currentPeriodEnd).slice(0, 10)}`,
            amount: h.priceAmount,
          },
        ],
        periodStart: h.currentPeriodStart,
        periodEnd: h.currentPeriodEnd,
      },
      tx,
    );
  }

  /**
   * Hands an active hire to the timeline. The change is already stored, so a failure is logged, not
   * thrown; the next start-up hands every active hire over again.
   */
  private async follow(hire: Entity<HireRecord>): Promise<void> {
    if (hire.data.status !== 'active') return;
    await this.o.timeline
      .track(hire)
      .catch((err: unknown) => this.o.logger.error({ err, hireId: hire.id }, 'hire renewals not scheduled'));
  }

  private async mailInvoice(hire: Entity<HireRecord>, invoice: Entity<InvoiceRecord>): Promise<void> {
    const view = await this.o.invoices.view(invoice);
    const link = this.o.publicUrl
      ? ` See it and download the PDF: ${this.o.publicUrl}${webPaths.invoices}/${view.id}`
      : '';
    await this.mail(
      hire,
      'invoice',
      `Invoice ${view.number}: ${view.totalText}`,
      `Invoice ${view.number} for ${view.totalText} is due ${formatDate(invoice.data.dueAt, view.locale)}. ${view.payment.summary}${link}`,
    );
  }

  private async mail(
    hire: Entity<HireRecord>,
    kind: 'hire-confirmed' | 'invoice',
    subject: string,
    text: string,
  ): Promise<void> {
    const user = await this.o.store.accounts.get(hire.data.userId);
    if (!user) return;
    try {
      await this.o.mailer.send({
        userId: user.id,
        tenantId: hire.tenantId,
        to: user.data.email,
        kind,
        subject,
        text,
        actionUrl: `${(this.o.publicUrl ?? '').replace(/\/+$/, '')}${webPaths.dashboard}`,
      });
    } catch (err) {
      this.o.logger.warn({ err, hireId: hire.id, kind }, 'hire mail not sent');
    }
  }
}
