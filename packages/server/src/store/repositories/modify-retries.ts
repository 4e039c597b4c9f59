// The retry loop of read-modify-write (`modify`) shared by the documents and the typed tables.
import { PlatformError, isPlatformError } from '../../errors.js';
import type { SqlContext } from '../sql-context.js';

/**
 * Runs `attempt` (one transaction) again while it fails with CONFLICT, `attempts` times at most
 * (1..100, default 5; VALIDATION otherwise) — except inside a caller's transaction, which must be
 * retried as a whole. Any other error is rethrown at once.
 */
export async function withModifyRetries<T>(
  ctx: SqlContext,
  attempts: number | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  const max = attempts ?? 5;
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw new PlatformError('VALIDATION', 'attempts must be an integer 1..100', {
      details: { field: 'attempts' },
    });
  }
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(isPlatformError(err, 'CONFLICT') && n < max && !ctx.inTransaction)) throw err;
    }
  }
}
