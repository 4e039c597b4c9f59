// The inbox source of tasks a spent budget stopped (marketplace/work/budget-policy.ts): approve runs
// the task again as a new task (a person said the agent may go on); reject leaves it stopped.
import { PlatformError } from '../../../errors.js';
import type { InboxSource } from '../inbox-service.js';

export interface StoppedTasks {
  /** A new task with the stopped task's skill and input; NOT_FOUND when the task is gone. */
  retry(tenantId: string, taskId: string): Promise<{ taskId: string }>;
}

export function taskBudgetSource(tasks: StoppedTasks): InboxSource {
  return {
    async answer(item, a) {
      if (a.tenantId === null) throw new PlatformError('NOT_FOUND', `task ${item.data.sourceRef} not found`);
      if (a.decision === 'approve') await tasks.retry(a.tenantId, item.data.sourceRef);
    },
  };
}
