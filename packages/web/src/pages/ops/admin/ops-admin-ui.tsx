// Small pieces the people-and-money sections share: whether the signed-in staff member is an admin (and
// a guard for admin-only sections), dates written alike, a paged list loaded on demand, the line that
// says what an action did, and the `?tenantId=` scope of the cross-organisation lists.
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { Page } from '@waooaw/server/contracts';
import { ErrorAlert } from '../../../components/error-alert.js';
import { useSession } from '../../../session.js';

export function useIsAdmin(): boolean {
  return useSession()?.user.role === 'admin';
}

/** `2026-12-06 07:16 UTC`: staff compare times across time zones, so the console writes UTC. */
export function when(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

/** Pages of a listing, newest first, fetched as the operator asks for more. */
export function usePaged<T>(key: QueryKey, load: (cursor: string | undefined) => Promise<Page<T>>) {
  const query = useInfiniteQuery({
    queryKey: ['ops', ...key],
    queryFn: ({ pageParam }) => load(pageParam || undefined),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** Loading, error, empty and "load more" around a paged table. */
export function PagedState({
  query,
  count,
  empty,
}: {
  query: ReturnType<typeof usePaged>['query'];
  count: number;
  empty: string;
}) {
  return (
    <>
      {query.error && <ErrorAlert error={query.error} />}
      {query.isPending && <p className="muted small">Loading…</p>}
      {query.isSuccess && count === 0 && <p className="muted">{empty}</p>}
      {query.hasNextPage && (
        <button
          type="button"
          className="btn btn-ghost"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}

/** What the last action did (read out by screen readers), or its error. */
export function ActionStatus({ done, error }: { done?: string | undefined; error?: unknown }) {
  return (
    <div role="status" aria-live="polite" className="ops-action-status">
      {error ? <ErrorAlert error={error} /> : done ? <p className="alert alert-ok">{done}</p> : null}
    </div>
  );
}

/** Admin-only sections: an operator who follows a link sees why instead of a refused request. */
export function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  if (useIsAdmin()) return <>{children}</>;
  return (
    <section aria-labelledby="ops-admin-only">
      <h1 id="ops-admin-only">{title}</h1>
      <p className="muted">Only admins can open this section.</p>
    </section>
  );
}

/** `?tenantId=` narrows a cross-organisation list to one organisation (linked from its detail page). */
export function useTenantScope(): { tenantId: string; banner: ReactNode } {
  const [params] = useSearchParams();
  const tenantId = params.get('tenantId') ?? '';
  const { pathname } = useLocation();
  const banner = tenantId ? (
    <p className="small">
      Only organisation <Link to={`/ops/tenants/${tenantId}`}>{tenantId}</Link> ·{' '}
      <Link to={pathname}>Show every organisation</Link>
    </p>
  ) : null;
  return { tenantId, banner };
}
