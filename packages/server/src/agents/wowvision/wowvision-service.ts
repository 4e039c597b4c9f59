// Runs WowVision Prime on the platform in the mode the composition root chose (GitHub through a hosted
// repo, or local through a git source), subscribes to the
// repository events on the bus (consumer group `wowvision-prime`, deduplicated by idempotency key) and,
// in local mode, watches the git checkout.
import type { Bus, Subscription } from '../../bus/bus.js';
import type { Clock } from '../../clock.js';
import type { Ids } from '../../ids.js';
import { silentLogger, type Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import type { LocalGitSource } from './local-git-source.js';
import { createLocalGitWatcher } from './local-git-watcher.js';
import { createLocalRepoHost } from './local-repo-host.js';
import type { RepoHost } from './repo-host.js';
import {
  createWowVisionPrime,
  WOWVISION_ID,
  type ModelTier,
  type WowVisionPrime,
} from './wowvision-prime.js';

/** Where WowVision reads and writes: a hosted GitHub repository, or a local checkout (git optional). */
export type WowVisionRepo = { mode: 'github'; host: RepoHost } | { mode: 'local'; git?: LocalGitSource };

export interface WowVisionServiceDeps {
  repo: WowVisionRepo;
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  logger?: Logger;
  modelTier?: ModelTier;
}

export interface WowVisionService {
  readonly mode: 'local' | 'github';
  readonly agent: WowVisionPrime;
  readonly host: RepoHost;
  /**
   * From now on pull requests are reviewed by the PR-review workflow: this service's consumer leaves
   * `github.pr.opened` to it (the agent's wake rule itself is unchanged).
   */
  delegatePullRequests(): void;
  /** Local mode: scan the repository now (also what the timer does). */
  scan(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createWowVisionService(deps: WowVisionServiceDeps): WowVisionService {
  const { repo, store, bus, clock, ids } = deps;
  const log = deps.logger ?? silentLogger;
  const source = repo.mode === 'local' ? repo.git : undefined;
  const host: RepoHost =
    repo.mode === 'github'
      ? repo.host
      : createLocalRepoHost({ store, clock, ...(source ? { git: source } : {}) });
  const agent = createWowVisionPrime({
    host,
    store,
    clock,
    ids,
    logger: log,
    ...(deps.modelTier ? { modelTier: deps.modelTier } : {}),
  });
  const watcher = source ? createLocalGitWatcher({ source, bus, store, clock, logger: log }) : undefined;
  let subscription: Subscription | undefined;
  let pullRequestsDelegated = false;

  return {
    mode: repo.mode,
    agent,
    host,
    scan: () => (watcher ? watcher.scan() : Promise.resolve(0)),
    delegatePullRequests() {
      pullRequestsDelegated = true;
    },
    async start() {
      subscription = await bus.subscribe({
        pattern: 'github.#',
        group: WOWVISION_ID,
        concurrency: 1,
        handler: async (delivery, ctx) => {
          const event = {
            type: delivery.message.topic,
            payload: (delivery.message.payload ?? {}) as Record<string, unknown>,
          };
          if (pullRequestsDelegated && event.type === 'github.pr.opened') return;
          // Wake filter first: deterministic, cheap, and unknown events never cost a dedupe mark.
          if (!agent.shouldWake(event)) return;
          if (await ctx.isDuplicate()) return;
          await agent.handle(event);
        },
      });
      await watcher?.start();
    },
    async stop() {
      await watcher?.stop();
      await subscription?.close();
    },
  };
}
