// Folding SQLite's write-ahead log back into the database file on a thread of its own. SQLite's
// automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages: on the event loop, it
// copies those pages and fsyncs the database file — milliseconds, tens of them on a busy disk, every
// few dozen commits under load. Here the platform's connection never checkpoints; a worker thread
// with a connection of its own does it (copy and fsync included) while the event loop goes on.
//
// A checkpoint that runs beside a writer cannot let the log start over: SQLite restarts the WAL at the
// beginning only when a write transaction begins with every frame already copied. So when the log
// has grown past `restartPages`, the driver holds its next transaction back (asynchronously) until the
// worker reports it has caught up — a pause of one small checkpoint every few thousand pages.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface BackgroundCheckpointOptions {
  /** After a commit, the worker waits this long for more commits before it checkpoints (default 50 ms). */
  gatherMs?: number;
  /** The log's size in pages past which the next transaction waits for the log to restart (default 4096). */
  restartPages?: number;
  /** Longest a transaction waits for the worker to catch up before it goes ahead anyway (default 250 ms). */
  catchUpTimeoutMs?: number;
}

// Shared slots (Int32): commits so far (driver), stop (driver), log pages and copied pages at the last
// checkpoint (worker), catch-up wanted (driver sets, worker clears), checkpoints made (worker).
const COMMITS = 0;
const STOP = 1;
const LOG = 2;
const COPIED = 3;
const CATCH_UP = 4;
const CHECKPOINTS = 5;

// CommonJS run with `eval`: no file of its own to resolve, in source and in the build alike.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const s = new Int32Array(workerData.shared);
const db = new Database(workerData.path, { fileMustExist: true });
try {
  db.pragma('wal_autocheckpoint = 0');
  let seen = 0;
  for (;;) {
    if (Atomics.load(s, ${COMMITS}) === seen && Atomics.load(s, ${CATCH_UP}) === 0)
      Atomics.wait(s, ${COMMITS}, seen, 1000);
    if (Atomics.load(s, ${STOP}) !== 0) break;
    // Let the commits of the next moments join this checkpoint, unless a writer is waiting for it.
    if (Atomics.load(s, ${CATCH_UP}) === 0) Atomics.wait(s, ${CATCH_UP}, 0, workerData.gatherMs);
    if (Atomics.load(s, ${STOP}) !== 0) break;
    seen = Atomics.load(s, ${COMMITS});
    let r;
    try {
      [r] = db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Locked for a moment (another connection's TRUNCATE checkpoint, a backup): try again shortly.
      Atomics.wait(s, ${STOP}, 0, workerData.gatherMs);
      continue;
    }
    Atomics.store(s, ${LOG}, r.log);
    Atomics.store(s, ${COPIED}, r.checkpointed);
    Atomics.add(s, ${CHECKPOINTS}, 1);
    if (Atomics.load(s, ${CATCH_UP}) !== 0) {
      if (r.busy === 0 && r.log === r.checkpointed) {
        Atomics.store(s, ${CATCH_UP}, 0);
        parentPort.postMessage('caught-up');
      } else Atomics.wait(s, ${STOP}, 0, 1); // a reader still holds old frames: try again in a moment
    }
  }
} finally {
  db.close();
}
`;

const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

export class BackgroundCheckpointer {
  private readonly shared = new Int32Array(new SharedArrayBuffer(8 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private readonly restartPages: number;
  private readonly catchUpTimeoutMs: number;
  private caughtUp: Array<() => void> = [];
  private exited = false;
  /** Why the worker stopped on its own (it could not open or checkpoint the database). */
  failure: Error | undefined;

  constructor(path: string, options: BackgroundCheckpointOptions = {}) {
    this.restartPages = options.restartPages ?? 4096;
    this.catchUpTimeoutMs = options.catchUpTimeoutMs ?? 250;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path,
        module: betterSqlite,
        shared: this.shared.buffer,
        gatherMs: options.gatherMs ?? 50,
      },
    });
    this.worker.on('message', () => this.release());
    this.worker.on('error', (err) => {
      this.failure = err;
    });
    this.worker.on('exit', () => {
      this.exited = true;
      this.release();
    });
    // Never what keeps the process alive: the store's close stops it.
    this.worker.unref();
  }

  /** Checkpoints made so far (for tests and metrics). */
  get checkpoints(): number {
    return Atomics.load(this.shared, CHECKPOINTS);
  }

  /** False once the worker has stopped: the connection must checkpoint by itself again. */
  get running(): boolean {
    return !this.exited;
  }

  /** Called after every COMMIT: wakes the worker (cheap, no message). */
  committed(): void {
    Atomics.add(this.shared, COMMITS, 1);
    Atomics.notify(this.shared, COMMITS);
  }

  /** True when the log is long enough that the next transaction should let it restart. */
  get wantsRestart(): boolean {
    return !this.exited && Atomics.load(this.shared, LOG) >= this.restartPages;
  }

  /**
   * Resolves once every committed frame is in the database file (so the next write transaction
   * restarts the log), or after `catchUpTimeoutMs` — e.g. when another process holds an old snapshot.
   */
  catchUp(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        // Not caught up in time: stop asking, or the worker would checkpoint back to back.
        Atomics.store(this.shared, CATCH_UP, 0);
        this.release();
      }, this.catchUpTimeoutMs);
      this.caughtUp.push(() => {
        clearTimeout(timer);
        resolve();
      });
      Atomics.store(this.shared, CATCH_UP, 1);
      Atomics.notify(this.shared, COMMITS);
      Atomics.notify(this.shared, CATCH_UP);
    });
  }

  /** Stops the worker (after the checkpoint it may be making) and closes its connection. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Held open until it is gone: an unreferenced worker would let the process end mid-close.
    this.worker.ref();
    // Every wait the worker may be in ends at once: its slot no longer holds what it waits on.
    Atomics.store(this.shared, STOP, 1);
    Atomics.add(this.shared, COMMITS, 1);
    Atomics.store(this.shared, CATCH_UP, 1);
    Atomics.notify(this.shared, COMMITS);
    Atomics.notify(this.shared, CATCH_UP);
    Atomics.notify(this.shared, STOP);
    await exited;
  }

  private release(): void {
    const waiting = this.caughtUp;
    this.caughtUp = [];
    for (const resolve of waiting) resolve();
  }
}
