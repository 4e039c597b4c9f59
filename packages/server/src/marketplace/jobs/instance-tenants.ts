// Which organisation a workflow instance works for, so an API key (which belongs to one) may only work
// that organisation's jobs. Engine instances carry no tenant: an instance (or the root of its call
// chain) is an organisation's when it is the workflow of one of its trials or multi-agent jobs — the
// record names the instance, so a business key alone proves nothing. Anything else is the platform's.
import type { Store } from '../../store/store.js';

export interface InstanceTenants {
  /** The organisation `instanceId` works for; null for the platform's own instances (or unknown ones). */
  tenantOf(instanceId: string): Promise<string | null>;
  /** Whether an API key of `keyTenantId` may work jobs of `instanceId`. */
  mayWork(keyTenantId: string, instanceId: string): Promise<boolean>;
}

interface InstanceLink {
  businessKey: string | null;
  parentInstanceId: string | null;
}

const MAX_DEPTH = 20;
const CACHE = 10_000;

export function createInstanceTenants(deps: {
  store: Pick<Store, 'trials' | 'jobs' | 'tenants'>;
  /** The instance's business key and parent; undefined when there is no such instance. */
  instance(instanceId: string): Promise<InstanceLink | undefined>;
}): InstanceTenants {
  const { store } = deps;
  // An instance's organisation never changes; a bounded memo spares the lookups on every job call.
  const known = new Map<string, string | null>();

  async function ownerOf(rootId: string, businessKey: string | null): Promise<string | null> {
    if (!businessKey) return null;
    const trial = await store.trials.get(businessKey);
    if (trial && (trial.data.workflowInstanceId === rootId || rootId.startsWith(`trial:${trial.id}`)))
      return trial.tenantId;
    const job = await store.jobs.get(businessKey);
    if (job && job.data.workflowInstanceId === rootId) return job.tenantId;
    return null;
  }

  async function tenantOf(instanceId: string): Promise<string | null> {
    const memo = known.get(instanceId);
    if (memo !== undefined) return memo;
    let id = instanceId;
    let link = await deps.instance(id);
    for (let depth = 0; link?.parentInstanceId && depth < MAX_DEPTH; depth++) {
      id = link.parentInstanceId;
      link = await deps.instance(id);
    }
    const tenant = link ? await ownerOf(id, link.businessKey) : null;
    if (known.size >= CACHE) known.clear();
    known.set(instanceId, tenant);
    return tenant;
  }

  return {
    tenantOf,
    async mayWork(keyTenantId, instanceId) {
      const tenant = await tenantOf(instanceId);
      if (tenant !== null) return tenant === keyTenantId;
      // The platform's own instances: only keys of the platform's (internal) organisation.
      return (await store.tenants.get(keyTenantId))?.data.plan === 'internal';
    },
  };
}
