// The inbox's background side, started with the platform: registers the engine's user tasks and the
// runtime's escalations as sources, follows new user tasks on the bus, re-opens items of whatever still
// waits (after a restart, or raised before the inbox existed) and runs the SLA sweeper.
import type { Bus, Subscription } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import type { Engine } from '../../engine/engine.js';
import type { Logger } from '../../components/observability/logger.js';
import type { EscalationService } from '../../runtime/escalations.js';
import type { Store } from '../../store/store.js';
import type { InboxService } from './inbox-service.js';
import { InboxSlaSweeper } from './inbox-sla-sweeper.js';
import { openPendingApprovals } from './sources/approval-source.js';
import {
  RUNTIME_ESCALATION_SOURCE,
  openPendingEscalations,
  runtimeEscalationSource,
} from './sources/runtime-escalation-source.js';
import {
  USER_TASK_SOURCE,
  followUserTasks,
  openUserTaskItem,
  userTaskInboxSource,
  type UserTaskEngine,
} from './sources/user-task-source.js';

export interface InboxWorkerDeps {
  inbox: InboxService;
  store: Store;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  engine: UserTaskEngine & Pick<Engine, 'listUserTasks'>;
  /** The runtime's escalations, and how to stop an agent whose spent budget a human refused to raise. */
  escalations: Pick<EscalationService, 'answer'>;
  stopAgent?: (agentId: string, by: string) => Promise<unknown>;
  /** More catch-up of other sources (the agent protocol's open escalations). */
  catchUp?: Array<() => Promise<unknown>>;
  sweepEveryMs?: number;
}

export function createInboxWorker(deps: InboxWorkerDeps): { start(): Promise<void>; stop(): Promise<void> } {
  const { inbox, engine } = deps;
  inbox.registerSource(USER_TASK_SOURCE, userTaskInboxSource(engine));
  inbox.registerSource(RUNTIME_ESCALATION_SOURCE, runtimeEscalationSource(deps.escalations, deps.stopAgent));
  const sweeper = new InboxSlaSweeper(inbox, deps.clock, deps.sweepEveryMs, deps.logger);
  let subscriptions: Subscription[] = [];
  return {
    async start() {
      subscriptions = await followUserTasks({ bus: deps.bus, engine, inbox, store: deps.store });
      try {
        for (const task of await engine.listUserTasks({ status: 'open' }))
          await openUserTaskItem({ engine, inbox, store: deps.store }, task.taskId);
        await openPendingEscalations(deps.store, inbox);
        await openPendingApprovals(deps.store, inbox);
        for (const catchUp of deps.catchUp ?? []) await catchUp();
      } catch (err) {
        // The items of new work still open; the next start catches up again.
        deps.logger.error({ err }, 'inbox catch-up failed');
      }
      await sweeper.start();
    },
    async stop() {
      await sweeper.stop();
      await Promise.all(subscriptions.map((s) => s.close()));
      subscriptions = [];
    },
  };
}
