// What schedules and webhooks share: the caller's instance (another tenant's is NOT_FOUND, an ended one
// CONFLICT), the caller's own trigger row, a limit per instance and ISO timestamps for the contract.
import { PlatformError } from '../../../errors.js';
import type { Entity, EntityRepository } from '../../../store/entity-repository.js';
import type { Page } from '../../../store/store.js';
import type { InstanceLookup, InstanceRef } from '../work-ports.js';

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** The tenant's instance; NOT_FOUND when absent or another tenant's. */
export async function ownInstance(
  instances: InstanceLookup,
  instanceId: string,
  tenantId: string,
): Promise<InstanceRef> {
  const instance = await instances.get(instanceId, tenantId);
  if (!instance || instance.tenantId !== tenantId)
    throw new PlatformError('NOT_FOUND', `instance ${instanceId} does not exist`, {
      details: { instanceId },
    });
  return instance;
}

/** The tenant's instance, taking new triggers (CONFLICT once it has ended). */
export async function triggerInstance(
  instances: InstanceLookup,
  instanceId: string,
  tenantId: string,
): Promise<InstanceRef> {
  const instance = await ownInstance(instances, instanceId, tenantId);
  if (instance.status === 'ended')
    throw new PlatformError('CONFLICT', `instance ${instanceId} has ended and takes no new work`, {
      details: { instanceId, reason: 'instance-ended' },
    });
  return instance;
}

/** The tenant's row of `repo`; NOT_FOUND when absent or another tenant's. */
export async function ownTrigger<R, F>(
  repo: EntityRepository<R, F>,
  noun: string,
  id: string,
  tenantId: string,
): Promise<Entity<R>> {
  const row = await repo.get(id, { tenantId });
  if (!row) throw new PlatformError('NOT_FOUND', `${noun} ${id} does not exist`, { details: { id } });
  return row;
}

/** CONFLICT when the instance already has `max` triggers of the kind. */
export async function checkTriggerLimit<R, F extends { instanceId: string }>(
  repo: EntityRepository<R, F>,
  noun: string,
  instanceId: string,
  tenantId: string,
  max: number,
): Promise<void> {
  const where = { instanceId } as Partial<F>;
  const count = await repo.count({ tenantId, where });
  if (count >= max)
    throw new PlatformError('CONFLICT', `an instance has at most ${max} ${noun}s; delete one first`, {
      details: { instanceId, reason: `${noun}-limit`, max },
    });
}

/** One page of an instance's triggers of `repo`, as `view` shows them (NOT_FOUND for another tenant's). */
export async function listTriggers<R, F extends { instanceId: string }, V>(
  instances: InstanceLookup,
  repo: EntityRepository<R, F>,
  view: (e: Entity<R>) => V,
  tenantId: string,
  instanceId: string,
  page: { cursor?: string; limit: number },
): Promise<Page<V>> {
  await ownInstance(instances, instanceId, tenantId);
  const rows = await repo.list({
    tenantId,
    where: { instanceId } as Partial<F>,
    limit: page.limit,
    ...(page.cursor === undefined ? {} : { cursor: page.cursor }),
  });
  return { ...rows, items: rows.items.map(view) };
}
