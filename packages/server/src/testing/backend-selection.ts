// Which adapters the store, bus and repository suites run against, chosen like Kysely's test matrix:
// `STORES=sqlite,postgres BUSES=memory,redis` (absent: every one). Read by the global setup (what to
// start) and by the suites (see backends.ts); free of vitest so the global setup can use it.

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export const BUS_KINDS = ['memory', 'redis'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];
export type BusKind = (typeof BUS_KINDS)[number];

function parseList<K extends string>(name: string, value: string | undefined, known: readonly K[]): K[] {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 0) return [...known];
  const unknown = items.filter((i) => !known.includes(i as K));
  if (unknown.length)
    throw new Error(`${name}=${value}: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return known.filter((k) => items.includes(k));
}

/** The backends STORES and BUSES select (every one when unset); throws on an unknown name. */
export function selectedBackends(env: Record<string, string | undefined> = process.env): {
  stores: StoreKind[];
  buses: BusKind[];
} {
  return {
    stores: parseList('STORES', env.STORES, STORE_KINDS),
    buses: parseList('BUSES', env.BUSES, BUS_KINDS),
  };
}

export const isCi = (env: Record<string, string | undefined> = process.env): boolean =>
  ['1', 'true'].includes(String(env.CI).toLowerCase());

/**
 * Whether a selected backend can run: `available` says if this run started it. Unselected → false;
 * selected but unavailable → false with a printed reason, or an Error under CI=true.
 */
export function backendRuns(
  kind: StoreKind | BusKind,
  selected: boolean,
  available: boolean,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (!selected) return false;
  if (available) return true;
  if (isCi(env)) throw new Error(`CI=true: the selected backend ${kind} is not available in this run`);
  process.stderr.write(`[backends] ${kind} selected but not available here: its suites are skipped\n`);
  return false;
}
