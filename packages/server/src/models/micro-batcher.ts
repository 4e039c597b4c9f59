// Groups concurrent single calls into one bulk call: items of one group wait at most `maxWaitMs` on
// the clock port (or until `maxSize` are queued, whichever comes first), then go out together.
import type { Clock, TimerHandle } from '../clock.js';
import { PlatformError } from '../errors.js';

export interface MicroBatcherOptions<I, O> {
  clock: Clock;
  /** Longest an item waits for company; 0 sends each batch on the next microtask turn. */
  maxWaitMs: number;
  /** A batch is sent as soon as it holds this many items. */
  maxSize: number;
  /** Runs one batch (all items share `group`); must resolve with one result per item, in order. */
  run: (group: string, items: I[]) => Promise<O[]>;
}

interface Pending<I, O> {
  items: I[];
  settle: Array<{ resolve: (o: O) => void; reject: (err: unknown) => void }>;
  timer?: TimerHandle;
}

export class MicroBatcher<I, O> {
  private readonly open = new Map<string, Pending<I, O>>();
  /** Batches sent so far, and items in them (for tests and the bench). */
  readonly stats = { batches: 0, items: 0 };

  constructor(private readonly options: MicroBatcherOptions<I, O>) {}

  add(group: string, item: I): Promise<O> {
    let batch = this.open.get(group);
    if (!batch) {
      batch = { items: [], settle: [] };
      this.open.set(group, batch);
      const pending = batch;
      if (this.options.maxWaitMs > 0)
        batch.timer = this.options.clock.setTimeout(() => this.flush(group, pending), this.options.maxWaitMs);
      else queueMicrotask(() => this.flush(group, pending));
    }
    const result = new Promise<O>((resolve, reject) => batch.settle.push({ resolve, reject }));
    batch.items.push(item);
    if (batch.items.length >= this.options.maxSize) this.flush(group, batch);
    return result;
  }

  private flush(group: string, batch: Pending<I, O>): void {
    // A batch flushed for being full leaves its timer behind; the timer must not flush a newer one.
    if (this.open.get(group) !== batch) return;
    this.open.delete(group);
    batch.timer?.cancel();
    this.stats.batches++;
    this.stats.items += batch.items.length;
    this.options.run(group, batch.items).then(
      (results) => {
        batch.settle.forEach((s, i) => {
          const r = results[i];
          if (r === undefined)
            s.reject(
              new PlatformError(
                'INTERNAL',
                `A batch returned ${results.length} results for ${batch.items.length} items`,
              ),
            );
          else s.resolve(r);
        });
      },
      (err: unknown) => {
        for (const s of batch.settle) s.reject(err);
      },
    );
  }
}
