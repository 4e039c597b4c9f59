// The workforce ports over the marketplace: working instances are the open trials and active hires
// (a hire keeps its trial's setup), runs are charged to the trial's hard budget, and deliverables go
// through the marketplace's deliverable service, which holds "review all" work in the approvals inbox.
import type { Entity, EntityListOptions, EntityRepository } from '../../store/entity-repository.js';
import type { Store } from '../../store/store.js';
import { ACTIVITY_TOPIC } from '../../marketplace/activity/activity-service.js';
import type { MarketplaceServices } from '../../marketplace/services.js';
import type { HireRecord, TrialRecord, UserRecord } from '../../store/marketplace-records.js';
import type { RosterHint } from './workforce.js';
import type {
  WorkforceDeliverableSink,
  WorkforceInstance,
  WorkforceInstanceSource,
} from './workforce-ports.js';

/** Marketplace activity that changes which instances work: a trial started or a trial became a hire. */
export const marketplaceRosterHints: readonly RosterHint[] = [
  {
    pattern: ACTIVITY_TOPIC,
    when: (payload) =>
      typeof payload === 'object' &&
      payload !== null &&
      !Array.isArray(payload) &&
      (payload.kind === 'trial-started' || payload.kind === 'hired'),
  },
];

const OPEN_TRIAL = new Set<TrialRecord['status']>(['PROVISIONING', 'ACTIVE']);
const PAGE = 500;

async function listWhere<R, F>(
  repo: Pick<EntityRepository<R, F>, 'list'>,
  where: EntityListOptions<F>['where'],
): Promise<Array<Entity<R>>> {
  const out: Array<Entity<R>> = [];
  let cursor: string | undefined;
  do {
    const page = await repo.list({
      ...(where ? { where } : {}),
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export interface MarketplaceInstanceSourceOptions {
  store: Store;
  /** Charges trial runs against the trial budget (the marketplace's trial service). */
  trials?: Pick<MarketplaceServices['trials'], 'chargeRun'>;
}

export function createMarketplaceInstanceSource(
  options: MarketplaceInstanceSourceOptions,
): WorkforceInstanceSource {
  const { store } = options;

  async function notifyOf(
    userId: string,
    channel: 'email' | 'in_app',
    users: Map<string, UserRecord | undefined>,
  ) {
    if (!users.has(userId)) users.set(userId, (await store.accounts.get(userId))?.data);
    const user = users.get(userId);
    return user ? { channel, userId, email: user.email } : null;
  }

  async function fromTrial(
    doc: Entity<TrialRecord>,
    users: Map<string, UserRecord | undefined>,
  ): Promise<WorkforceInstance> {
    const t = doc.data;
    return {
      id: doc.id,
      kind: 'trial',
      tenantId: doc.tenantId ?? '',
      agentId: t.agentId,
      instanceName: t.setup.instanceName,
      approvalMode: t.setup.approvalMode,
      business: t.setup.business,
      trialId: doc.id,
      hireId: null,
      notify: await notifyOf(t.userId, t.setup.notificationChannel, users),
    };
  }

  async function fromHire(
    doc: Entity<HireRecord>,
    users: Map<string, UserRecord | undefined>,
  ): Promise<WorkforceInstance | undefined> {
    const h = doc.data;
    // The hire carries on with the setup its trial was given.
    const trial = await store.trials.get(h.trialId);
    if (!trial) return undefined;
    const setup = trial.data.setup;
    return {
      id: doc.id,
      kind: 'hire',
      tenantId: doc.tenantId ?? '',
      agentId: h.agentId,
      instanceName: h.instanceName,
      approvalMode: setup.approvalMode,
      business: setup.business,
      trialId: h.trialId,
      hireId: doc.id,
      notify: await notifyOf(h.userId, setup.notificationChannel, users),
    };
  }

  return {
    async listActive() {
      const users = new Map<string, UserRecord | undefined>();
      const out: WorkforceInstance[] = [];
      for (const status of OPEN_TRIAL) {
        for (const doc of await listWhere(store.trials, { status })) out.push(await fromTrial(doc, users));
      }
      for (const doc of await listWhere(store.hires, { status: 'active' })) {
        const instance = await fromHire(doc, users);
        if (instance) out.push(instance);
      }
      return out.filter((i) => i.tenantId !== '');
    },

    async get(instanceId) {
      const users = new Map<string, UserRecord | undefined>();
      const trial = await store.trials.get(instanceId);
      if (trial)
        return OPEN_TRIAL.has(trial.data.status) && trial.tenantId ? fromTrial(trial, users) : undefined;
      const hire = await store.hires.get(instanceId);
      if (hire?.data.status === 'active' && hire.tenantId) return fromHire(hire, users);
      return undefined;
    },

    ...(options.trials
      ? {
          async chargeRun(instance: WorkforceInstance, costUsd: number) {
            if (instance.kind === 'trial')
              await options.trials!.chargeRun(instance.tenantId, instance.id, costUsd);
          },
        }
      : {}),
  };
}

/** Deliverables into the tenant's dashboard (and approvals inbox) through the marketplace. */
export function createMarketplaceDeliverableSink(
  deliverables: Pick<MarketplaceServices['deliverables'], 'record'>,
): WorkforceDeliverableSink {
  return {
    async record(d) {
      const doc = await deliverables.record({
        tenantId: d.instance.tenantId,
        trialId: d.instance.trialId && d.instance.kind === 'trial' ? d.instance.trialId : null,
        hireId: d.instance.hireId,
        agentId: d.instance.agentId,
        instanceName: d.instance.instanceName,
        approvalMode: d.approvalMode,
        notify: d.instance.notify,
        skillId: d.skillId,
        title: d.title,
        result: d.result,
        workKey: d.workKey,
      });
      return {
        deliverableId: doc.id,
        status: doc.data.status === 'pending_approval' ? 'pending_approval' : 'published',
        approvalId: doc.data.approvalId,
      };
    },
  };
}
