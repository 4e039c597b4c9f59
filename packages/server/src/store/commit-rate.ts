// Calibration: how many single-row insert transactions per second this store commits. The bench
// reports it next to our own numbers so that results from different machines can be compared.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PlatformError } from '../errors.js';
import type { SqlStore } from './sql-store.js';

export interface CommitRateOptions {
  /** Run for this many seconds… */
  seconds?: number;
  /** …or commit exactly this many transactions (one of the two; `count` wins when both are given). */
  count?: number;
  /** Transactions in flight at once (default 1). */
  concurrency?: number;
}

export interface CommitRate {
  commits: number;
  seconds: number;
  commitsPerSecond: number;
  concurrency: number;
  dialect: SqlStore['dialect'];
}

/**
 * Commits single-row insert transactions into a scratch collection (removed afterwards) and reports
 * the rate. The store must be migrated.
 */
export async function measureCommitRate(store: SqlStore, options: CommitRateOptions): Promise<CommitRate> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    throw new PlatformError('VALIDATION', 'concurrency must be an integer 1..1000', {
      details: { field: 'concurrency' },
    });
  }
  const { count, seconds } = options;
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new PlatformError('VALIDATION', 'count must be a positive integer', {
      details: { field: 'count' },
    });
  }
  if (count === undefined && (seconds === undefined || !(seconds > 0))) {
    throw new PlatformError('VALIDATION', 'give seconds > 0 or a count', { details: { field: 'seconds' } });
  }
  const collection = `__calibration_${randomBytes(6).toString('hex')}`;
  const started = performance.now();
  const deadline = started + (seconds ?? 0) * 1000;
  let issued = 0;
  let commits = 0;
  const more = () => (count !== undefined ? issued < count : performance.now() < deadline);
  const worker = async () => {
    while (more()) {
      const id = String(issued++).padStart(12, '0');
      await store.transaction((tx) => tx.documents.insert({ collection, id, data: { id } }));
      commits++;
    }
  };
  let elapsed: number;
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    elapsed = (performance.now() - started) / 1000;
  } finally {
    await store.db.deleteFrom('documents').where('collection', '=', collection).execute();
  }
  return {
    commits,
    seconds: elapsed,
    commitsPerSecond: commits / elapsed,
    concurrency,
    dialect: store.dialect,
  };
}
