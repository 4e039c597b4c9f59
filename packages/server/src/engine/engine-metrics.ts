// Workflow counters from a committed step's events: the step itself, instances started and finished
// (by final state) and incidents raised, labelled by definition. Called once per durable step.
import type { Metrics } from '../components/observability/metrics.js';
import type { HistoryEvent } from './history-events.js';

const FINISHED: Partial<Record<HistoryEvent['type'], string>> = {
  'instance.completed': 'completed',
  'instance.failed': 'failed',
  'instance.cancelled': 'cancelled',
  'instance.compensated': 'compensated',
};

export function recordStepMetrics(
  metrics: Metrics | undefined,
  definition: string,
  events: readonly HistoryEvent[],
): void {
  if (!metrics || events.length === 0) return;
  metrics.workflowSteps.inc({ definition });
  for (const e of events) {
    if (e.type === 'instance.started') metrics.workflowStarted.inc({ definition });
    else if (e.type === 'incident.raised') metrics.workflowIncidents.inc({ definition });
    else {
      const state = FINISHED[e.type];
      if (state) metrics.workflowFinished.inc({ definition, state });
    }
  }
}
