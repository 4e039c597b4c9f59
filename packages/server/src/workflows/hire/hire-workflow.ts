// Hires' billing periods run as the engine's `hire` workflow (business key = hire id): its durable
// timer waits for the end of the period and its `hire.renew` step renews through the HireService, so a
// period that ended while no process ran is renewed at start-up. `createHireTimeline` (engine and store
// only) is built before the services and given to the HireService; the handler is registered after.
import type { Engine } from '../../engine/engine.js';
import type { InstanceView } from '../../engine/engine-types.js';
import { PlatformError, isPlatformError } from '../../errors.js';
import type { HireService } from '../../marketplace/hires/hire-service.js';
import type { HireTimeline } from '../../marketplace/hires/hire-timeline.js';
import { iso } from '../../marketplace/time.js';
import { RUNNING } from '../trial/trial-timeline.js';

export const HIRE_DEFINITION = 'hire';

export function createHireTimeline(deps: { engine: Engine }): HireTimeline {
  const { engine } = deps;

  async function running(hireId: string): Promise<InstanceView[]> {
    const page = await engine.listInstances({
      definitionId: HIRE_DEFINITION,
      businessKey: hireId,
      state: RUNNING,
      limit: 10,
    });
    return Promise.all(page.items.map((r) => engine.getInstance(r.instanceId)));
  }

  return {
    async track(hire) {
      // A running instance re-reads the period when its timer fires, so a resumed hire keeps it.
      if ((await running(hire.id)).length > 0) return;
      // Named after the record version: a repeated call starts one instance, a later resume a new one.
      try {
        await engine.startInstance(HIRE_DEFINITION, {
          instanceId: `hire:${hire.id}:${hire.version}`,
          businessKey: hire.id,
          actor: 'marketplace',
          variables: { hire_id: hire.id, period_end: iso(hire.data.currentPeriodEnd) },
        });
      } catch (err) {
        if (!isPlatformError(err, 'CONFLICT')) throw err;
      }
    },
    async stopped(hire) {
      for (const view of await running(hire.id))
        await engine.cancel(view.instanceId, { actor: 'marketplace', reason: 'hire cancelled' });
    },
  };
}

/** Registers `hire.renew`: renews a period that ended and tells the instance when the next one ends. */
export function registerHireWorkflow(deps: { engine: Engine; hires: Pick<HireService, 'renew'> }): void {
  deps.engine.registerHandler('hire.renew', async (ctx) => {
    const id = typeof ctx.variables.hire_id === 'string' ? ctx.variables.hire_id : ctx.businessKey;
    if (!id)
      throw new PlatformError('VALIDATION', `Step ${ctx.elementId} needs the hire id (variable hire_id)`, {
        retryable: false,
        details: { field: 'hire_id' },
      });
    const { active, periodEnd } = await deps.hires.renew(id);
    return {
      active: active && periodEnd !== null,
      period_end: periodEnd === null ? (ctx.variables.period_end ?? null) : iso(periodEnd),
    };
  });
}
