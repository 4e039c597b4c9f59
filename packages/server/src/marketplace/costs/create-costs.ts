// Wiring of the costs feature for the composition root: the cost service over the budgets and the
// receipts, and the worker that turns budget alerts into inbox items and mail.
import type { Bus } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import { BudgetManager } from '../../components/budgets/budget-manager.js';
import type { Logger } from '../../components/observability/logger.js';
import type { Config } from '../../config.js';
import type { Ids } from '../../ids.js';
import type { PriceTable } from '../../models/pricing.js';
import type { Store } from '../../store/store.js';
import type { InboxService } from '../inbox/inbox-service.js';
import type { Mailer } from '../mail/mailer.js';
import { BudgetAlertNotifier } from './budget-alert-notifier.js';
import { CostService } from './cost-service.js';

export interface CostsDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  inbox: InboxService;
  mailer: Mailer;
  prices: PriceTable;
  config: Pick<Config, 'costs'>;
}

export function createCosts(deps: CostsDeps): {
  service: CostService;
  notifier: BudgetAlertNotifier;
  worker: { start(): Promise<void>; stop(): Promise<void> };
} {
  const { store, bus, clock, ids, logger } = deps;
  // Stateless over the store: edits here publish the same alerts as the runtime's settlements.
  const budgets = new BudgetManager({ store, clock, ids, bus });
  const service = new CostService({
    store,
    clock,
    budgets,
    prices: deps.prices,
    projectionWindowDays: deps.config.costs.projectionWindowDays,
  });
  const notifier = new BudgetAlertNotifier({
    store,
    inbox: deps.inbox,
    mailer: deps.mailer,
    logger,
    currency: deps.prices.currency,
    status: (scope) => budgets.status(scope),
  });
  return {
    service,
    notifier,
    worker: { start: () => notifier.start(bus), stop: () => notifier.stop() },
  };
}
