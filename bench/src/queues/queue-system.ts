// One shape for every queue the bench drives — our bus adapters and the peers — so the throughput
// and wake-latency cells run the same code against each of them.

/** A queue under test: producers send numbered items, a consumer reports each item it handles. */
export interface QueueSystem {
  readonly name: string;
  /** Makes sure items sent before `consume` are kept for it (our bus drops messages no group wants). */
  prepare(): Promise<void>;
  /** Starts one consumer handling up to `concurrency` items at once; resolves when it is ready. */
  consume(concurrency: number, onItem: (i: number) => void): Promise<void>;
  /** Enqueues one item; resolves once the system has accepted it (durably, where it is durable). */
  send(i: number): Promise<void>;
  /** Enqueues items `from … from+count-1` the fastest way the system offers (its bulk API if any). */
  sendMany(from: number, count: number): Promise<void>;
  /** Stops the consumer and releases connections; leftover items are discarded. */
  close(): Promise<void>;
}

/** Opens a fresh queue (fresh topic / queue name) for one run. */
export type QueueFactory = () => Promise<QueueSystem>;

/** Resolves when `total` items have been seen, or rejects with a count when `timeoutMs` passes. */
export function completion(total: number, timeoutMs: number) {
  let seen = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    onItem: () => {
      if (++seen === total) resolve();
    },
    /** Waits for all items or the deadline; returns how many arrived. */
    async wait(): Promise<number> {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
      return seen;
    },
    get seen() {
      return seen;
    },
  };
}
