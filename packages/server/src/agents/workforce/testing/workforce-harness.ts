// Test harness for the workforce: a real agent runtime, marketplace services (trials, deliverables,
// approvals), coordinators and reputation over one SQLite store and the in-process bus, on a FakeClock,
// with helpers to start trials for customers and wait for bus traffic without sleeping.
import type { BusMessage } from '../../../bus/bus.js';
import { MemoryBroker } from '../../../bus/memory-broker.js';
import { MemoryBus } from '../../../bus/memory-bus.js';
import { FakeClock } from '../../../clock.js';
import { configSchema } from '../../../config.js';
import { createIds } from '../../../ids.js';
import { silentLogger } from '../../../components/observability/logger.js';
import { testMarketplaceAdapters } from '../../../marketplace/testing/test-adapters.js';
import { createMarketplaceServices, type MarketplaceServices } from '../../../marketplace/services.js';
import type { Principal } from '../../../marketplace/principal.js';
import type { TrialSetup } from '../../../contracts/contracts.js';
import { createSqlStore, type SqlStore } from '../../../store/sql-store.js';
import { createCoordinators, type Coordinators } from '../../coordinators/coordinators.js';
import { createReputationService, type ReputationService } from '../../reputation/reputation-service.js';
import { createTestRuntime, type TestRuntime } from '../../../runtime/testing/test-runtime.js';
import { skillRegistry } from '../../../skills/registry.js';
import type { AgentSpec } from '../../specs/agent-spec.js';
import type { AgentPlan } from '../agent-plan.js';
import { coordinatedSpecs } from '../coordinated-specs.js';
import {
  createMarketplaceDeliverableSink,
  createMarketplaceInstanceSource,
  marketplaceRosterHints,
} from '../marketplace-ports.js';
import { createWorkforce, type Workforce } from '../workforce.js';
import { createTestTimelines } from '../../../workflows/testing/test-timelines.js';
import { testSkillRunner } from '../../../runtime/testing/test-skill-runner.js';

export interface WorkforceHarness {
  clock: FakeClock;
  store: SqlStore;
  bus: MemoryBus;
  /** The bus backend, for a second "process" with its own bus client. */
  broker: MemoryBroker;
  runtime: TestRuntime;
  market: MarketplaceServices;
  coordinators: Coordinators;
  reputation: ReputationService;
  workforce: Workforce;
  /** Starts a trial of `agentId` for a new customer tenant (or `principal`'s); returns the trial id and principal. */
  startTrial(
    agentId: string,
    setup?: Partial<TrialSetup>,
    principal?: Principal,
  ): Promise<{ trialId: string; principal: Principal }>;
  /**
   * Subscribes (in a group of its own) before returning, so nothing published afterwards is missed:
   * `first` resolves with the first message `match` accepts; `all` collects every one.
   */
  watch(
    topic: string,
    match?: (m: BusMessage) => boolean,
  ): Promise<{ first: Promise<BusMessage>; all: BusMessage[] }>;
  close(): Promise<void>;
}

export const harnessSetup: TrialSetup = {
  instanceName: 'Growth desk',
  business: {
    companyName: 'Acme Health',
    industry: 'healthcare',
    audience: 'clinic owners',
    goals: ['more patient bookings'],
    topics: ['Diabetes diet tips', 'low sugar recipes'],
  },
  approvalMode: 'auto_publish',
  notificationChannel: 'in_app',
};

export async function createWorkforceHarness(options: {
  /** Specs to run (default none); hand-made `plans` are added to them. */
  specs?: readonly AgentSpec[];
  plans?: readonly AgentPlan[];
  coordinatorSpecs?: Parameters<typeof createCoordinators>[0]['specs'];
}): Promise<WorkforceHarness> {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 8, 0, 0));
  const ids = createIds(() => clock.now());
  const store = await createSqlStore({ dialect: 'sqlite', path: ':memory:', synchronous: 'OFF' }, { clock });
  await store.migrate();
  const broker = new MemoryBroker({ clock, ids, logger: silentLogger, dedupeTtlMs: 24 * 3600_000 });
  const bus = new MemoryBus({ clock, ids, broker });
  const config = configSchema.parse({ auth: { jwtSecret: 'test-secret-test-secret-test-secret-1234' } });
  const timed = await createTestTimelines({ store, clock, ids });
  const market = await createMarketplaceServices({
    timelines: timed.timelines,
    skills: testSkillRunner({ store, clock, ids }),
    store,
    bus,
    clock,
    ids,
    config,
    logger: silentLogger,
    ...testMarketplaceAdapters({ store, ids, clock, config }),
    options: { passwordHashCost: { N: 1024, r: 8, p: 1 } },
  });
  const trialFlow = await timed.register(market);
  await timed.engine.open();
  const runtime = createTestRuntime({ store, bus, clock, ids });
  const reputation = createReputationService({ store, clock, ids });
  const coordinators = createCoordinators({
    specs: options.coordinatorSpecs ?? coordinatedSpecs(options.specs ?? []),
    store,
    clock,
    ids,
    bus,
    reputation,
  });
  const workforce = createWorkforce({
    runtime,
    specs: options.specs ?? [],
    ...(options.plans ? { plans: options.plans } : {}),
    skills: skillRegistry,
    bus,
    store,
    clock,
    ids,
    instances: createMarketplaceInstanceSource({ store, trials: market.trials }),
    deliverableSink: createMarketplaceDeliverableSink(market.deliverables),
    coordinators,
    reputation,
    rosterHints: marketplaceRosterHints,
    syncIntervalMs: 0,
  });
  await runtime.start();
  await workforce.start();

  let customers = 0;
  /** A verified customer with its own organisation, stored as sign-up would store them. */
  async function customer(email: string): Promise<Principal> {
    const tenant = await store.tenants.insert({
      id: ids.next('ten'),
      data: { name: `Customer ${customers}`, publicActivity: false, plan: 'free' },
    });
    const user = await store.accounts.insert({
      id: ids.next('usr'),
      tenantId: tenant.entity.id,
      data: {
        email,
        name: 'Owner',
        role: 'customer',
        passwordHash: 'not-used',
        emailVerifiedAt: clock.now(),
        tokensValidAfter: 0,
      },
    });
    return {
      userId: user.entity.id,
      tenantId: tenant.entity.id,
      role: 'customer',
      email,
      emailVerified: true,
    };
  }
  return {
    clock,
    store,
    bus,
    broker,
    runtime,
    market,
    coordinators,
    reputation,
    workforce,
    async startTrial(agentId, setup = {}, existing) {
      customers += 1;
      const principal: Principal = existing ?? (await customer(`owner${customers}@acme-health.example`));
      const trial = await market.trials.start(
        principal,
        { agentId, setup: { ...harnessSetup, ...setup } },
        `10.0.${Math.floor(customers / 200)}.${customers % 200}`,
      );
      await workforce.sync();
      return { trialId: trial.id, principal };
    },
    async watch(topic, match = () => true) {
      const all: BusMessage[] = [];
      let resolve!: (m: BusMessage) => void;
      const first = new Promise<BusMessage>((r) => {
        resolve = r;
      });
      await bus.subscribe({
        pattern: topic,
        group: `test.${ids.next('g')}`,
        handler: async ({ message }) => {
          if (!match(message)) return;
          all.push(message);
          resolve(message);
        },
      });
      return { first, all };
    },
    async close() {
      await workforce.stop();
      await runtime.stop();
      trialFlow.stop();
      await timed.engine.close();
      await bus.close();
      await broker.close();
      await store.close();
    },
  };
}
