// Local mode: polls a git checkout for new commits on the default branch and new `pr/<n>` branches and
// publishes the same platform events GitHub mode would. What was seen is kept in the store, so a
// restart neither replays old commits nor misses new ones.
import type { Bus } from '../../bus/bus.js';
import { MAX_BATCH } from '../../bus/bus.js';
import type { Clock, TimerHandle } from '../../clock.js';
import { silentLogger, type Logger } from '../../components/observability/logger.js';
import type { Store } from '../../store/store.js';
import { commitEvents, type LocalGitSource } from './local-git-source.js';

const STATE = 'wowvision_watch';

interface WatchState {
  lastSha?: string;
  prsSeen: number[];
}

export interface LocalGitWatcherOptions {
  source: LocalGitSource;
  bus: Pick<Bus, 'publish' | 'publishBatch'>;
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** At most this many commits per scan (oldest first), so a large history is worked through in steps. */
  batch?: number;
}

export function createLocalGitWatcher(options: LocalGitWatcherOptions) {
  const { source, bus, store, clock } = options;
  const log = options.logger ?? silentLogger;
  const id = `repo:${source.repoPath}`;
  let timer: TimerHandle | undefined;
  let running = false;

  async function state(): Promise<WatchState> {
    const doc = await store.documents.get<WatchState>(STATE, id);
    return doc?.data ?? { prsSeen: [] };
  }

  async function save(s: WatchState): Promise<void> {
    const { created } = await store.documents.insert({ collection: STATE, id, key: id, data: s });
    if (!created) await store.documents.update(STATE, id, s);
  }

  /** One scan: publishes events for new commits and new PR branches; returns how many events. */
  async function scan(): Promise<number> {
    const s = await state();
    const branch = await source.defaultBranch();
    const commits = await source.commitsSince(s.lastSha, { ref: branch, limit: options.batch ?? 50 });
    let published = 0;
    for (const c of commits) {
      // A commit's events (one per file, then the push) go out in one batch: one durable write.
      const inputs = commitEvents(source.repoPath, c).map((e, i) => ({
        topic: e.type,
        payload: e.payload,
        priority: e.priority,
        from: 'local-git',
        idempotencyKey: `${c.sha}:${i}`,
      }));
      for (let i = 0; i < inputs.length; i += MAX_BATCH)
        published += (await bus.publishBatch(inputs.slice(i, i + MAX_BATCH))).length;
      s.lastSha = c.sha;
      await save(s); // after each commit, so a crash resumes at the next one
    }
    for (const n of await source.pullRequestBranches()) {
      if (s.prsSeen.includes(n)) continue;
      const head = await source.head(`pr/${n}`);
      await bus.publish({
        topic: 'github.pr.opened',
        payload: { repo: source.repoPath, number: n, head: head ?? `pr/${n}`, title: `pr/${n}`, author: '' },
        priority: 4,
        from: 'local-git',
        idempotencyKey: `pr:${n}:${head ?? ''}`,
      });
      s.prsSeen.push(n);
      await save(s);
      published++;
    }
    return published;
  }

  return {
    scan,
    /** Scans now and then every `intervalMs` until stopped. */
    async start(intervalMs = 10_000): Promise<void> {
      if (running) return;
      running = true;
      const tick = async () => {
        try {
          await scan();
        } catch (err) {
          log.warn({ err, repo: source.repoPath }, 'git scan failed');
        }
        if (running) timer = clock.setTimeout(() => void tick(), intervalMs);
      };
      await tick();
    },
    async stop(): Promise<void> {
      running = false;
      timer?.cancel();
    },
  };
}
