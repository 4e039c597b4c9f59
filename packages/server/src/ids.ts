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
  const lastRand = new Uint8Array(16);
  let pool = randomBytes(POOL_BYTES);
  let poolAt = 0;
  // The encoded time and the random part are kept as strings: a burst in one millisecond (a batch
  // publish makes thousands) re-encodes only the characters its increment changed.
  let timePart = '';
  let randPart = '';
  return {
    next(prefix) {
      const ms = now();
      if (ms === lastMs) {
        // Increment the random part as a base-32 number.
        let i = lastRand.length - 1;
        for (; i >= 0; i--) {
          const v = lastRand[i]! + 1;
          if (v < 32) {
            lastRand[i] = v;
            break;
          }
          lastRand[i] = 0;
        }
        const from = Math.max(i, 0);
        let tail = '';
        for (let j = from; j < lastRand.length; j++) tail += ALPHABET[lastRand[j]!];
        randPart = randPart.slice(0, from) + tail;
      } else {
        lastMs = ms;
        timePart = encodeTime(ms);
        if (poolAt === POOL_BYTES) {
          pool = randomBytes(POOL_BYTES);
          poolAt = 0;
        }
        randPart = '';
        for (let i = 0; i < 16; i++) {
          lastRand[i] = pool[poolAt++]! % 32;
          randPart += ALPHABET[lastRand[i]!];
        }
      }
      const id = timePart + randPart;
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
