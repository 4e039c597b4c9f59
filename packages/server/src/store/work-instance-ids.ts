// How an agent instance is named after its engagement (decision 0047): `ins_` plus the trial id's
// suffix, so the trial, its hire and every view of them name the same instance without a lookup.
import type { WorkingHours } from '../contracts/work.js';

export function instanceIdOf(trialId: string): string {
  return `ins_${trialId.replace(/^trl_/, '')}`;
}

/** Until the customer sets them: Monday to Friday, 09:00–18:00 UTC. */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  timezone: 'UTC',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
};
