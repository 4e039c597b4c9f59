// TenantInstances over the commercial records, until the instance directory (decision 0047, another part
// of work orders) is wired in its place: each hire, and each trial not converted into one, is an instance
// whose id is the hire's or the trial's. Active: a trial that is ACTIVE, a hire that is active.
import type { Store } from '../../store/store.js';
import type { InstanceRef } from '../work/work-ports.js';
import type { TenantInstances } from './job-ports.js';

const WORKING_HOURS: InstanceRef['workingHours'] = {
  timezone: 'UTC',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
};

export function engagementInstances(store: Pick<Store, 'trials' | 'hires'>): TenantInstances {
  return {
    async list(tenantId) {
      const [trials, hires] = await Promise.all([
        store.trials.list({ tenantId, limit: 1000 }),
        store.hires.list({ tenantId, limit: 1000 }),
      ]);
      const hired = new Set(hires.items.map((h) => h.data.trialId));
      const fromTrials: InstanceRef[] = trials.items
        .filter((t) => !hired.has(t.id))
        .map((t) => ({
          id: t.id,
          tenantId,
          agentId: t.data.agentId,
          status:
            t.data.status === 'ACTIVE' ? 'active' : t.data.status === 'PROVISIONING' ? 'paused' : 'ended',
          trialId: t.id,
          hireId: null,
          workingHours: WORKING_HOURS,
        }));
      const fromHires: InstanceRef[] = hires.items.map((h) => ({
        id: h.id,
        tenantId,
        agentId: h.data.agentId,
        status: h.data.status === 'active' ? 'active' : h.data.status === 'paused' ? 'paused' : 'ended',
        trialId: h.data.trialId,
        hireId: h.id,
        workingHours: WORKING_HOURS,
      }));
      return [...fromTrials, ...fromHires];
    },
  };
}
