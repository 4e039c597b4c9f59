// Gives every trial stored before work orders its agent instance (decision 0047): id `ins_<trial id's
// suffix>`, the hire it converted into (a converted trial and its hire share one instance), and the
// runtime key the agent runtime already knows it by (the hire id once hired, else the trial id).
import type { Migration } from '../migrator.js';
import { toJson } from '../sql-json.js';
import { DEFAULT_WORKING_HOURS, instanceIdOf } from '../work-instance-ids.js';

export const workInstancesBackfill: Migration = {
  name: '0101-work-instances-backfill',
  async up(db) {
    const trials = await db
      .selectFrom('mkt_trials')
      .select(['id', 'tenant_id', 'agent_id', 'hire_id', 'started_at'])
      .execute();
    const hours = toJson(DEFAULT_WORKING_HOURS, 'workingHours');
    for (const t of trials) {
      const trialId = String(t.id);
      const hireId = t.hire_id === null || t.hire_id === undefined ? null : String(t.hire_id);
      await db
        .insertInto('work_instances')
        .values({
          id: instanceIdOf(trialId),
          tenant_id: t.tenant_id,
          version: 1,
          agent_id: t.agent_id,
          trial_id: trialId,
          hire_id: hireId,
          runtime_key: hireId ?? trialId,
          working_hours: hours,
          created_at: t.started_at,
          updated_at: t.started_at,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  },
};
