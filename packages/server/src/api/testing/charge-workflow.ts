// A one-task workflow for job-worker tests: a service task `charge` of the given type (input: amount)
// whose BPMN error DECLINED ends at `refused`, else at the end.
import { workflow } from '../../engine/definitions/builder.js';

export function chargeWorkflow(id: string, taskType: string) {
  return workflow(id)
    .start()
    .service('charge', taskType, { input: { amount: 'amount' } })
    .boundary('declined', 'charge', { error: { code: 'DECLINED' } })
    .end('refused')
    .from('charge')
    .end()
    .build();
}
