// Ids are a port so that tests and the pure workflow interpreter get repeatable values.
import { randomBytes } from 'node:crypto';

export interface Ids {
  /** A new unique id, time-ordered (sorts by creation), optionally prefixed (`run_…`). */
  next(prefix?: string): string;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number): string {
  let out = '';
  let n = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

/** Random bytes drawn in bulk: one `randomBytes` call per 256 ids rather than one per id. */
const POOL_BYTES = 16 * 256;

/**
 * ULID-style ids: 10 chars of time + 16 of randomness, monotonic within one millisecond so that ids
 * made in a burst still sort in creation order (cursor pagination relies on it).
 */
export function createIds(now: () => number = Date.now): Ids {
  let lastMs = -1;
  let lastTime = '';
  const lastRand = new Uint8Array(16);
  let pool = randomBytes(POOL_BYTES);
  let poolAt = 0;
  return {
    next(prefix) {
      const ms = now();
      if (ms === lastMs) {
        // Increment the random part as a base-32 number.
        for (let i = lastRand.length - 1; i >= 0; i--) {
          const v = lastRand[i]! + 1;
          if (v < 32) {
            lastRand[i] = v;
            break;
          }
          lastRand[i] = 0;
        }
      } else {
        lastMs = ms;
        lastTime = encodeTime(ms);
        if (poolAt === POOL_BYTES) {
          pool = randomBytes(POOL_BYTES);
          poolAt = 0;
        }
        for (let i = 0; i < 16; i++) lastRand[i] = pool[poolAt++]! % 32;
      }
      let id = lastTime;
      for (let i = 0; i < 16; i++) id += ALPHABET[lastRand[i]!];
      return prefix ? `${prefix}_${id}` : id;
    },
  };
}

/** Deterministic ids for tests: `prefix_000001`, `prefix_000002`, … */
export function createSequentialIds(): Ids {
  let n = 0;
  return {
    next(prefix) {
      n += 1;
      const id = String(n).padStart(6, '0');
      return prefix ? `${prefix}_${id}` : id;
    },
  };
}
