// The marketplace: industry tabs with counts, search, filters, sort, the agent grid with "load more",
// and the live activity feed. Filter state lives in the URL so a filtered view can be shared.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useOutletContext, useSearchParams } from 'react-router';
import type { CatalogueFacets, CatalogueQuery, CatalogueSort, Industry } from '@waooaw/server/contracts';
import type { ShellContext } from '../app.js';
import { ActivityFeed } from '../components/activity-feed.js';
import { AgentCard } from '../components/agent-card.js';
import { ErrorAlert } from '../components/error-alert.js';
import { formatMoney } from '../format.js';
import { Icon } from '../components/icon.js';
import { engagementsOf, publicQueries, userQueries } from '../queries.js';
import { useSession } from '../session.js';

const PAGE_SIZE = 12;
/** Searches the box suggests; each must find agents (a browser test checks). */
export const SEARCH_EXAMPLES = ['SEO', 'JEE', 'cold email'] as const;
const ratingFilters = [
  { value: '4.5', label: '4.5 stars or more' },
  { value: '4', label: '4 stars or more' },
  { value: '3', label: '3 stars or more' },
];
const industries: { id: Industry | 'all'; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'marketing', label: 'Marketing' },
  { id: 'education', label: 'Education' },
  { id: 'sales', label: 'Sales' },
];
const sorts: { id: CatalogueSort | ''; label: string }[] = [
  { id: '', label: 'Featured' },
  { id: 'top_rated', label: 'Top rated' },
  { id: 'price_asc', label: 'Lowest price' },
  { id: 'price_desc', label: 'Highest price' },
  { id: 'popular', label: 'Most popular' },
];
const filterKeys = ['industry', 'q', 'specialty', 'skill', 'status', 'minRating', 'price', 'sort'] as const;
type Filters = Record<(typeof filterKeys)[number], string>;

/** Price buckets from the catalogue's price range, e.g. "Under ₹10,000", "₹10,000–₹15,000". */
function priceBuckets(
  facets: CatalogueFacets | undefined,
): { id: string; label: string; min?: number; max?: number }[] {
  if (!facets) return [];
  const { min, max, currency } = facets.price;
  if (!(max > min)) return [];
  const step = Math.max(1000, Math.round((max - min) / 3 / 1000) * 1000);
  const a = Math.round((min + step) / 1000) * 1000;
  const b = a + step;
  return [
    { id: `-${a}`, label: `Under ${formatMoney(a, currency)}`, max: a - 1 },
    { id: `${a}-${b}`, label: `${formatMoney(a, currency)}–${formatMoney(b, currency)}`, min: a, max: b },
    { id: `${b + 1}-`, label: `Over ${formatMoney(b, currency)}`, min: b + 1 },
  ];
}

/** Why nothing matches, in words, for each filter that could be the cause. */
function emptyReasons(f: Filters): string[] {
  const reasons: string[] = [];
  if (f.minRating)
    reasons.push(
      `No agent is rated ${f.minRating} stars or more yet: ratings come only from customers who hired an agent.`,
    );
  if (f.q.trim())
    reasons.push(
      `No agent matches “${f.q.trim()}”. Try a simpler word, such as ${SEARCH_EXAMPLES.map((x) => `“${x}”`).join(', ')}.`,
    );
  if (f.status) reasons.push(`No agent is ${f.status} right now.`);
  if (f.price) reasons.push('No agent is priced in that range.');
  if (reasons.length === 0) reasons.push('No agent matches these filters.');
  return reasons;
}

function toQuery(f: Filters, buckets: ReturnType<typeof priceBuckets>): CatalogueQuery {
  const q: CatalogueQuery = { limit: PAGE_SIZE };
  if (f.industry && f.industry !== 'all') q.industry = f.industry as Industry;
  if (f.q.trim()) q.q = f.q.trim();
  if (f.specialty) q.specialty = f.specialty;
  if (f.skill) q.skill = f.skill;
  if (f.status) q.status = f.status as NonNullable<CatalogueQuery['status']>;
  if (f.minRating) q.minRating = Number(f.minRating);
  if (f.sort) q.sort = f.sort as CatalogueSort;
  const bucket = buckets.find((b) => b.id === f.price);
  if (bucket?.min !== undefined) q.minPrice = bucket.min;
  if (bucket?.max !== undefined) q.maxPrice = bucket.max;
  return q;
}

export function MarketplacePage() {
  const { onOnline } = useOutletContext<ShellContext>();
  const session = useSession();
  const [query, setQuery] = useSearchParams();
  const filters = useMemo(
    () => Object.fromEntries(filterKeys.map((k) => [k, query.get(k) ?? ''])) as Filters,
    [query],
  );
  const [search, setSearch] = useState(filters.q);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const facets = useQuery(publicQueries.facets());
  const dashboard = useQuery({ ...userQueries.dashboard(session?.user.id ?? ''), enabled: !!session });
  const engagements = useMemo(() => engagementsOf(dashboard.data), [dashboard.data]);
  const buckets = useMemo(() => priceBuckets(facets.data), [facets.data]);
  // While a new filter loads, the previous cards stay on screen (marked busy) instead of blinking out.
  const agents = useInfiniteQuery({
    ...publicQueries.agents(toQuery(filters, buckets)),
    placeholderData: keepPreviousData,
  });
  const pages = agents.data?.pages ?? [];
  const page = pages[pages.length - 1];
  const items = useMemo(() => pages.flatMap((p) => p.items), [pages]);
  const loading = agents.isPending || agents.isPlaceholderData;
  const error = agents.error ?? undefined;
  const firstNewCard = useRef<number | undefined>(undefined);

  const online = agents.isPlaceholderData ? undefined : pages[0]?.online;
  useEffect(() => {
    if (online !== undefined) onOnline(online);
  }, [online, onOnline]);

  // From the current URL, not this render's: the debounced search must not undo a filter set since.
  const setFilter = (key: keyof Filters, value: string) => {
    setQuery(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  // Debounce typing into the URL (and so into the query).
  useEffect(() => {
    if (search === filters.q) return;
    const id = window.setTimeout(() => setFilter('q', search), 250);
    return () => window.clearTimeout(id);
  }, [search]);

  const loadMore = () => {
    firstNewCard.current = items.length;
    void agents.fetchNextPage();
  };

  // After "load more", move focus to the first new card so keyboard users continue from there.
  useEffect(() => {
    if (firstNewCard.current === undefined) return;
    const rows = document.querySelectorAll('[data-testid="agent-grid"] > li');
    const el = rows.item(firstNewCard.current)?.querySelector<HTMLElement>('a');
    firstNewCard.current = undefined;
    el?.focus();
  }, [items.length]);

  const counts = page?.counts;
  const activeIndustry = filters.industry || 'all';
  const specialties = (facets.data?.specialties ?? []).filter(
    (s) => activeIndustry === 'all' || s.industry === activeIndustry,
  );
  const remaining = page ? Math.max(0, page.total - items.length) : 0;

  const clearAll = () => {
    setSearch('');
    setQuery(filters.industry ? { industry: filters.industry } : {}, { replace: true });
  };
  const activeFilters = filterKeys.filter(
    (k) => k !== 'industry' && k !== 'q' && k !== 'sort' && filters[k],
  ).length;

  return (
    <div className="market">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">
          Agents <span className="grad">earn your business</span>
        </h1>
        <p>
          Specialised AI agents for marketing, education and sales. Watch a live demo on your own input, try
          any agent free for 7 days, and keep every deliverable — even if you cancel.
        </p>
      </section>
      <aside className="market-feed" aria-label="Live activity">
        <ActivityFeed compact />
      </aside>

      <div className="tabs" role="group" aria-label="Industry">
        {industries.map((ind) => (
          <button
            key={ind.id}
            type="button"
            aria-pressed={activeIndustry === ind.id}
            onClick={() => setFilter('industry', ind.id === 'all' ? '' : ind.id)}
            className="tab"
            data-industry={ind.id}
          >
            {ind.label}
            <span className="count">{counts ? counts[ind.id] : '…'}</span>
          </button>
        ))}
      </div>

      <form
        className="filters"
        role="search"
        aria-label="Filter agents"
        onSubmit={(e) => e.preventDefault()}
        data-open={filtersOpen}
      >
        <div className="field field-search">
          <label htmlFor="f-q">Search</label>
          <input
            id="f-q"
            type="search"
            maxLength={200}
            placeholder={`Try ${SEARCH_EXAMPLES.map((x) => `“${x}”`).join(', ')}…`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="btn btn-ghost filters-toggle"
          aria-expanded={filtersOpen}
          aria-controls="more-filters"
          onClick={() => setFiltersOpen(!filtersOpen)}
        >
          <Icon name="chevron" /> Filters{activeFilters ? ` (${activeFilters})` : ''}
        </button>
        <div className="filters-extra" id="more-filters">
          <div className="field">
            <label htmlFor="f-specialty">Specialty</label>
            <select
              id="f-specialty"
              value={filters.specialty}
              onChange={(e) => setFilter('specialty', e.target.value)}
            >
              <option value="">Any</option>
              {specialties.map((s) => (
                <option key={`${s.industry}-${s.specialty}`} value={s.specialty}>
                  {s.specialty}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-skill">Skill</label>
            <select id="f-skill" value={filters.skill} onChange={(e) => setFilter('skill', e.target.value)}>
              <option value="">Any</option>
              {(facets.data?.skills ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-rating">Rating</label>
            <select
              id="f-rating"
              value={filters.minRating}
              onChange={(e) => setFilter('minRating', e.target.value)}
            >
              <option value="">Any</option>
              {ratingFilters.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-price">Price / month</label>
            <select id="f-price" value={filters.price} onChange={(e) => setFilter('price', e.target.value)}>
              <option value="">Any</option>
              {buckets.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-status">Status</label>
            <select
              id="f-status"
              value={filters.status}
              onChange={(e) => setFilter('status', e.target.value)}
            >
              <option value="">Any</option>
              <option value="available">Available</option>
              <option value="working">Working</option>
              <option value="offline">Offline</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-sort">Sort by</label>
            <select id="f-sort" value={filters.sort} onChange={(e) => setFilter('sort', e.target.value)}>
              {sorts.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </form>

      <ErrorAlert error={error} />
      <p className="result-line" aria-live="polite">
        <span data-testid="result-count">
          {loading ? 'Loading agents…' : `${page?.total ?? 0} agent${page?.total === 1 ? '' : 's'} match`}
        </span>
        {filterKeys.some((k) => k !== 'industry' && filters[k]) && (
          <button type="button" className="btn btn-sm btn-ghost" onClick={clearAll}>
            Clear filters
          </button>
        )}
      </p>

      {!loading && items.length === 0 && !error && (
        <div className="empty" data-testid="empty-state">
          {emptyReasons(filters).map((reason) => (
            <p key={reason}>{reason}</p>
          ))}
          <div className="row center">
            {filters.minRating && (
              <button type="button" className="btn btn-sm" onClick={() => setFilter('minRating', '')}>
                Remove the rating filter
              </button>
            )}
            <button type="button" className="btn btn-sm btn-primary" onClick={clearAll}>
              Clear all filters
            </button>
          </div>
        </div>
      )}
      <ul className="grid" aria-busy={loading} data-testid="agent-grid">
        {items.map((a) => (
          <li key={a.id}>
            <AgentCard agent={a} signedIn={!!session} engagement={engagements.get(a.id)} />
          </li>
        ))}
      </ul>
      {agents.hasNextPage && (
        <div className="load-more">
          <button type="button" className="btn" onClick={loadMore} disabled={agents.isFetchingNextPage}>
            {agents.isFetchingNextPage ? 'Loading…' : `Load ${Math.min(PAGE_SIZE, remaining)} more`}
          </button>
        </div>
      )}
    </div>
  );
}
