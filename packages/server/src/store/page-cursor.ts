// Opaque page cursors shared by every listing of the store: base64url JSON naming the listing it was
// issued for (a collection or a table), the order and the last id seen. Ids are time-ordered, so
// "after this id" pages through a listing in creation order without offsets.
import { PlatformError } from '../errors.js';

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor?: string;
}

interface CursorState {
  c: string;
  o: 'asc' | 'desc';
  id: string;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;

/** The cursor that continues `listing` in `order` after `id`. */
export function encodeCursor(listing: string, order: 'asc' | 'desc', id: string): string {
  const state: CursorState = { c: listing, o: order, id };
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** The last id a cursor saw; BAD_REQUEST when malformed or issued for another listing or order. */
export function decodeCursor(cursor: string, listing: string, order: 'asc' | 'desc', noun: string): string {
  const bad = (why: string) =>
    new PlatformError('BAD_REQUEST', `cursor is not valid for this listing: ${why}`, {
      details: { field: 'cursor' },
    });
  if (
    typeof cursor !== 'string' ||
    cursor.length === 0 ||
    cursor.length > 2048 ||
    !/^[A-Za-z0-9_-]+$/.test(cursor)
  )
    throw bad('malformed');
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('malformed');
  }
  const s = state as Partial<CursorState> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.id !== 'string' ||
    typeof s.c !== 'string' ||
    (s.o !== 'asc' && s.o !== 'desc')
  ) {
    throw bad('malformed');
  }
  if (s.c !== listing) throw bad(`it belongs to another ${noun}`);
  if (s.o !== order) throw bad(`it was issued for order '${s.o}'`);
  return s.id;
}

/** VALIDATION unless `limit` is an integer 1..1000; the default when absent. */
export function pageLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_LIMIT) {
    throw new PlatformError('VALIDATION', `limit must be an integer 1..${MAX_PAGE_LIMIT}`, {
      details: { field: 'limit' },
    });
  }
  return n;
}

/** VALIDATION unless `order` is 'asc' or 'desc'; 'asc' when absent. */
export function pageOrder(order: string | undefined): 'asc' | 'desc' {
  const o = order ?? 'asc';
  if (o !== 'asc' && o !== 'desc') {
    throw new PlatformError('VALIDATION', "order must be 'asc' or 'desc'", { details: { field: 'order' } });
  }
  return o;
}

/** Cuts `limit + 1` rows read in order to one page, with the cursor to the next when there is one. */
export function toPage<T extends { id: string }>(
  rows: T[],
  limit: number,
  listing: string,
  order: 'asc' | 'desc',
): { items: T[]; nextCursor?: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last
    ? { items, nextCursor: encodeCursor(listing, order, last.id) }
    : { items };
}
