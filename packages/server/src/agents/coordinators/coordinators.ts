// The three domain coordinators together: lookup by domain, and the cross-domain reactions wired
// to the bus (one consumer group per reaction, so each owner coordinator receives its own copy).
import type { Bus, BusMessage, Subscription } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import { PlatformError } from '../../errors.js';
import type { Ids } from '../../ids.js';
import { silentLogger, type Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import { createReputationService, type ReputationService } from '../reputation/reputation-service.js';
import {
  COORDINATED_DOMAINS,
  isCoordinatedDomain,
  type CoordinatedAgentSpec,
  type CoordinatedDomain,
} from './coordinated-agent.js';
import {
  checkReactions,
  crossDomainReactions,
  reactionsFor,
  type CrossDomainReaction,
  type ReactionEvent,
  type RoutedReaction,
} from './cross-domain-reactions.js';
import type {
  DomainCoordinator,
  DomainCoordinatorOptions,
  RouteResult,
  RouteTaskInput,
} from './domain-coordinator.js';
import { EducationCoordinator } from './education-coordinator.js';
import { MarketingCoordinator } from './marketing-coordinator.js';
import { SalesCoordinator } from './sales-coordinator.js';

export interface CoordinatorsOptions extends Pick<
  DomainCoordinatorOptions,
  'maxConcurrentTasks' | 'instances' | 'attempts'
> {
  /** Every agent spec (all domains); each coordinator keeps its own. */
  specs: readonly CoordinatedAgentSpec[];
  store: Store;
  clock: Clock;
  ids: Ids;
  /** Needed by `start()`; also announces assignments on `<domain>.task.assigned`. */
  bus?: Bus;
  reputation?: ReputationService;
  logger?: Logger;
  /** The reaction table (default `crossDomainReactions`). */
  reactions?: readonly CrossDomainReaction[];
}

export interface ReactionOutcome {
  reaction: RoutedReaction;
  result: RouteResult;
}

export interface Coordinators {
  readonly marketing: MarketingCoordinator;
  readonly education: EducationCoordinator;
  readonly sales: SalesCoordinator;
  readonly reputation: ReputationService;
  readonly reactions: readonly CrossDomainReaction[];
  /** The coordinator of `domain`; NOT_FOUND for any other domain. */
  get(domain: string): DomainCoordinator;
  /** `get(domain).route(task)`. */
  route(domain: string, task: RouteTaskInput): Promise<RouteResult>;
  /** Routes the tasks `event` starts (idempotent per event id), in table order. */
  react(event: ReactionEvent): Promise<ReactionOutcome[]>;
  /** Subscribes every reaction on the bus; PRECONDITION_FAILED without a bus. Calling it twice is a no-op. */
  start(): Promise<void>;
  /** Closes the subscriptions (messages published meanwhile wait for the next start). */
  stop(): Promise<void>;
}

/** Letters, digits and `._:-` only, ≤ 150 characters: a message's idempotency key may hold anything. */
function safeId(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 150);
}

/** The consumer group of a reaction, e.g. `coordinator.sales.lead.qualified`. */
export function reactionGroup(reaction: CrossDomainReaction): string {
  return `coordinator.${reaction.owner}.${reaction.event.replace(/\*/g, 'any').replace(/#/g, 'all')}`;
}

/**
 * Builds the Marketing (7), Education (7) and Sales (5) coordinators from the specs, sharing one
 * reputation service. CONFIG_INVALID when a domain holds the wrong number of agents or a reaction
 * names an agent the specs lack.
 */
export function createCoordinators(options: CoordinatorsOptions): Coordinators {
  const { store, clock, ids, bus } = options;
  const log = options.logger ?? silentLogger;
  const reputation = options.reputation ?? createReputationService({ store, clock, ids });
  const reactions = options.reactions ?? crossDomainReactions;
  const shared = {
    specs: options.specs,
    store,
    clock,
    ids,
    reputation,
    logger: log,
    ...(bus ? { bus } : {}),
    ...(options.maxConcurrentTasks === undefined ? {} : { maxConcurrentTasks: options.maxConcurrentTasks }),
    ...(options.instances === undefined ? {} : { instances: options.instances }),
    ...(options.attempts === undefined ? {} : { attempts: options.attempts }),
  };
  const byDomain: Record<CoordinatedDomain, DomainCoordinator> = {
    marketing: new MarketingCoordinator(shared),
    education: new EducationCoordinator(shared),
    sales: new SalesCoordinator(shared),
  };
  checkReactions(reactions, options.specs);
  let subscriptions: Subscription[] | undefined;

  function get(domain: string): DomainCoordinator {
    if (!isCoordinatedDomain(domain)) {
      throw new PlatformError(
        'NOT_FOUND',
        `No coordinator for domain "${String(domain)}" (known: ${COORDINATED_DOMAINS.join(', ')})`,
        {
          details: { domain: String(domain) },
        },
      );
    }
    return byDomain[domain];
  }

  async function react(event: ReactionEvent): Promise<ReactionOutcome[]> {
    const out: ReactionOutcome[] = [];
    for (const reaction of reactionsFor(event, options.specs, reactions)) {
      out.push({ reaction, result: await get(reaction.domain).route(reaction.task) });
    }
    return out;
  }

  /** Task ids derive from the idempotency key when there is one, so a re-published event routes nothing twice. */
  function eventOf(message: BusMessage): ReactionEvent {
    return {
      topic: message.topic,
      payload: message.payload,
      id: safeId(message.idempotencyKey ?? message.id),
      priority: message.priority,
    };
  }

  return {
    marketing: byDomain.marketing as MarketingCoordinator,
    education: byDomain.education as EducationCoordinator,
    sales: byDomain.sales as SalesCoordinator,
    reputation,
    reactions,
    get,
    route: async (domain, task) => get(domain).route(task),
    react,

    async start() {
      if (subscriptions) return;
      if (!bus)
        throw new PlatformError('PRECONDITION_FAILED', 'coordinators need a bus to react to events', {
          details: { field: 'bus' },
        });
      const opened: Subscription[] = [];
      for (const reaction of reactions) {
        opened.push(
          await bus.subscribe({
            pattern: reaction.event,
            group: reactionGroup(reaction),
            // Only this reaction's targets: another reaction on the same event has its own group.
            handler: async ({ message }) => {
              const routed = reactionsFor(eventOf(message), options.specs, [reaction]);
              for (const r of routed) await get(r.domain).route(r.task);
              log.debug(
                { topic: message.topic, owner: reaction.owner, routed: routed.length },
                'coordinator reaction',
              );
            },
          }),
        );
      }
      subscriptions = opened;
    },

    async stop() {
      const open = subscriptions ?? [];
      subscriptions = undefined;
      await Promise.all(open.map((s) => s.close()));
    },
  };
}
