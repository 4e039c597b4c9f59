// Filtering and cursor pagination of dead letters, shared by the adapters that list in memory.
import { PlatformError } from '../errors.js';
import type { DeadLetter, DeadLetterQueue } from './bus.js';

export type ListOptions = NonNullable<Parameters<DeadLetterQueue['list']>[0]>;

/** Page size: 1..1000, default 50; VALIDATION otherwise. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new PlatformError('VALIDATION', 'Invalid dead-letter listing: limit must be an integer 1–1000', {
      details: { field: 'limit' },
    });
  }
  return limit;
}

/** Dead letters in id order, filtered by group and reason, after `cursor` (the last id of the previous page). */
export function listDeadLetters(
  all: DeadLetter[],
  options: ListOptions,
): { items: DeadLetter[]; nextCursor?: string } {
  const limit = pageLimit(options.limit);
  const sorted = all
    .filter(
      (d) =>
        (options.group === undefined || d.group === options.group) &&
        (options.reason === undefined || d.reason === options.reason),
    )
    .filter((d) => options.cursor === undefined || d.id > options.cursor)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const items = sorted.slice(0, limit);
  return sorted.length > limit ? { items, nextCursor: items[items.length - 1]!.id } : { items };
}

/** The regular expression of `retryMatching`: a string is taken as a pattern source (VALIDATION when invalid). */
export function toRegExp(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  try {
    return new RegExp(pattern);
  } catch (cause) {
    throw new PlatformError('VALIDATION', `Invalid pattern: ${(cause as Error).message}`, {
      details: { field: 'pattern' },
      cause,
    });
  }
}

/** Predicate: the dead letter's last error message or its reason matches. */
export function matchesDeadLetter(pattern: RegExp | string): (d: DeadLetter) => boolean {
  const re = toRegExp(pattern);
  return (d) => re.test(d.reason) || re.test(d.errors[d.errors.length - 1]?.message ?? '');
}
